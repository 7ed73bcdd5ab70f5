/**
 * An attribute as `set` names it, and a path into its value: `hp`, `hp:combat` (a category),
 * `stats['str']`, `exits[0]`, `stats["eye colour"][1]`, `stats[str]` (a bare key is text), as
 * Evennia's `set obj/attr[key]` reads them. Stored values are frozen (attribute-handler.ts), so
 * changing a part makes a new value, copying only the lists and dictionaries on the path.
 */
import { isEntityRef } from '../../../storage/entity-ref.ts';
import type { AttributeValue } from '../../../storage/types.ts';

export const ATTRIBUTE_NAME = /^[A-Za-z_][\w-]{0,79}$/;
const NAME_PART = /^([A-Za-z_][\w-]{0,79})(?::([\w-]{1,40}))?/;
/** Deepest path `set` follows. */
export const MAX_PATH_DEPTH = 10;

export type PathKey = string | number;

export interface AttributePath {
  readonly name: string;
  /** '' when none was given. */
  readonly category: string;
  readonly path: readonly PathKey[];
}

/** Parses `name[:category][key]…`; a string is the problem, for the builder to read. */
export function parseAttributePath(text: string): AttributePath | string {
  const spec = text.trim();
  const head = NAME_PART.exec(spec);
  if (head === null) {
    return `'${spec}' is not an attribute name (a letter or _, then letters, digits, _ or -).`;
  }
  const name = head[1] as string;
  const category = head[2] ?? '';
  const path: PathKey[] = [];
  let at = head[0].length;
  while (at < spec.length) {
    const key = readKey(spec, at);
    if (key === null) return `Could not read '${spec.slice(at)}': write keys as [0] or ['key'].`;
    path.push(key.key);
    at = key.end;
    if (path.length > MAX_PATH_DEPTH) return `A path is at most ${MAX_PATH_DEPTH} keys deep.`;
  }
  return { name, category, path };
}

/** `[0]`, `[-1]`, `['a']`, `["a"]` or `[a]` at `at`. */
function readKey(spec: string, at: number): { key: PathKey; end: number } | null {
  if (spec[at] !== '[') return null;
  const quote = spec[at + 1];
  if (quote === "'" || quote === '"') {
    const close = spec.indexOf(`${quote}]`, at + 2);
    if (close === -1) return null;
    return { key: spec.slice(at + 2, close), end: close + 2 };
  }
  const close = spec.indexOf(']', at + 1);
  if (close === -1) return null;
  const inner = spec.slice(at + 1, close).trim();
  if (inner === '') return null;
  return { key: /^-?\d{1,9}$/.test(inner) ? Number(inner) : inner, end: close + 1 };
}

/** `name[:category]['a'][0]`, as the builder would type it again. */
export function showPath(p: AttributePath): string {
  const keys = p.path.map((k) => (typeof k === 'number' ? `[${k}]` : `['${k}']`)).join('');
  return `${p.name}${p.category === '' ? '' : `:${p.category}`}${keys}`;
}

type Container = AttributeValue[] | { [key: string]: AttributeValue };

/** A list or a dictionary (not a date, nor a reference to an object, which are values). */
function isContainer(value: AttributeValue | undefined): value is Container {
  if (Array.isArray(value)) return true;
  return (
    value !== null && typeof value === 'object' && !(value instanceof Date) && !isEntityRef(value)
  );
}

/** A list index, Python-style (-1 is the last); null when out of range or not a number. */
function index(list: readonly AttributeValue[], key: PathKey, allowEnd: boolean): number | null {
  if (typeof key !== 'number') return null;
  const i = key < 0 ? list.length + key : key;
  return i >= 0 && (i < list.length || (allowEnd && i === list.length)) ? i : null;
}

function child(value: Container, key: PathKey): AttributeValue | undefined {
  if (Array.isArray(value)) {
    const i = index(value, key, false);
    return i === null ? undefined : value[i];
  }
  const k = String(key);
  return Object.hasOwn(value, k) ? value[k] : undefined;
}

/** The part of `value` at `path`; undefined when there is none. */
export function getAt(
  value: AttributeValue | undefined,
  path: readonly PathKey[],
): AttributeValue | undefined {
  let at = value;
  for (const key of path) {
    if (!isContainer(at)) return undefined;
    at = child(at, key);
  }
  return at;
}

export type PathResult = { ok: true; value: AttributeValue } | { ok: false; problem: string };

/** `value` with the part at `path` set (a list may grow by one at its end). */
export function setAt(
  value: AttributeValue | undefined,
  path: readonly PathKey[],
  part: AttributeValue,
): PathResult {
  return change(value, path, 0, (parent, key) => {
    if (Array.isArray(parent)) {
      const i = index(parent, key, true);
      if (i === null) return `[${String(key)}] is not a place in a list of ${parent.length}.`;
      const copy = [...parent];
      copy[i] = part;
      return copy;
    }
    return withKey(parent, String(key), part);
  });
}

/** `value` with the part at `path` taken out. */
export function deleteAt(value: AttributeValue | undefined, path: readonly PathKey[]): PathResult {
  return change(value, path, 0, (parent, key) => {
    if (Array.isArray(parent)) {
      const i = index(parent, key, false);
      if (i === null) return `There is no [${String(key)}] in a list of ${parent.length}.`;
      return parent.filter((_, j) => j !== i);
    }
    const k = String(key);
    if (!Object.hasOwn(parent, k)) return `There is no ['${k}'] to delete.`;
    const copy = withKey(parent, k, null);
    delete copy[k];
    return copy;
  });
}

/** Copies the containers down `path`, letting `last` change the innermost one. */
function change(
  value: AttributeValue | undefined,
  path: readonly PathKey[],
  depth: number,
  last: (parent: Container, key: PathKey) => Container | string,
): PathResult {
  const key = path[depth];
  if (key === undefined) return { ok: false, problem: 'No path was given.' };
  if (!isContainer(value)) {
    const where = depth === 0 ? 'The attribute' : `The part before [${String(key)}]`;
    return { ok: false, problem: `${where} is not a list or a dictionary.` };
  }
  if (depth === path.length - 1) {
    const changed = last(value, key);
    return typeof changed === 'string'
      ? { ok: false, problem: changed }
      : { ok: true, value: changed };
  }
  const inner = child(value, key);
  if (inner === undefined) return { ok: false, problem: `There is no [${String(key)}] in it.` };
  const result = change(inner, path, depth + 1, last);
  if (!result.ok) return result;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[index(value, key, false) as number] = result.value;
    return { ok: true, value: copy };
  }
  return { ok: true, value: withKey(value, String(key), result.value) };
}

/** A copy of a dictionary with one key set (a data property: `__proto__` is just a key). */
function withKey(
  dict: { readonly [key: string]: AttributeValue },
  key: string,
  part: AttributeValue,
): { [key: string]: AttributeValue } {
  const copy: { [key: string]: AttributeValue } = {};
  for (const [k, v] of Object.entries(dict)) {
    Object.defineProperty(copy, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  Object.defineProperty(copy, key, {
    value: part,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}
