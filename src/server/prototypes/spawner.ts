/**
 * Making an object from a resolved prototype (Evennia's spawner): computed values are worked out
 * once, the object is created with everything the prototype gives it, tagged with the prototype
 * it came from (category `from_prototype`), and the resolved prototype is kept on it (a system
 * attribute) so `spawn/update` can tell later what changed in the prototype since.
 *
 * Where it appears: `location` if the spawner is given one, else the prototype's `location`,
 * else `defaultLocation` (the builder's room), else nowhere.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ObjectManager } from '../objects/object-manager.ts';
import type { AttributeValue } from '../storage/types.ts';
import { evaluate, type RandomSource } from './computed.ts';
import {
  FROM_PROTOTYPE,
  prototypeId,
  SNAPSHOT_ATTRIBUTE,
  SNAPSHOT_CATEGORY,
  type PrototypeValue,
  type ResolvedPrototype,
} from './prototype.ts';
import { sameValue } from './same-value.ts';

export interface SpawnOptions {
  /** Where the object appears, over the prototype's own `location`. */
  location?: DefaultObject | null;
  /** Where it appears when neither `location` nor the prototype says. */
  defaultLocation?: DefaultObject | null;
  /** More tags (a build file's tag, for one). */
  tags?: ReadonlyArray<readonly [string, string]>;
  random?: RandomSource;
}

export async function spawnObject(
  objects: ObjectManager,
  proto: ResolvedPrototype,
  options: SpawnOptions = {},
): Promise<DefaultObject> {
  const random = options.random ?? Math.random;
  const location =
    options.location !== undefined
      ? options.location
      : proto.location !== null
        ? objectAt(objects, proto.location, 'location', proto)
        : (options.defaultLocation ?? null);
  const home = proto.home !== null ? objectAt(objects, proto.home, 'home', proto) : undefined;
  // The key first, then the attributes in order: a seeded random source gives known values.
  const key = objectKey(proto.key, random);
  const attributes = evaluateAttributes(proto.attributes, random);
  return objects.batch(async () => {
    const obj = await objects.create({
      typeclass: proto.typeclass,
      key,
      location,
      ...(home === undefined ? {} : { home }),
      locks: proto.locks,
      attributes,
      aliases: proto.aliases,
      tags: [
        ...proto.tags,
        [prototypeId(proto.prototypeKey), FROM_PROTOTYPE],
        ...(options.tags ?? []),
      ],
    });
    // The prototype has the last word over what the class's creation hook set.
    for (const [name, value] of Object.entries(attributes)) {
      if (!sameValue(obj.attributes.get(name), value)) obj.attributes.set(name, value);
    }
    obj.attributes.set(SNAPSHOT_ATTRIBUTE, snapshotOf(proto), SNAPSHOT_CATEGORY);
    return obj;
  });
}

/** The object an `#id` in a prototype names; PROTOTYPE_INVALID when there is none. */
export function objectAt(
  objects: ObjectManager,
  ref: string,
  field: string,
  proto: { prototypeKey: string },
): DefaultObject {
  const obj = objects.cached(Number(ref.slice(1)));
  if (obj === undefined || obj.isDeleted) {
    throw new WaystoneError(
      'PROTOTYPE_INVALID',
      `Prototype '${proto.prototypeKey}' gives ${field} ${ref}, but there is no object ${ref}.`,
    );
  }
  return obj;
}

/** An object's key from the prototype's (maybe computed) key. */
export function objectKey(key: PrototypeValue, random: RandomSource): string {
  const value = evaluate(key, random);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.trim() === '' ? 'object' : text;
}

export function evaluateAttributes(
  attributes: Readonly<Record<string, PrototypeValue>>,
  random: RandomSource,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) out[name] = evaluate(value, random);
  return out;
}

/** The resolved prototype as an attribute value, to keep on the object. */
export function snapshotOf(proto: ResolvedPrototype): AttributeValue {
  return {
    prototypeKey: proto.prototypeKey,
    key: proto.key,
    typeclass: proto.typeclass,
    attributes: { ...proto.attributes },
    tags: proto.tags.map(([t, c]) => [t, c]),
    aliases: [...proto.aliases],
    locks: proto.locks,
    home: proto.home,
    location: proto.location,
  };
}

/** What an object keeps of the prototype it was last brought up to; null if it has none. */
export function readSnapshot(obj: DefaultObject): ResolvedPrototype | null {
  const value = obj.attributes.get(SNAPSHOT_ATTRIBUTE, SNAPSHOT_CATEGORY);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, AttributeValue>;
  const strings = (x: AttributeValue | undefined): string[] =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
  const attrs = v['attributes'];
  return {
    prototypeKey: typeof v['prototypeKey'] === 'string' ? v['prototypeKey'] : '',
    key: v['key'] ?? null,
    typeclass: typeof v['typeclass'] === 'string' ? v['typeclass'] : '',
    attributes:
      attrs !== null &&
      typeof attrs === 'object' &&
      !Array.isArray(attrs) &&
      !(attrs instanceof Date)
        ? (attrs as Record<string, AttributeValue>)
        : {},
    tags: (Array.isArray(v['tags']) ? v['tags'] : [])
      .map(strings)
      .filter((pair) => pair.length === 2)
      .map(([t, c]) => [t as string, c as string] as const),
    aliases: strings(v['aliases']),
    locks: typeof v['locks'] === 'string' ? v['locks'] : '',
    home: typeof v['home'] === 'string' ? v['home'] : null,
    location: typeof v['location'] === 'string' ? v['location'] : null,
  };
}
