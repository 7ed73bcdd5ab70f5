/**
 * `find` (`locate`, `search`): look through the whole world, by name (a part of a name or
 * alias, or all of it with /exact), by `#id` or `#id` range, by typeclass (subclasses count)
 * or by tag, narrowed to rooms, exits or characters. Every object is in memory while the
 * Server runs (object-manager.ts), so this is a scan of memory, bounded in what it shows.
 */
import { DefaultCharacter } from '../../../objects/character.ts';
import { DefaultExit } from '../../../objects/exit.ts';
import type { DefaultObject, ObjectClass } from '../../../objects/object.ts';
import { DefaultRoom } from '../../../objects/room.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand, named } from './builder-command.ts';
import { inRange, parseDbrefRange, showRange, type DbrefRange } from './dbref-range.ts';
import { splitEquals } from './names.ts';
import { objectsTagged, parseTag, showTag } from './tags.ts';

/** Most objects one `find` lists. */
export const MAX_FOUND_LISTED = 50;

type Test = (obj: DefaultObject) => boolean;

const KINDS: ReadonlyArray<[string, ObjectClass, string]> = [
  ['room', DefaultRoom, 'rooms'],
  ['exit', DefaultExit, 'exits'],
  ['char', DefaultCharacter, 'characters'],
];

export class CmdFind extends BuilderCommand {
  override key = 'find';
  override aliases = ['locate', 'search'];
  override help = `
    Find objects anywhere in the world.

    Usage:
      find[/switches] <name>                   names or aliases containing it
      find[/switches] <name> = #<min>-#<max>   only ids in that range
      find #<id>  or  find #<min>-#<max>       by id
      find/typeclass <typeclass>               objects of that class (or a subclass)
      find/tag <tag>[:<category>]              objects carrying that tag
      find/room                                every room (or /exit, /char)

    Switches:
      room, exit, char   only rooms, exits or characters
      exact              the whole name or an alias, not a part
      startswith         names or aliases starting with it

    Examples:
      find bell
      find/room/startswith g
      find #1-#20
      find/tag iron:material
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    const kindOnly = KINDS.some(([word]) => this.switches.includes(word));
    if (left === '' && right === null && !kindOnly) {
      this.msg('Usage: find[/room|/exit|/char] <name or #id or #min-#max> [= #min-#max]');
      return;
    }
    let range: DbrefRange | null = null;
    if (right !== null) {
      range = parseDbrefRange(right, true);
      if (range === null) {
        this.msg(`'${neutralise(right)}' is not an id range; write it as #1-#20.`);
        return;
      }
    }
    const tests: Test[] = [];
    const described: string[] = [];
    const main = this.mainTest(left, described);
    if (typeof main === 'string') return this.msg(main);
    if (main !== null) tests.push(main);
    if (range !== null) {
      const r = range;
      tests.push((o) => inRange(o.id, r));
      described.push(showRange(r));
    }
    for (const [word, cls, plural] of KINDS) {
      if (this.switches.includes(word)) {
        tests.push((o) => o instanceof cls);
        described.push(plural);
      }
    }
    const found = this.services.objects.all().filter((o) => tests.every((t) => t(o)));
    this.report(found, described.join(', '));
  }

  /** The test the text before `=` asks for (null: none), or what is wrong with it. */
  private mainTest(text: string, described: string[]): Test | null | string {
    if (this.switches.includes('typeclass')) {
      const { typeclasses } = this.services.objects;
      if (!typeclasses.has(text)) {
        return `'${neutralise(text)}' is not a registered typeclass (typeclass/list shows them).`;
      }
      const cls = typeclasses.get(text);
      described.push(`typeclass ${neutralise(text)}`);
      return (o) => o instanceof cls;
    }
    if (this.switches.includes('tag')) {
      const spec = parseTag(text);
      if (typeof spec === 'string') return neutralise(spec);
      described.push(`tag ${showTag(spec.tag, spec.category)}`);
      const tagged = new Set(objectsTagged(this.services.objects.all(), spec));
      return (o) => tagged.has(o);
    }
    const range = parseDbrefRange(text);
    if (range !== null) {
      described.push(showRange(range));
      return (o) => inRange(o.id, range);
    }
    const id = /^#(\d{1,12})$/.exec(text);
    if (id !== null) {
      described.push(`#${id[1]}`);
      return (o) => o.id === Number(id[1]);
    }
    if (text === '') return null;
    const lower = text.toLowerCase();
    const exact = this.switches.includes('exact');
    const starts = this.switches.includes('startswith');
    described.push(`'${neutralise(text)}'`);
    const matches = (name: string): boolean => {
      const n = name.toLowerCase();
      return exact ? n === lower : starts ? n.startsWith(lower) : n.includes(lower);
    };
    return (o) => matches(o.key) || o.aliases.all().some(matches);
  }

  private report(found: readonly DefaultObject[], described: string): void {
    if (found.length === 0) {
      this.msg(`Nothing matches ${described}.`);
      return;
    }
    const lines = found.slice(0, MAX_FOUND_LISTED).map((o) => {
      const at = o.location;
      return `  ${named(o)} ${neutralise(o.typeclass)}${at === null ? '' : ` in ${named(at)}`}`;
    });
    const more = found.length - lines.length;
    this.msg(
      [
        `${found.length} match${found.length === 1 ? '' : 'es'} for ${described}:`,
        ...lines,
        ...(more > 0 ? [`  … and ${more} more (narrow it with a range or a switch)`] : []),
      ].join('\n'),
    );
  }
}
