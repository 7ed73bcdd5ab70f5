/**
 * `examine [<obj>]` (`ex`): everything a builder needs to know about an object — key, id,
 * typeclass, where it is, home, destination, aliases, permissions, who plays it (with their
 * permissions and whether they quelled), locks, tags, cmdsets, scripts, attributes (with their
 * categories, and the non-persistent ones), exits, characters and other contents. Every
 * stored string is neutralised. It is a two-column table (text-ui/table.ts): a long value
 * wraps within its column at the client's width, and a screen reader hears "field: value".
 */
import type { DefaultObject } from '../../../objects/object.ts';
import type { Script } from '../../../scripts/script.ts';
import { WaystoneError } from '../../../../shared/errors.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand, MAX_TARGETS } from './builder-command.ts';
import { showValue } from './set.ts';
import { plainTags, showTag } from './tags.ts';

/** The longest field name ('Non-persistent'): no field name wraps. */
const FIELD_WIDTH = 14;

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
    const rows = this.report(obj);
    this.msg(
      this.table({
        columns: [{ header: 'field', minWidth: FIELD_WIDTH }, { header: 'value' }],
        rows,
        headerRow: false,
      }),
    );
  }

  /** [field, value] rows; a field of its own ('Attributes') heads the indented rows after it. */
  private report(obj: DefaultObject): Array<[string, string]> {
    const ref = (o: DefaultObject | null): string =>
      o === null ? '--' : `${o.getDisplayName(null)}(#${o.id})`;
    const lines: Array<[string, string]> = [];
    const add = (field: string, value: string) => lines.push([`|w${field}|n`, value]);
    add('Name/key', `${neutralise(obj.key)} (#${obj.id})`);
    add('Typeclass', neutralise(obj.typeclass));
    add('Location', ref(obj.location));
    add('Home', ref(obj.home));
    if (obj.destination !== null) add('Destination', ref(obj.destination));
    const aliases = obj.aliases.all();
    if (aliases.length > 0) add('Aliases', aliases.map(neutralise).join(', '));
    if (obj.permissions.length > 0) add('Permissions', obj.permissions.map(neutralise).join(', '));
    const account = obj.account;
    if (account !== null) {
      const perms = account.permissions.map(neutralise).join(', ') || 'none';
      const flags = [account.isSuperuser ? 'superuser' : '', account.quelled ? 'quelled' : '']
        .filter((f) => f !== '')
        .join(', ');
      add(
        'Puppeted by',
        `${neutralise(account.name)} (permissions: ${perms}${flags === '' ? '' : `; ${flags}`}), ${obj.sessions.count} session(s)`,
      );
    }
    add('Locks', neutralise(obj.locks.toString()).replaceAll(';', '; '));
    const tags = plainTags(obj).map((t) => showTag(t.tag, t.category));
    if (tags.length > 0) add('Tags', tags.join(', '));
    const cmdsets = obj.cmdset.all().map((s) => `${neutralise(s.key)} (${s.priority})`);
    if (cmdsets.length > 0) add('Cmdsets', cmdsets.join(', '));
    const scripts = scriptsOf(obj).map(showScript);
    if (scripts.length > 0) add('Scripts', scripts.join(', '));
    const attributes = obj.attributes.all().filter((a) => a.category !== 'system');
    if (attributes.length > 0) {
      add('Attributes', '');
      for (const a of attributes) {
        const name = a.category === '' ? a.name : `${a.name}[${a.category}]`;
        lines.push([`  ${neutralise(name)}`, cut(showValue(a.value))]);
      }
    }
    const ndb = Object.entries(obj.ndb);
    if (ndb.length > 0) {
      add('Non-persistent', '');
      for (const [name, value] of ndb.slice(0, MAX_TARGETS * 5)) {
        lines.push([`  ${neutralise(name)}`, cut(showLoose(value))]);
      }
    }
    const contents = obj.contents;
    const groups: Array<[string, DefaultObject[]]> = [
      ['Exits', contents.filter((o) => o.kind === 'exit' || o.destination !== null)],
      ['Characters', contents.filter((o) => o.isCharacter)],
    ];
    const grouped = new Set(groups.flatMap(([, list]) => list));
    groups.push(['Contents', contents.filter((o) => !grouped.has(o))]);
    for (const [label, list] of groups) {
      if (list.length === 0) continue;
      const shown = list.slice(0, MAX_TARGETS * 5).map(ref);
      const more = list.length - shown.length;
      add(label, `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
    }
    return lines;
  }
}

/** Its scripts; none where no scripts run (a world without the timekeeping layer). */
function scriptsOf(obj: DefaultObject): Script[] {
  try {
    return obj.scripts.all();
  } catch (err) {
    if (err instanceof WaystoneError && err.code === 'SCRIPT_INVALID') return [];
    throw err;
  }
}

/** `toll (Toll, every 60s, next in 12s, 3 left)`, as Evennia's examine lists scripts. */
function showScript(script: Script): string {
  const facts = [neutralise(script.typeclass)];
  if (script.interval > 0) facts.push(`every ${script.interval}s`);
  const next = script.timeUntilNextRepeat();
  if (script.isPaused) facts.push('paused');
  else if (next !== null) facts.push(`next in ${Math.round(next)}s`);
  const left = script.remainingRepeats;
  if (left !== null) facts.push(`${left} left`);
  return `${neutralise(script.key)} (${facts.join(', ')})`;
}

/** An ndb value: anything at all, so shown as JSON when it can be, else by its type. */
function showLoose(value: unknown): string {
  try {
    return showValue(value);
  } catch {
    return neutralise(
      `<${typeof value === 'object' && value !== null ? value.constructor.name : typeof value}>`,
    );
  }
}

function cut(text: string): string {
  return text.length <= SHOWN_VALUE_LENGTH ? text : `${text.slice(0, SHOWN_VALUE_LENGTH)}…`;
}
