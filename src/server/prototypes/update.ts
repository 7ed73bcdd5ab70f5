/**
 * `spawn/update`: bringing an object spawned from a prototype up to the prototype as it is now.
 * Each object keeps the resolved prototype it was last brought up to (spawner.ts); the update
 * compares that with the prototype now, field by field, and changes on the object only what
 * changed in the prototype:
 *   - an attribute whose definition changed is set again (a computed one is computed afresh);
 *     one the prototype no longer lists is removed; the others — also hand-made changes — stay;
 *   - tags and aliases the prototype added are added, ones it dropped are removed;
 *   - a lock whose definition changed is set; one the prototype dropped goes back to the class's
 *     default lock for that access type (or goes, when the class has none);
 *   - a changed key is set; a changed home is set; a changed location moves the object there
 *     quietly;
 *   - a changed typeclass is swapped in place first (ObjectManager.swapTypeclass: the object
 *     keeps its id and attributes, the new class's atObjectCreation runs), then the rest.
 * An unchanged `{"$random": …}` is not rolled again, so each goblin keeps its own hp.
 */
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import { DefaultExit } from '../objects/exit.ts';
import type { DefaultObject, ObjectClass } from '../objects/object.ts';
import type { ObjectManager } from '../objects/object-manager.ts';
import { evaluate, type RandomSource } from './computed.ts';
import {
  SNAPSHOT_ATTRIBUTE,
  SNAPSHOT_CATEGORY,
  type PrototypeValue,
  type ResolvedPrototype,
} from './prototype.ts';
import { sameValue } from './same-value.ts';
import { objectAt, objectKey, readSnapshot, snapshotOf } from './spawner.ts';

export interface ObjectUpdate {
  readonly object: DefaultObject;
  /** What was changed on it: `key`, `attribute hp`, `tag red`, `alias gob`, `lock get`… */
  readonly changed: readonly string[];
  /** What differs but was not changed, with why. */
  readonly notApplied: readonly string[];
}

/** An empty prototype: an object that kept none is brought up to everything. */
const NOTHING: ResolvedPrototype = {
  prototypeKey: '',
  key: null,
  typeclass: '',
  attributes: {},
  tags: [],
  aliases: [],
  locks: '',
  home: null,
  location: null,
};

export async function updateObject(
  obj: DefaultObject,
  next: ResolvedPrototype,
  options: { random: RandomSource; objects: ObjectManager },
): Promise<ObjectUpdate> {
  const old = readSnapshot(obj) ?? NOTHING;
  const changed: string[] = [];
  const notApplied: string[] = [];

  if (!sameValue(old.key, next.key)) {
    obj.key = objectKey(next.key, options.random);
    changed.push('key');
  }
  if (old.typeclass !== next.typeclass && obj.typeclass !== next.typeclass) {
    await options.objects.swapTypeclass(obj, next.typeclass);
    changed.push('typeclass');
  }
  updateAttributes(obj, old.attributes, next.attributes, options.random, changed);
  updateTags(obj, old.tags, next.tags, changed);
  const before = changed.length;
  updateAliases(obj, old.aliases, next.aliases, changed);
  // An exit's command is its name and aliases: it is rebuilt when they change.
  if (changed.length > before && obj instanceof DefaultExit) obj.refreshCmdset();
  updateLocks(obj, old.locks, next.locks, options.objects.lockFuncs, changed);

  if (old.home !== next.home && next.home !== null) {
    obj.home = objectAt(options.objects, next.home, 'home', next);
    changed.push('home');
  }
  if (old.location !== next.location && next.location !== null) {
    const there = objectAt(options.objects, next.location, 'location', next);
    if (obj.location !== there) {
      if (await obj.moveTo(there, { quiet: true })) changed.push('location');
      else notApplied.push(`location ${next.location} (the move was refused)`);
    }
  }
  obj.attributes.set(SNAPSHOT_ATTRIBUTE, snapshotOf(next), SNAPSHOT_CATEGORY);
  return { object: obj, changed, notApplied };
}

function updateAttributes(
  obj: DefaultObject,
  old: Readonly<Record<string, PrototypeValue>>,
  next: Readonly<Record<string, PrototypeValue>>,
  random: RandomSource,
  changed: string[],
): void {
  for (const name of Object.keys(old)) {
    if (!Object.hasOwn(next, name) && obj.attributes.delete(name)) {
      changed.push(`attribute ${name} removed`);
    }
  }
  for (const [name, value] of Object.entries(next)) {
    if (Object.hasOwn(old, name) && sameValue(old[name], value)) continue;
    const now = evaluate(value, random);
    if (!sameValue(obj.attributes.get(name), now)) {
      obj.attributes.set(name, now);
      changed.push(`attribute ${name}`);
    }
  }
}

function updateTags(
  obj: DefaultObject,
  old: ReadonlyArray<readonly [string, string]>,
  next: ReadonlyArray<readonly [string, string]>,
  changed: string[],
): void {
  const has = (list: ReadonlyArray<readonly [string, string]>, [t, c]: readonly [string, string]) =>
    list.some(([lt, lc]) => lt === t && lc === c);
  for (const tag of old) {
    if (!has(next, tag) && obj.tags.remove(tag[0], tag[1])) changed.push(`tag ${tag[0]} removed`);
  }
  for (const tag of next) {
    if (!has(old, tag) && obj.tags.add(tag[0], tag[1])) changed.push(`tag ${tag[0]}`);
  }
}

function updateAliases(
  obj: DefaultObject,
  old: readonly string[],
  next: readonly string[],
  changed: string[],
): void {
  for (const alias of old) {
    if (!next.includes(alias) && obj.aliases.remove(alias)) changed.push(`alias ${alias} removed`);
  }
  for (const alias of next) {
    if (!old.includes(alias) && obj.aliases.add(alias)) changed.push(`alias ${alias}`);
  }
}

function updateLocks(
  obj: DefaultObject,
  old: string,
  next: string,
  funcs: LockFuncRegistry,
  changed: string[],
): void {
  if (old === next) return;
  const before = new LockHandler(funcs, null, old);
  const after = new LockHandler(funcs, null, next);
  const defaults = new LockHandler(
    funcs,
    null,
    (obj.constructor as ObjectClass).defaultLocks(obj.id),
  );
  for (const type of before.accessTypes()) {
    if (after.has(type)) continue;
    const fallback = defaults.get(type);
    if (fallback === undefined) obj.locks.remove(type);
    else obj.locks.add(`${type}:${fallback}`);
    changed.push(`lock ${type} reset`);
  }
  for (const type of after.accessTypes()) {
    const expr = after.get(type) as string;
    if (before.get(type) === expr) continue;
    obj.locks.add(`${type}:${expr}`);
    changed.push(`lock ${type}`);
  }
}
