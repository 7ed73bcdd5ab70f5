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

export class AttributeHandler {
  readonly #values = new Map<string, AttributeEntry>();
  /**
   * Watchers (client monitors): null, one empty slot, for the nearly every object nobody
   * watches; the set is made by the first `watch` and dropped with the last.
   */
  #watchers: Set<ObjectChangeListener> | null = null;

  constructor(
    private readonly owner: EntityRef,
    rows: readonly AttributeRow[],
    private readonly tracker: DirtyTracker,
    /** False once the owner is deleted: its pending writes are skipped. */
    private readonly alive: () => boolean,
  ) {
    for (const row of rows) {
      this.#values.set(slot(row.name, row.category), {
        name: row.name,
        category: row.category,
        value: deepFreeze(row.value),
      });
    }
  }

  get(name: string, category = ''): AttributeValue | undefined {
    return this.#values.get(slot(name, category))?.value;
  }

  has(name: string, category = ''): boolean {
    return this.#values.has(slot(name, category));
  }

  set(name: string, value: AttributeValue, category = ''): void {
    const label = `attribute '${name}' of object #${this.owner.id}`;
    encodeValue(value, label); // refuses what storage cannot hold, before anything changes
    const stored = deepFreeze(structuredClone(value));
    this.#values.set(slot(name, category), { name, category, value: stored });
    this.#dirty(name, category);
    if (this.#watchers !== null) this.#notify({ name, category });
  }

  /** False when there was no such attribute. */
  delete(name: string, category = ''): boolean {
    if (!this.#values.delete(slot(name, category))) return false;
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
    return [...this.#values.values()]
      .filter((e) => category === undefined || e.category === category)
      .sort((a, b) => cmp(a.category, b.category) || cmp(a.name, b.name));
  }

  names(category = ''): string[] {
    return this.all(category).map((e) => e.name);
  }

  #dirty(name: string, category: string): void {
    const ref = { ...this.owner };
    this.tracker.markDirty(`attr:${ref.id}:${category}\u0000${name}`, async (tx) => {
      if (!this.alive()) return;
      const current = this.get(name, category);
      if (current === undefined) await tx.attributes.delete(ref, name, category);
      else await tx.attributes.set(ref, name, current, category);
    });
  }
}

/** `obj.db.hp`, `obj.db.hp = 5`, `delete obj.db.hp`, `'hp' in obj.db`, `Object.keys(obj.db)`. */
export function createDbProxy(attributes: AttributeHandler): DbProxy {
  return new Proxy({} as DbProxy, {
    get: (_t, prop) => (typeof prop === 'string' ? attributes.get(prop) : undefined),
    set: (_t, prop, value: AttributeValue) => {
      if (typeof prop !== 'string') return false;
      attributes.set(prop, value);
      return true;
    },
    deleteProperty: (_t, prop) => {
      if (typeof prop === 'string') attributes.delete(prop);
      return true;
    },
    has: (_t, prop) => typeof prop === 'string' && attributes.has(prop),
    ownKeys: () => attributes.names(''),
    getOwnPropertyDescriptor: (_t, prop) =>
      typeof prop === 'string' && attributes.has(prop)
        ? { value: attributes.get(prop), writable: true, enumerable: true, configurable: true }
        : undefined,
  });
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
