/**
 * The game's prototypes, by key (case-insensitive): the ones its code registers
 * (`game.prototypes.register`, read-only in game) and the ones builders store
 * (`spawn/save`), held in memory and written through the object manager's write scopes — so a
 * `spawn/save` commits with the command that made it, before the builder is told. One instance
 * per game, built by the composition root; `spawn` and `spawn/update` go through it.
 *
 * A stored prototype may not take the key of a code one (the code would silently lose, or win,
 * after the next reload); it may build on one.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ObjectManager } from '../objects/object-manager.ts';
import type { TypeclassRegistry } from '../objects/typeclass-registry.ts';
import type { PrototypeRepository, PrototypeRow } from '../storage/types.ts';
import type { RandomSource } from './computed.ts';
import { parentsOf, resolvePrototype } from './inherit.ts';
import {
  FROM_PROTOTYPE,
  prototypeId,
  type Prototype,
  type PrototypeSource,
  type ResolvedPrototype,
} from './prototype.ts';
import { spawnObject, type SpawnOptions } from './spawner.ts';
import { updateObject, type ObjectUpdate } from './update.ts';
import { parsePrototype } from './validate.ts';

export interface PrototypeEntry {
  readonly prototype: Prototype;
  readonly source: PrototypeSource;
}

export interface PrototypeRegistryOptions {
  objects: ObjectManager;
  typeclasses: TypeclassRegistry;
  lockFuncs: LockFuncRegistry;
  /** Math.random unless a test gives its own. */
  random?: RandomSource;
}

export class PrototypeRegistry {
  readonly #game = new Map<string, Prototype>();
  readonly #stored = new Map<string, Prototype>();
  readonly #opts: PrototypeRegistryOptions;
  readonly #random: RandomSource;

  constructor(opts: PrototypeRegistryOptions) {
    this.#opts = opts;
    this.#random = opts.random ?? Math.random;
  }

  // ---- definitions -------------------------------------------------------------------------

  /**
   * A prototype from the game's code (game.ts): checked at once (PROTOTYPE_INVALID); its parents
   * and typeclass are checked when it is first spawned, as they may be registered after it.
   */
  register(prototype: Prototype): this {
    const parsed = parsePrototype(prototype);
    this.#game.set(prototypeId(parsed.prototypeKey), parsed);
    return this;
  }

  /** The prototype of this key, from code or the database. */
  get(key: string): PrototypeEntry | undefined {
    const id = prototypeId(key);
    const game = this.#game.get(id);
    if (game !== undefined) return { prototype: game, source: 'game' };
    const stored = this.#stored.get(id);
    return stored === undefined ? undefined : { prototype: stored, source: 'database' };
  }

  /** Every prototype, by key. */
  list(): PrototypeEntry[] {
    const all = [
      ...[...this.#game.values()].map((prototype) => ({ prototype, source: 'game' as const })),
      ...[...this.#stored.values()].map((prototype) => ({
        prototype,
        source: 'database' as const,
      })),
    ];
    return all.sort((a, b) => a.prototype.prototypeKey.localeCompare(b.prototype.prototypeKey));
  }

  /** Whether the game registered a typeclass of this name. */
  hasTypeclass(name: string): boolean {
    return this.#opts.typeclasses.has(name);
  }

  /** `key` with its parents folded in and its typeclass checked (inherit.ts). */
  resolve(key: string): ResolvedPrototype {
    const entry = this.get(key);
    if (entry === undefined) {
      throw new WaystoneError('PROTOTYPE_UNKNOWN', `There is no prototype called '${key}'.`);
    }
    return this.resolvePrototype(entry.prototype);
  }

  /** A prototype that need not be registered (`spawn {json}`), resolved against the others. */
  resolvePrototype(prototype: Prototype, lookup = (id: string) => this.get(id)?.prototype) {
    return resolvePrototype(prototype, {
      lookup,
      hasTypeclass: (name) => this.#opts.typeclasses.has(name),
      lockFuncs: this.#opts.lockFuncs,
    });
  }

  /**
   * Store a builder's prototype (new, or replacing a stored one of that key), after checking it
   * resolves: its parents exist, no circle, a known typeclass. Committed with the current batch
   * (the command's). Returns whether it replaced one.
   */
  save(prototype: Prototype): boolean {
    const parsed = parsePrototype(prototype);
    const id = prototypeId(parsed.prototypeKey);
    if (this.#game.has(id)) {
      throw new WaystoneError(
        'PROTOTYPE_READ_ONLY',
        `Prototype '${parsed.prototypeKey}' is defined in the game's code; change it there (then reload), or save yours under another name.`,
      );
    }
    this.resolvePrototype(parsed, (key) => (key === id ? parsed : this.get(key)?.prototype));
    const replaced = this.#stored.has(id);
    this.#stored.set(id, parsed);
    this.#persist(id);
    return replaced;
  }

  /** Remove a stored prototype; refused while others build on it. */
  delete(key: string): boolean {
    const id = prototypeId(key);
    if (this.#game.has(id)) {
      throw new WaystoneError(
        'PROTOTYPE_READ_ONLY',
        `Prototype '${key}' is defined in the game's code; it cannot be deleted in game.`,
      );
    }
    if (!this.#stored.has(id)) return false;
    const children = this.list()
      .filter((e) => parentsOf(e.prototype).some((p) => prototypeId(p) === id))
      .map((e) => e.prototype.prototypeKey);
    if (children.length > 0) {
      throw new WaystoneError(
        'PROTOTYPE_INVALID',
        `Prototype '${key}' is the parent of ${children.join(', ')}; change those first.`,
      );
    }
    this.#stored.delete(id);
    this.#persist(id);
    return true;
  }

  /**
   * Reads the stored prototypes (when the world opens). A row that no longer parses is left
   * out and described in the returned list, for the log: one bad row must not stop the game.
   */
  async loadStored(repository: PrototypeRepository): Promise<string[]> {
    const problems: string[] = [];
    this.#stored.clear();
    for (const row of await repository.list()) {
      try {
        const parsed = parsePrototype(row.data, row.key);
        this.#stored.set(prototypeId(parsed.prototypeKey), parsed);
      } catch (err) {
        problems.push(`stored prototype '${row.key}': ${(err as Error).message}`);
      }
    }
    return problems;
  }

  #persist(id: string): void {
    this.#opts.objects.markDirty(`prototype:${id}`, async (tx) => {
      const now = this.#stored.get(id);
      if (now === undefined) await tx.prototypes.delete(id);
      else await tx.prototypes.save(toRow(now));
    });
  }

  // ---- the world ---------------------------------------------------------------------------

  /** A new object from the prototype `key` (or a prototype given whole). */
  spawn(prototype: string | ResolvedPrototype, options: SpawnOptions = {}): Promise<DefaultObject> {
    const resolved = typeof prototype === 'string' ? this.resolve(prototype) : prototype;
    return spawnObject(this.#opts.objects, resolved, { random: this.#random, ...options });
  }

  /** The objects spawned from the prototype `key`, in id order. */
  spawnedFrom(key: string): DefaultObject[] {
    const id = prototypeId(key);
    return this.#opts.objects.all().filter((obj) => obj.tags.has(id, FROM_PROTOTYPE));
  }

  /**
   * Brings every object spawned from `key` up to the prototype as it is now: on each, what
   * changed in the prototype since it was spawned (or last updated) is changed; what a builder
   * changed by hand on the object, where the prototype did not change, stays.
   */
  async update(key: string): Promise<ObjectUpdate[]> {
    const resolved = this.resolve(key);
    const results: ObjectUpdate[] = [];
    await this.#opts.objects.batch(async () => {
      for (const obj of this.spawnedFrom(key)) {
        results.push(
          await updateObject(obj, resolved, { random: this.#random, objects: this.#opts.objects }),
        );
      }
    });
    return results;
  }
}

function toRow(prototype: Prototype): Omit<PrototypeRow, 'createdAt' | 'updatedAt'> {
  const { prototypeKey, ...rest } = prototype;
  // Stored through the attribute codec; parsePrototype made sure every value is storable.
  return { key: prototypeKey, data: rest as unknown as PrototypeRow['data'] };
}
