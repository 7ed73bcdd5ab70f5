/**
 * The attribute codec: turns an AttributeValue into JSON text and back, so every type the
 * contract allows comes back as the same type on both backends (a TEXT column, not jsonb:
 * PostgreSQL's jsonb refuses "\u0000" and reorders keys).
 *
 * Plain JSON carries strings, finite numbers, booleans, null, lists and maps. The rest travels
 * as a one-key tagged object: {"$date": iso}, {"$num": "-0" | "Infinity" | "-Infinity"},
 * {"$ref": kind, "id": n}. A map that has a key starting with "$" is wrapped as {"$map": {...}}
 * so it cannot be mistaken for a tag. Anything else (functions, undefined, NaN, bigint, class
 * instances, holes, cycles) is refused with STORAGE_BAD_VALUE when the value is set, naming the
 * path of the offending part, so a bad value never reaches a transaction.
 */
import { WaystoneError } from '../../shared/errors.ts';
import { isEntityRef, OWNER_KINDS } from './entity-ref.ts';
import type { AttributeValue, OwnerKind } from './types.ts';

/** Deeper nesting is refused: it is almost surely a bug, and decoding must not blow the stack. */
export const MAX_DEPTH = 100;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Encodes `value` to JSON text; `what` names it in errors (e.g. "attribute 'hp' of object #3"). */
export function encodeValue(value: AttributeValue, what: string): string {
  return JSON.stringify(toJson(value, what, '', 0, new Set()));
}

/** Decodes text written by encodeValue; STORAGE_CORRUPT_VALUE if it is not such text. */
export function decodeValue(text: string, what: string): AttributeValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw corrupt(what, 'it is not JSON', err);
  }
  return fromJson(parsed, what, 0);
}

function toJson(
  value: unknown,
  what: string,
  path: string,
  depth: number,
  ancestors: Set<object>,
): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw bad(what, path, 'is NaN');
    if (Object.is(value, -0)) return { $num: '-0' };
    if (!Number.isFinite(value)) return { $num: value > 0 ? 'Infinity' : '-Infinity' };
    return value;
  }
  if (typeof value !== 'object') throw bad(what, path, `is ${describe(value)}`);
  if (depth >= MAX_DEPTH) throw bad(what, path, `is nested deeper than ${MAX_DEPTH} levels`);
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) throw bad(what, path, 'is an invalid Date');
    return { $date: value.toISOString() };
  }
  if (ancestors.has(value)) throw bad(what, path, 'contains itself (a circular reference)');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return arrayToJson(value, what, path, depth, ancestors);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw bad(what, path, `is ${describe(value)}; only plain objects are stored as maps`);
    }
    if (Object.getOwnPropertySymbols(value).length > 0) {
      throw bad(what, path, 'has symbol keys');
    }
    if ('$ref' in value) {
      if (isEntityRef(value)) return { $ref: value.$ref, id: value.id };
      const keys = Object.keys(value);
      if (keys.length === 2 && keys.includes('id')) {
        throw bad(what, path, 'is not a valid entity reference (known kind, positive integer id)');
      }
    }
    const out: { [key: string]: Json } = {};
    let needsWrap = false;
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('$')) needsWrap = true;
      define(out, key, toJson(item, what, `${path}.${key}`, depth + 1, ancestors));
    }
    return needsWrap ? { $map: out } : out;
  } finally {
    ancestors.delete(value);
  }
}

function arrayToJson(
  value: unknown[],
  what: string,
  path: string,
  depth: number,
  ancestors: Set<object>,
): Json[] {
  const out: Json[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw bad(what, `${path}[${i}]`, 'is a hole in a sparse list');
    out.push(toJson(value[i], what, `${path}[${i}]`, depth + 1, ancestors));
  }
  return out;
}

function fromJson(json: unknown, what: string, depth: number): AttributeValue {
  if (json === null || typeof json === 'string' || typeof json === 'boolean') return json;
  if (typeof json === 'number') return json;
  if (depth > MAX_DEPTH + 1) throw corrupt(what, 'it is nested too deeply');
  if (Array.isArray(json)) return json.map((item) => fromJson(item, what, depth + 1));
  if (typeof json !== 'object') throw corrupt(what, `it holds ${typeof json}`);
  const record = json as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.some((key) => key.startsWith('$'))) return fromTagged(record, keys, what, depth);
  return mapFromJson(record, what, depth);
}

function fromTagged(
  record: Record<string, unknown>,
  keys: string[],
  what: string,
  depth: number,
): AttributeValue {
  const tag = keys.length === 1 ? keys[0] : keys.includes('$ref') ? '$ref' : undefined;
  switch (tag) {
    case '$date': {
      const date = new Date(String(record.$date));
      if (typeof record.$date !== 'string' || Number.isNaN(date.getTime())) {
        throw corrupt(what, 'it has a bad $date');
      }
      return date;
    }
    case '$num': {
      const special: Record<string, number> = {
        '-0': -0,
        Infinity: Infinity,
        '-Infinity': -Infinity,
      };
      const num = special[String(record.$num)];
      if (num === undefined) throw corrupt(what, 'it has a bad $num');
      return num;
    }
    case '$ref': {
      const ref = { $ref: record.$ref as OwnerKind, id: record.id as number };
      if (keys.length !== 2 || !OWNER_KINDS.includes(ref.$ref) || !isEntityRef(ref)) {
        throw corrupt(what, 'it has a bad $ref');
      }
      return ref;
    }
    case '$map': {
      const inner = record.$map;
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
        throw corrupt(what, 'it has a bad $map');
      }
      return mapFromJson(inner as Record<string, unknown>, what, depth);
    }
    default:
      throw corrupt(what, `it has an unknown tag (${keys.join(', ')})`);
  }
}

function mapFromJson(record: Record<string, unknown>, what: string, depth: number) {
  const out: { [key: string]: AttributeValue } = {};
  for (const [key, item] of Object.entries(record)) {
    define(out, key, fromJson(item, what, depth + 1));
  }
  return out;
}

/** Plain assignment of "__proto__" would set the prototype instead of storing the key. */
function define<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return 'a bigint (use a number or a string)';
  if (typeof value === 'symbol') return 'a symbol';
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)
    ?.constructor?.name;
  return `an instance of ${name ?? 'an unknown class'}`;
}

function bad(what: string, path: string, problem: string): WaystoneError {
  const where = path === '' ? 'the value' : `the part at ${path.replace(/^\./, '')}`;
  return new WaystoneError(
    'STORAGE_BAD_VALUE',
    `Cannot store ${what}: ${where} ${problem}. Attributes hold strings, numbers, booleans, ` +
      'null, Dates, entity references, and lists and maps of those.',
  );
}

function corrupt(what: string, problem: string, cause?: unknown): WaystoneError {
  return new WaystoneError(
    'STORAGE_CORRUPT_VALUE',
    `The stored value of ${what} cannot be read: ${problem}. Was the database edited by hand?`,
    { cause },
  );
}
