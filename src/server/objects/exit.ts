/**
 * `DefaultExit`: a way out of a room, leading to its `destination`. `traverse(traveller)`
 * checks the `traverse` lock and moves the traveller. `refreshCmdset()` gives it the exit
 * cmdset (priority 101) whose one command is its name and aliases, so typing `north` in the
 * room takes the exit; the Server calls it as each exit loads, and renaming an exit (`key = …`)
 * calls it again (after changing aliases, call it yourself).
 *
 *   traverse(traveller)
 *     traverse lock fails, or no destination → atFailedTraverse(traveller)   → false
 *     otherwise → atTraverse(traveller, destination): traveller.moveTo(destination)
 *       the move refused → atFailedTraverse(traveller)                        → false
 */
import { ExitCmdSet } from '../commands/default/character/exits.ts';
import { DefaultObject } from './object.ts';

export class DefaultExit extends DefaultObject {
  static override defaultLocks(id: number): string {
    return `${super.defaultLocks(id)};get:false();puppet:false();traverse:all()`;
  }

  override get kind(): 'exit' {
    return 'exit';
  }

  override get key(): string {
    return super.key;
  }

  override set key(key: string) {
    super.key = key;
    if (this.cmdset.has('ExitCmdSet')) this.refreshCmdset();
  }

  /** (Re)builds the exit's command from its current key and aliases (a temporary default set). */
  refreshCmdset(): void {
    this.cmdset.addDefault(new ExitCmdSet(this), { persistent: false });
  }

  async traverse(traveller: DefaultObject): Promise<boolean> {
    const target = this.destination;
    if (target === null || !this.locks.check(traveller, 'traverse', true)) {
      await this.atFailedTraverse(traveller);
      return false;
    }
    const moved = await this.atTraverse(traveller, target);
    if (!moved) await this.atFailedTraverse(traveller);
    return moved;
  }

  atTraverse(traveller: DefaultObject, target: DefaultObject): Promise<boolean> {
    return traveller.moveTo(target);
  }

  atFailedTraverse(traveller: DefaultObject): void | Promise<void> {
    traveller.msg('You cannot go there.');
  }
}
