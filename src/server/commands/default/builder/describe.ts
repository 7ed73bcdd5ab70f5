/**
 * Describing things: `describe <obj> = <text>` for builders, and the one place every command
 * that sets a description stores it (`desc`, character/desc.ts, uses it too). A description is
 * stored as its writer may write it (objects/authored-text.ts): a builder's as markup, with
 * colour and `|lc…|lt…|le` links; a player's neutralised, so it shows as typed.
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import type { GameServices } from '../../../game-services.ts';
import { authoredText, writesMarkup } from '../../../objects/authored-text.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import type { Command } from '../../command.ts';
import { BuilderCommand } from './builder-command.ts';
import { splitEquals } from './names.ts';

/** Longest description a builder may write (Evennia has none; a bound keeps one command small). */
export const MAX_DESCRIBE_LENGTH = 10_000;
/** Longest description anyone else may write. */
export const MAX_DESC_LENGTH = 2000;

/**
 * Stores `text` as `obj`'s description, written by `writer` (the caller's puppet). False, and
 * the caller told why, when it is too long for the writer. Permission is the caller's to check.
 */
export function setDescription(
  cmd: Command,
  services: GameServices,
  obj: DefaultObject,
  text: string,
  writer: DefaultObject,
): boolean {
  const max = writesMarkup(writer, services.objects) ? MAX_DESCRIBE_LENGTH : MAX_DESC_LENGTH;
  if (text.length > max) {
    cmd.msg(`That description is too long (at most ${max} characters).`);
    return false;
  }
  obj.db.desc = authoredText(text, writer, services.objects);
  return true;
}

/** A description as stored, for its editor to read: markup shown as written, line by line. */
export function storedDescription(obj: DefaultObject): string | null {
  const desc = obj.db.desc;
  if (typeof desc !== 'string') return null;
  return desc
    .split(/\r\n|\r|\n/)
    .map(neutralise)
    .join('\n');
}

export class CmdDescribe extends BuilderCommand {
  override key = 'describe';
  override help = `
    Set the description of a room, thing or exit (what \`look\` shows). It may hold colour
    (||rred||n, ||[Bon blue||n, ||500, ||#ff8800 …; ||n ends it), line breaks written as ||/,
    and links a player can click to send a command: ||lclook||ltLook around||le.
    \`desc <object> = <text>\` does the same.

    Usage:
      describe <object> = <text>
      describe <object>          show its description as stored
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    if (left === '') {
      this.msg('Usage: describe <object> = <text>');
      return;
    }
    const obj = this.find(left);
    if (obj === null) return;
    const name = obj.getDisplayName(this.me);
    if (right === null) {
      const desc = storedDescription(obj);
      this.msg(desc === null ? `${name} has no description.` : `${name}: ${desc}`);
      return;
    }
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to describe ${name}.`);
      return;
    }
    if (setDescription(this, this.services, obj, right, this.me)) {
      this.msg(`The description was set on ${name}.`);
    }
  }
}
