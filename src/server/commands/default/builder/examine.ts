/**
 * `examine [<obj>]` (`ex`): everything a builder needs to know about an object — key, id,
 * typeclass, where it is, home, destination, aliases, permissions, locks, tags, attributes,
 * contents, cmdsets and who plays it. Every stored string is neutralised.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand, MAX_TARGETS } from './builder-command.ts';
import { showValue } from './set.ts';

/** Longest attribute value shown in full; longer ones are cut (the builder can `set` to read). */
const SHOWN_VALUE_LENGTH = 200;

export class CmdExamine extends BuilderCommand {
  override key = 'examine';
  override aliases = ['ex', 'exam'];
  override help = `
    Show the details of an object, or of the room you are in.

    Usage:
      examine [<object>]
  `;

  func(): void {
    const query = this.args.trim();
    const obj = query === '' ? this.me.location : this.find(query);
    if (obj === null) {
      if (query === '') this.msg('You are nowhere; examine what?');
      return;
    }
    if (!obj.locks.check(this.me, 'examine')) {
      this.msg(`You may not examine ${obj.getDisplayName(this.me)}.`);
      return;
    }
    this.msg(this.report(obj).join('\n'));
  }

  private report(obj: DefaultObject): string[] {
    const ref = (o: DefaultObject | null): string =>
      o === null ? '--' : `${o.getDisplayName(null)}(#${o.id})`;
    const lines = [
      `|wName/key|n: ${neutralise(obj.key)} (#${obj.id})`,
      `|wTypeclass|n: ${obj.typeclass}`,
      `|wLocation|n: ${ref(obj.location)}`,
      `|wHome|n: ${ref(obj.home)}`,
    ];
    if (obj.destination !== null) lines.push(`|wDestination|n: ${ref(obj.destination)}`);
    const aliases = obj.aliases.all();
    if (aliases.length > 0) lines.push(`|wAliases|n: ${aliases.map(neutralise).join(', ')}`);
    if (obj.permissions.length > 0) {
      lines.push(`|wPermissions|n: ${obj.permissions.map(neutralise).join(', ')}`);
    }
    if (obj.account !== null) lines.push(`|wPuppeted by|n: ${neutralise(obj.account.name)}`);
    lines.push(`|wLocks|n: ${neutralise(obj.locks.toString()).replaceAll(';', '; ')}`);
    const tags = obj.tags
      .categories()
      .filter((c) => c !== 'alias' && c !== 'permission')
      .flatMap((c) => obj.tags.all(c).map((t) => (c === '' ? t : `${t}[${c}]`)));
    if (tags.length > 0) lines.push(`|wTags|n: ${tags.map(neutralise).join(', ')}`);
    const cmdsets = obj.cmdset.all().map((s) => `${neutralise(s.key)} (${s.priority})`);
    if (cmdsets.length > 0) lines.push(`|wCmdsets|n: ${cmdsets.join(', ')}`);
    const attributes = obj.attributes.all().filter((a) => a.category !== 'system');
    if (attributes.length > 0) {
      lines.push('|wAttributes|n:');
      for (const a of attributes) {
        const name = a.category === '' ? a.name : `${a.name}[${a.category}]`;
        lines.push(`  ${neutralise(name)} = ${cut(showValue(a.value))}`);
      }
    }
    const contents = obj.contents;
    if (contents.length > 0) {
      const shown = contents.slice(0, MAX_TARGETS * 5).map(ref);
      const more = contents.length - shown.length;
      lines.push(`|wContents|n: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
    }
    return lines;
  }
}

function cut(text: string): string {
  return text.length <= SHOWN_VALUE_LENGTH ? text : `${text.slice(0, SHOWN_VALUE_LENGTH)}…`;
}
