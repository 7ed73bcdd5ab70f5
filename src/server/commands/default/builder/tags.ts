/**
 * `tag`: labels on objects, in categories (`tag sword = sharp`, `tag sword = iron:material`),
 * which game code and `find/tag` look objects up by. Aliases and permissions are tags too, in
 * the categories 'alias' and 'permission'; `alias` and `perm` look after those, so `tag`
 * leaves them alone.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand, named } from './builder-command.ts';
import { splitEquals } from './names.ts';

export const MAX_TAG_LENGTH = 80;
/** Most tags one `tag` adds, and most objects `tag/search` lists. */
const MAX_TAGS_AT_ONCE = 20;
const MAX_LISTED = 100;
/** Categories other commands own. */
const RESERVED: ReadonlyMap<string, string> = new Map([
  ['alias', 'alias'],
  ['permission', 'perm'],
]);

export interface TagSpec {
  readonly tag: string;
  readonly category: string;
}

/** `tag` or `tag:category` (the last `:` splits); a string is the problem. */
export function parseTag(text: string): TagSpec | string {
  const colon = text.lastIndexOf(':');
  const tag = (colon === -1 ? text : text.slice(0, colon)).trim();
  const category = colon === -1 ? '' : text.slice(colon + 1).trim();
  if (tag === '') return 'A tag is needed (tag or tag:category).';
  if (tag.length > MAX_TAG_LENGTH || category.length > MAX_TAG_LENGTH) {
    return `Tags and categories are at most ${MAX_TAG_LENGTH} characters.`;
  }
  const owner = RESERVED.get(category.toLowerCase());
  if (owner !== undefined) return `The ${category} category belongs to the ${owner} command.`;
  return { tag, category };
}

/** `red`, or `iron[material]`, as lists show a tag. */
export function showTag(tag: string, category: string): string {
  return neutralise(category === '' ? tag : `${tag}[${category}]`);
}

/** Every tag of `obj` outside the reserved categories. */
export function plainTags(obj: DefaultObject): TagSpec[] {
  return obj.tags
    .categories()
    .filter((c) => !RESERVED.has(c))
    .flatMap((category) => obj.tags.all(category).map((tag) => ({ tag, category })));
}

export class CmdTag extends BuilderCommand {
  override key = 'tag';
  override aliases = ['tags'];
  override help = `
    Label objects with tags, optionally in a category, and find what carries a tag.

    Usage:
      tag <object>                                 list its tags
      tag <object> = <tag>[:<category>][, …]       add tags
      tag/del <object> = <tag>[:<category>]        remove a tag
      tag/del <object>                             remove all its tags
      tag/search <tag>[:<category>]                every object with that tag (in any
                                                   category when none is given)

    Examples:
      tag sword = sharp, iron:material
      tag/search iron:material
  `;

  func(): void {
    const [left, right] = splitEquals(this.args);
    if (left === '') {
      this.msg('Usage: tag <object> [= <tag>[:<category>]]  or  tag/search <tag>[:<category>]');
      return;
    }
    if (this.switches.includes('search')) {
      this.search(right === null ? left : `${left}=${right}`);
      return;
    }
    const obj = this.find(left);
    if (obj === null) return;
    if (right === null && !this.switches.includes('del')) {
      const tags = plainTags(obj);
      this.msg(
        tags.length === 0
          ? `${named(obj)} has no tags.`
          : `Tags on ${named(obj)}: ${tags.map((t) => showTag(t.tag, t.category)).join(', ')}`,
      );
      return;
    }
    if (!this.mayEdit(obj)) {
      this.msg(`You don't have permission to change the tags of ${named(obj)}.`);
      return;
    }
    const specs = (right ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')
      .map(parseTag);
    const problem = specs.find((s): s is string => typeof s === 'string');
    if (problem !== undefined) return this.msg(neutralise(problem));
    const tags = specs as TagSpec[];
    if (this.switches.includes('del')) {
      this.remove(obj, tags);
      return;
    }
    if (tags.length === 0) {
      this.msg('Usage: tag <object> = <tag>[:<category>]');
      return;
    }
    if (tags.length > MAX_TAGS_AT_ONCE) {
      this.msg(`At most ${MAX_TAGS_AT_ONCE} tags at once.`);
      return;
    }
    const added = tags.filter((t) => obj.tags.add(t.tag, t.category));
    this.msg(
      added.length === 0
        ? `${named(obj)} already has ${tags.length === 1 ? 'that tag' : 'those tags'}.`
        : `Tagged ${named(obj)}: ${added.map((t) => showTag(t.tag, t.category)).join(', ')}.`,
    );
  }

  private remove(obj: DefaultObject, tags: readonly TagSpec[]): void {
    const targets = tags.length === 0 ? plainTags(obj) : tags;
    const removed = targets.filter((t) => obj.tags.remove(t.tag, t.category));
    if (removed.length === 0) {
      this.msg(`${named(obj)} has no such tag.`);
      return;
    }
    this.msg(
      `Removed from ${named(obj)}: ${removed.map((t) => showTag(t.tag, t.category)).join(', ')}.`,
    );
  }

  private search(text: string): void {
    const spec = parseTag(text);
    if (typeof spec === 'string') return this.msg(neutralise(spec));
    const found = objectsTagged(this.services.objects.all(), spec);
    const label = showTag(spec.tag, spec.category);
    if (found.length === 0) {
      this.msg(`No object has the tag ${label}.`);
      return;
    }
    const shown = found.slice(0, MAX_LISTED).map((o) => `  ${named(o)}`);
    const more = found.length - shown.length;
    this.msg(
      [
        `${found.length} object${found.length === 1 ? '' : 's'} tagged ${label}:`,
        ...shown,
        ...(more > 0 ? [`  … and ${more} more`] : []),
      ].join('\n'),
    );
  }
}

/**
 * Objects carrying `spec`, compared without regard to case; with no category given, in any
 * category but the reserved ones (as Evennia's tag search).
 */
export function objectsTagged(objects: readonly DefaultObject[], spec: TagSpec): DefaultObject[] {
  const tag = spec.tag.toLowerCase();
  const category = spec.category.toLowerCase();
  const inCategory = (c: string): boolean =>
    category === '' ? !RESERVED.has(c) : c.toLowerCase() === category;
  return objects.filter((o) =>
    o.tags
      .categories()
      .some((c) => inCategory(c) && o.tags.all(c).some((t) => t.toLowerCase() === tag)),
  );
}
