/** `describe <obj> = <text>`: a builder sets what `look` shows of a room, thing or exit. */
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand } from './builder-command.ts';
import { splitEquals } from './names.ts';

/** Longest description (Evennia has none; a bound keeps one command from storing megabytes). */
export const MAX_DESCRIBE_LENGTH = 10_000;

export class CmdDescribe extends BuilderCommand {
  override key = 'describe';
  override help = `
    Set the description of a room, thing or exit (what \`look\` shows). Line breaks may be
    written as |/.

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
      const desc = obj.db.desc;
      this.msg(
        typeof desc === 'string' ? `${name}: ${neutralise(desc)}` : `${name} has no description.`,
      );
      return;
    }
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to describe ${name}.`);
      return;
    }
    if (right.length > MAX_DESCRIBE_LENGTH) {
      this.msg(`That description is too long (at most ${MAX_DESCRIBE_LENGTH} characters).`);
      return;
    }
    // `|/` is the markup for a line break; descriptions keep line breaks (getDisplayDesc).
    obj.db.desc = right.replaceAll('|/', '\n');
    this.msg(`The description was set on ${name}.`);
  }
}
