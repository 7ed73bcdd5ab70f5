/**
 * `DefaultCharacter`: an object a player puppets. It cannot be picked up, and the puppeting
 * layer (and the hooks it calls: atPrePuppet, atPostPuppet, atPostUnpuppet) gives it life;
 * `charcreate` adds a `puppet` lock naming its account.
 */
import { isArticle, type Article } from './articles.ts';
import { DefaultObject } from './object.ts';

export class DefaultCharacter extends DefaultObject {
  static override defaultLocks(id: number): string {
    return `${super.defaultLocks(id)};get:false();call:false()`;
  }

  override get isCharacter(): boolean {
    return true;
  }

  /** A character goes by its name ("Ann"), whatever its case, unless `db.article` says otherwise. */
  override getArticle(): Article {
    const chosen = this.db.article;
    return isArticle(chosen) ? chosen : '';
  }
}
