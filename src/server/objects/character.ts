/**
 * `DefaultCharacter`: an object a player puppets. It cannot be picked up, and the puppeting
 * layer (and the hooks it calls: atPrePuppet, atPostPuppet, atPostUnpuppet) gives it life;
 * `charcreate` adds a `puppet` lock naming its account.
 */
import { DefaultObject } from './object.ts';

export class DefaultCharacter extends DefaultObject {
  static override defaultLocks(id: number): string {
    return `${super.defaultLocks(id)};get:false();call:false()`;
  }

  override get isCharacter(): boolean {
    return true;
  }
}
