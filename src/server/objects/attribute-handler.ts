/**
 * An object's attributes (Evennia's `obj.attributes`, with `obj.db` as the shorthand for the
 * ones without a category). All of them are loaded with the object, so reads are memory
 * reads. A value is checked by the attribute codec when set (STORAGE_BAD_VALUE there, nothing
 * changed), copied, and frozen: changing a stored list in place would change memory but not
 * the database, so it throws instead — assign a new value (`obj.db.items = [...items, x]`).
 */
import { encodeValue } from '../storage/attribute-codec.ts';
import type { AttributeRow, AttributeValue, EntityRef } from '../storage/types.ts';
import type { DirtyTracker } from './write-scopes.ts';

export interface AttributeEntry {
  name: string;
  category: string;
  value: AttributeValue;
}

/** `obj.db`: property access to the attributes without a category. */
export type DbProxy = { [name: string]: AttributeValue | undefined };

/**
 * What a watcher of an object hears (`watch`): an attribute that was set or deleted, or `null`
 * when a field of the object itself changed (its key, location, home…; the object reports those).
 */
export type ObjectChangeListener = (attribute: { name: string; category: string } | null) => void;

/**
 * Whose attributes (or tags) they are: the object itself, passed as is, so a handler needs no
 * copy of its reference nor a closure to ask whether the object still exists.
 */
export interface HandlerOwner {
  readonly ref: EntityRef;
  /** True once the owner is deleted: its pending writes are skipped. */
  readonly isDeleted: boolean;
}

/**
 * Up to this many attributes are kept in a list and found by a scan; more go in a map. Most
 * objects have a handful: a map and its keys cost ~200 bytes for one attribute, a list 40.
 */
const LIST_MAX = 8;

export class AttributeHandler {
  /** None (null, most objects), a few (an exactly sized list), or many (by `slot`). */
  #values: AttributeEntry[] | Map<string, AttributeEntry> | null = null;
  /**
   * Watchers (client monitors): null, one empty slot, for the nearly every object nobody
   * watches; the set is made by the first `watch` and dropped with the last.
   */
  #watchers: Set<ObjectChangeListener> | null = null;

  constructor(
    private readonly owner: HandlerOwner,
    rows: readonly AttributeRow[],
    private readonly tracker: DirtyTracker,
  ) {
    for (const row of rows) {
      this.#put({ name: row.name, category: row.category, value: deepFreeze(row.value) });
    }
  }

  get(name: string, category = ''): AttributeValue | undefined {
    return this.#find(name, category)?.value;
  }

  has(name: string, category = ''): boolean {
    return this.#find(name, category) !== undefined;
  }

  set(name: string, value: AttributeValue, category = ''): void {
    const label = `attribute '${name}' of object #${this.owner.ref.id}`;
    encodeValue(value, label); // refuses what storage cannot hold, before anything changes
    const stored = deepFreeze(structuredClone(value));
    this.#put({ name, category, value: stored });
    this.#dirty(name, category);
    if (this.#watchers !== null) this.#notify({ name, category });
  }

  /** False when there was no such attribute. */
  delete(name: string, category = ''): boolean {
    if (!this.#remove(name, category)) return false;
    this.#dirty(name, category);
    if (this.#watchers !== null) this.#notify({ name, category });
    return true;
  }

  /**
   * Be told of every later change of this object (see ObjectChangeListener), synchronously, as
   * it happens in memory; the returned function stops it. A listener must not throw and should
   * only note the change: it runs inside whatever code changed the object.
   */
  watch(listener: ObjectChangeListener): () => void {
    (this.#watchers ??= new Set()).add(listener);
    return () => {
      this.#watchers?.delete(listener);
      if (this.#watchers?.size === 0) this.#watchers = null;
    };
  }

  /** The object's own fields changed (called by the object): watchers hear `null`. */
  fieldsChanged(): void {
    if (this.#watchers !== null) this.#notify(null);
  }

  #notify(change: { name: string; category: string } | null): void {
    for (const listener of [...(this.#watchers ?? [])]) listener(change);
  }

  /** Every attribute, or those of one category, ordered by category then name. */
  all(category?: string): AttributeEntry[] {
    const values = this.#values ?? [];
    return [...(Array.isArray(values) ? values : values.values())]
      .filter((e) => category === undefined || e.category === category)
      .sort((a, b) => cmp(a.category, b.category) || cmp(a.name, b.name));
  }

  names(category = ''): string[] {
    return this.all(category).map((e) => e.name);
  }

  #find(name: string, category: string): AttributeEntry | undefined {
    const values = this.#values;
    if (values === null) return undefined;
    if (!Array.isArray(values)) return values.get(slot(name, category));
    for (const entry of values)
      if (entry.name === name && entry.category === category) return entry;
    return undefined;
  }

  /** Add or replace (in place: the order of the others stays). */
  #put(entry: AttributeEntry): void {
    const values = this.#values;
    if (values === null) {
      this.#values = [entry];
      return;
    }
    if (Array.isArray(values)) {
      const at = values.findIndex((e) => e.name === entry.name && e.category === entry.category);
      if (at !== -1) {
        values[at] = entry;
        return;
      }
      if (values.length < LIST_MAX) {
        this.#values = values.concat(entry); // exactly sized: a push leaves room for 17
        return;
      }
      this.#values = new Map(values.map((e) => [slot(e.name, e.category), e]));
    }
    (this.#values as Map<string, AttributeEntry>).set(slot(entry.name, entry.category), entry);
  }

  #remove(name: string, category: string): boolean {
    const values = this.#values;
    if (values === null) return false;
    if (!Array.isArray(values)) return values.delete(slot(name, category));
    const rest = values.filter((e) => e.name !== name || e.category !== category);
    if (rest.length === values.length) return false;
    this.#values = rest.length === 0 ? null : rest.slice();
    return true;
  }

  #dirty(name: string, category: string): void {
    const ref = { ...this.owner.ref };
    this.tracker.markDirty(`attr:${ref.id}:${category}\u0000${name}`, async (tx) => {
      if (this.owner.isDeleted) return;
      const current = this.get(name, category);
      if (current === undefined) await tx.attributes.delete(ref, name, category);
      else await tx.attributes.set(ref, name, current, category);
    });
  }
}

/** Where a `db` proxy's target keeps its handler (a symbol: no attribute name can clash). */
const ATTRIBUTES = Symbol('attributes');
type DbTarget = { [ATTRIBUTES]: AttributeHandler };

/**
 * One handler for every `db` proxy, finding the attributes on the proxy's target: a handler
 * of closures per object cost each object six functions.
 */
const DB_TRAPS: ProxyHandler<DbTarget> = {
  get: (t, prop) => (typeof prop === 'string' ? t[ATTRIBUTES].get(prop) : undefined),
  set: (t, prop, value: AttributeValue) => {
    if (typeof prop !== 'string') return false;
    t[ATTRIBUTES].set(prop, value);
    return true;
  },
  deleteProperty: (t, prop) => {
    if (typeof prop === 'string') t[ATTRIBUTES].delete(prop);
    return true;
  },
  has: (t, prop) => typeof prop === 'string' && t[ATTRIBUTES].has(prop),
  ownKeys: (t) => t[ATTRIBUTES].names(''),
  getOwnPropertyDescriptor: (t, prop) =>
    typeof prop === 'string' && t[ATTRIBUTES].has(prop)
      ? { value: t[ATTRIBUTES].get(prop), writable: true, enumerable: true, configurable: true }
      : undefined,
};

/** `obj.db.hp`, `obj.db.hp = 5`, `delete obj.db.hp`, `'hp' in obj.db`, `Object.keys(obj.db)`. */
export function createDbProxy(attributes: AttributeHandler): DbProxy {
  // The target's own key is configurable and never reported by ownKeys: invisible through db.
  return new Proxy({ [ATTRIBUTES]: attributes }, DB_TRAPS) as unknown as DbProxy;
}

function slot(name: string, category: string): string {
  return `${category}\u0000${name}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function deepFreeze<T extends AttributeValue>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (!(value instanceof Date)) for (const part of Object.values(value)) deepFreeze(part);
  }
  return value;
}
