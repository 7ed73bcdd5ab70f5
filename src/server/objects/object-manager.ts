/**
 * Binds objects to storage: create, load, find, search and delete, with an identity map so an
 * object is one instance however many times it is loaded, and reads never hit the database
 * once it is in memory. Writes go through write scopes (write-scopes.ts): `batch(fn, work?)`
 * commits everything `fn` changed in one unit of work before it resolves; `flush()` commits
 * what changed outside any batch.
 *
 * What is in memory is closed under "where": loading an object loads its location, home,
 * destination and contents (and theirs, and so on), so `obj.location.contents` and
 * `exit.destination` are plain memory reads. In practice the Server calls `loadAll()` at
 * start-up and the whole world is in memory, as in Evennia after its first accesses.
 */
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import { CmdSetRegistry } from '../commands/cmdset-registry.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { objectRef } from '../storage/entity-ref.ts';
import { SystemClock, type Clock } from '../timing/clock.ts';
import type {
  AttributeRow,
  AttributeValue,
  ObjectFilter,
  ObjectRow,
  Storage,
  TagRow,
  UnitOfWork,
} from '../storage/types.ts';
import {
  DefaultObject,
  INTERNAL,
  type ObjectClass,
  type ObjectWorld,
  type SearchOptions,
} from './object.ts';
import type { ObjectScripts } from '../scripts/object-scripts.ts';
import type { ObjectSession } from './object-sessions.ts';
import type { PlayerMarkup } from '../../shared/markup/player-text.ts';
import { matchObjects } from './search.ts';
import type { TypeclassRegistry } from './typeclass-registry.ts';
import { WriteScopes } from './write-scopes.ts';
import { InlineFuncRegistry } from '../text-ui/inline-funcs.ts';

export interface ObjectManagerOptions {
  storage: Storage;
  lockFuncs: LockFuncRegistry;
  typeclasses: TypeclassRegistry;
  /** Names of persistent cmdsets (a new, empty registry by default). */
  cmdsets?: CmdSetRegistry;
  log: Logger;
  /** The world's time (objects read it as `obj.clock`); a SystemClock by default. */
  clock?: Clock;
  /** Called for each object as it enters memory, before atInit (the Server adds cmdsets). */
  onLoaded?: (obj: DefaultObject) => void;
  /** A puppeted object moved (step 7 of moveTo): the Server sends its clients GMCP Room.Info. */
  onMoved?: (obj: DefaultObject, source: DefaultObject | null) => void;
  /** `obj.updateVitals()` on a puppeted object: the Server sends changed GMCP Char.Vitals. */
  onVitalsChanged?: (obj: DefaultObject) => void;
  /** What players' own words may hold (the `playerMarkup` setting); 'none' by default. */
  playerMarkup?: PlayerMarkup;
}

export interface CreateObjectOptions<T extends DefaultObject = DefaultObject> {
  /** A registered name, or a registered class. */
  typeclass: string | ObjectClass<T>;
  key: string;
  location?: DefaultObject | null;
  /** Defaults to the location. */
  home?: DefaultObject | null;
  destination?: DefaultObject | null;
  /** Added over the class's default locks (per access type). */
  locks?: string;
  /** Attributes without a category. */
  attributes?: Readonly<Record<string, AttributeValue>>;
  aliases?: readonly string[];
  permissions?: readonly string[];
  /** Other tags: `'red'` or `['red', 'colour']`. */
  tags?: ReadonlyArray<string | readonly [tag: string, category: string]>;
  accountId?: number | null;
}

export interface FindObjectsQuery {
  key?: string;
  typeclass?: string;
  location?: DefaultObject | null;
  accountId?: number;
  /** Objects carrying this tag (in this category, '' by default). */
  tag?: { tag: string; category?: string };
}

/** Runs a command line as an object (the Server's command handler, see `useExecutor`). */
export type ObjectExecutor = (
  obj: DefaultObject,
  line: string,
  session: ObjectSession | null,
) => Promise<void>;

/** What the timekeeping layer offers objects (scripts/timekeeping.ts sets it). */
export interface ObjectTimekeeping {
  scriptsOf(obj: DefaultObject): ObjectScripts;
  objectDeleted(obj: DefaultObject): Promise<void>;
}

export class ObjectManager implements ObjectWorld {
  readonly lockFuncs: LockFuncRegistry;
  readonly cmdsets: CmdSetRegistry;
  readonly clock: Clock;
  /** ObjectWorld: what players' own words may hold (says, descriptions…). */
  readonly playerMarkup: PlayerMarkup;
  /** ObjectWorld: the inline functions messages may run (`game.inlineFuncs`). */
  readonly inlineFuncs = new InlineFuncRegistry();
  readonly #loaded = new Map<number, DefaultObject>();
  /** Objects by owning account (characters above all): logins look them up. */
  /**
   * Objects by owning account: nearly every account owns one (its character), kept as itself;
   * a set is made for a second (a set per account cost each ~150 bytes).
   */
  readonly #byOwner = new Map<number, DefaultObject | Set<DefaultObject>>();
  /** One string per typeclass name: each row read brings its own copy, kept by each object. */
  readonly #typeclassNames = new Map<string, string>();
  readonly #scopes: WriteScopes;
  readonly #opts: ObjectManagerOptions;
  #executor: ObjectExecutor | null = null;
  #searchNicks: ((caller: DefaultObject, query: string) => string) | null = null;
  #timekeeping: ObjectTimekeeping | null = null;

  constructor(opts: ObjectManagerOptions) {
    this.#opts = opts;
    this.lockFuncs = opts.lockFuncs;
    this.cmdsets = opts.cmdsets ?? new CmdSetRegistry();
    this.clock = opts.clock ?? new SystemClock();
    this.playerMarkup = opts.playerMarkup ?? 'none';
    this.#scopes = new WriteScopes(
      () => opts.storage.unitOfWork(),
      (err) => opts.log.error({ err }, 'object changes could not be stored'),
    );
  }

  // ---- writes ------------------------------------------------------------------------------

  markDirty: WriteScopes['markDirty'] = (key, write) => this.#scopes.markDirty(key, write);

  /**
   * Runs `fn`; everything it changes on objects (across awaits, hooks included) is committed
   * in ONE unit of work — `work` if given, so a command can add its own writes — before this
   * resolves. Nested batches join the outer one.
   */
  batch<T>(fn: () => Promise<T> | T, work?: UnitOfWork): Promise<T> {
    return this.#scopes.batch(fn, work);
  }

  /** Commits changes made outside any batch; resolves once all of them are stored. */
  flush(): Promise<void> {
    return this.#scopes.flush();
  }

  // ---- acting ------------------------------------------------------------------------------

  /**
   * Who runs `obj.execute(line)`: the Server hands over its command handler once it is built
   * (the objects exist before the commands do).
   */
  useExecutor(executor: ObjectExecutor): void {
    this.#executor = executor;
  }

  /** What the caller calls things (object nicks, comms/nicks.ts): applied to each search. */
  useSearchNicks(rewrite: (caller: DefaultObject, query: string) => string): void {
    this.#searchNicks = rewrite;
  }

  /** Scripts, tickers and delays (scripts/timekeeping.ts): `obj.scripts`, and cleanup on delete. */
  useTimekeeping(timekeeping: ObjectTimekeeping): void {
    this.#timekeeping = timekeeping;
  }

  /** ObjectWorld: `obj.scripts`. */
  scriptsOf(obj: DefaultObject): ObjectScripts {
    if (this.#timekeeping === null) {
      throw new WaystoneError('SCRIPT_INVALID', `No scripts run here, so #${obj.id} has none.`);
    }
    return this.#timekeeping.scriptsOf(obj);
  }

  execute(obj: DefaultObject, line: string, session: ObjectSession | null): Promise<void> {
    const executor = this.#executor;
    if (executor === null) {
      return Promise.reject(
        new WaystoneError(
          'COMMAND_NOT_RUNNING',
          `No command handler runs yet, so #${obj.id} cannot execute '${line}'.`,
        ),
      );
    }
    return executor(obj, line, session);
  }

  // ---- create --------------------------------------------------------------------------

  async create<T extends DefaultObject = DefaultObject>(
    options: CreateObjectOptions<T>,
  ): Promise<T> {
    const { typeclasses, storage } = this.#opts;
    const name =
      typeof options.typeclass === 'string'
        ? options.typeclass
        : typeclasses.nameOf(options.typeclass);
    const cls = typeclasses.get(name);
    const location = options.location ?? null;
    const home = options.home === undefined ? location : options.home;
    const destination = options.destination ?? null;
    for (const ref of [location, home, destination]) {
      if (ref?.isDeleted === true) {
        throw new WaystoneError('STORAGE_CONSTRAINT', `Object #${ref.id} was deleted.`);
      }
    }
    // Checked before anything is stored: a bad lock string fails here with LOCK_INVALID.
    const extraLocks = new LockHandler(this.lockFuncs, null, options.locks ?? '');
    const tags: Array<[string, string]> = [
      ...(options.aliases ?? []).map((a): [string, string] => [a, 'alias']),
      ...(options.permissions ?? []).map((p): [string, string] => [p, 'permission']),
      ...(options.tags ?? []).map((t): [string, string] =>
        typeof t === 'string' ? [t, ''] : [t[0], t[1]],
      ),
    ];
    const attributes = Object.entries(options.attributes ?? {});
    const { row, locks } = await storage.transaction(async (tx) => {
      const created = await tx.objects.create({
        typeclass: name,
        key: options.key,
        locationId: location?.id ?? null,
        homeId: home?.id ?? null,
        destinationId: destination?.id ?? null,
        accountId: options.accountId ?? null,
        locks: '',
      });
      const handler = new LockHandler(this.lockFuncs, null, cls.defaultLocks(created.id));
      handler.add(extraLocks.toString());
      const lockString = handler.toString();
      await tx.objects.update(created.id, { locks: lockString });
      for (const [attr, value] of attributes)
        await tx.attributes.set(objectRef(created.id), attr, value);
      for (const [tag, category] of tags) await tx.tags.add(objectRef(created.id), tag, category);
      return { row: created, locks: lockString };
    });
    const obj = new cls({
      row: { ...row, locks, typeclass: this.#typeclassName(row.typeclass) },
      attributes: attributes.map(([attr, value]) => ({
        ownerKind: 'object',
        ownerId: row.id,
        name: attr,
        category: '',
        value,
      })),
      tags: tags.map(([tag, category]) => ({
        ownerKind: 'object',
        ownerId: row.id,
        tag,
        category,
      })),
      world: this,
    });
    this.#remember(obj);
    obj[INTERNAL].link((id) => this.#loaded.get(id));
    this.#opts.onLoaded?.(obj);
    await this.batch(async () => {
      await obj.atObjectCreation();
      await obj.atInit();
    });
    return obj as T;
  }

  // ---- typeclasses ---------------------------------------------------------------------

  /** The registered object classes (builders list and check them: the `typeclass` command). */
  get typeclasses(): TypeclassRegistry {
    return this.#opts.typeclasses;
  }

  /**
   * Gives `obj` another registered class in place, as Evennia's swap_typeclass: the same
   * instance (every reference to it stays good; its attributes, tags, locks, place and
   * puppeteers stay), now answering with the new class's methods. Field initialisers of the
   * new class do not run: state that must last lives in attributes, as it must to survive a
   * restart anyway. The default cmdset given on load follows the class (an exit's command
   * comes or goes); then atObjectCreation and atInit run, as for a new object. With `clean`,
   * first every attribute but the engine's own ('system'), every ndb value and every cmdset
   * go: Evennia's `/reset`. TYPECLASS_MISSING (nothing changed) for an unregistered name.
   */
  async swapTypeclass(
    obj: DefaultObject,
    typeclass: string,
    options: { clean?: boolean } = {},
  ): Promise<void> {
    const cls = this.#opts.typeclasses.get(typeclass);
    await this.batch(async () => {
      if (options.clean === true) {
        for (const a of obj.attributes.all()) {
          if (a.category !== 'system') obj.attributes.delete(a.name, a.category);
        }
        for (const key of Object.keys(obj.ndb)) delete obj.ndb[key];
        while (obj.cmdset.remove() > 0);
        obj.cmdset.removeDefault();
      }
      obj[INTERNAL].retype(typeclass, cls);
      // A default set that is not stored came from onLoaded, for the old class.
      if (obj.cmdset.default !== null && (obj.cmdset.persistentNames()[0] ?? '') === '') {
        obj.cmdset.removeDefault();
      }
      this.#opts.onLoaded?.(obj);
      await obj.atObjectCreation();
      await obj.atInit();
    });
  }

  // ---- load ----------------------------------------------------------------------------

  /** In memory already (never touches the database). */
  cached(id: number): DefaultObject | undefined {
    return this.#loaded.get(id);
  }

  /** Every object in memory, in id order. */
  all(): DefaultObject[] {
    return [...this.#loaded.values()].sort((a, b) => a.id - b.id);
  }

  /** The object with this id (loading it and what surrounds it if needed), or null. */
  async load(id: number): Promise<DefaultObject | null> {
    const cached = this.#loaded.get(id);
    if (cached !== undefined) return cached;
    await this.#loadRows(await this.#closure([id]));
    return this.#loaded.get(id) ?? null;
  }

  /** Loads every stored object (start-up, after a reload); returns how many were loaded. */
  async loadAll(): Promise<number> {
    const { storage } = this.#opts;
    const rows = await storage.objects.find({});
    const fresh = rows.filter((row) => !this.#loaded.has(row.id));
    // Three queries for the whole world, not two per object: a start-up (and so a reload)
    // with thousands of characters would otherwise wait on thousands of round trips.
    const attributes = groupByOwner(await storage.attributes.listForKind('object'));
    const tags = groupByOwner(await storage.tags.listForKind('object'));
    await this.#loadRows(fresh, { attributes, tags });
    return fresh.length;
  }

  /** The objects an account owns (its characters, and what it made), in id order. */
  ownedBy(accountId: number): DefaultObject[] {
    const owned = this.#byOwner.get(accountId);
    if (owned === undefined) return [];
    return owned instanceof Set ? [...owned].sort((a, b) => a.id - b.id) : [owned];
  }

  /** What is inside `room`, loaded (with the room) if it was not yet. */
  async loadContents(room: DefaultObject | number): Promise<DefaultObject[]> {
    const loaded = typeof room === 'number' ? await this.load(room) : room;
    return loaded?.contents ?? [];
  }

  /** Stored objects matching every field given, loaded, in id order. */
  async find(query: FindObjectsQuery = {}): Promise<DefaultObject[]> {
    const { storage } = this.#opts;
    const filter: ObjectFilter = {};
    if (query.key !== undefined) filter.key = query.key;
    if (query.typeclass !== undefined) filter.typeclass = query.typeclass;
    if (query.location !== undefined) filter.locationId = query.location?.id ?? null;
    if (query.accountId !== undefined) filter.accountId = query.accountId;
    let ids = (await storage.objects.find(filter)).map((row) => row.id);
    if (query.tag !== undefined) {
      const owners = await storage.tags.findOwners(
        query.tag.tag,
        query.tag.category ?? '',
        'object',
      );
      const tagged = new Set(owners.map((ref) => ref.id));
      ids = ids.filter((id) => tagged.has(id));
    }
    const found: DefaultObject[] = [];
    for (const id of ids) {
      const obj = await this.load(id);
      if (obj !== null) found.push(obj);
    }
    return found;
  }

  /** The ids to load with `ids`: their locations, homes, destinations and contents, closed. */
  async #closure(ids: readonly number[]): Promise<ObjectRow[]> {
    const { objects } = this.#opts.storage;
    const rows = new Map<number, ObjectRow>();
    const expanded = new Set<number>();
    const queue = [...ids];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (this.#loaded.has(id) || expanded.has(id)) continue;
      expanded.add(id);
      const row = rows.get(id) ?? (await objects.findById(id));
      if (row === null) continue;
      rows.set(id, row);
      for (const ref of [row.locationId, row.homeId, row.destinationId]) {
        if (ref !== null) queue.push(ref);
      }
      for (const inside of await objects.find({ locationId: id })) {
        if (!rows.has(inside.id)) rows.set(inside.id, inside);
        queue.push(inside.id);
      }
    }
    return [...rows.values()];
  }

  /**
   * Builds, links and initialises objects. Every class is looked up and every instance built
   * before any enters the identity map, so a missing typeclass or a stored lock that no longer
   * parses fails the load with nothing half-loaded.
   */
  async #loadRows(
    rows: readonly ObjectRow[],
    preloaded?: {
      attributes: Map<number, AttributeRow[]>;
      tags: Map<number, TagRow[]>;
    },
  ): Promise<void> {
    const { storage, typeclasses } = this.#opts;
    const sorted = [...rows].sort((a, b) => a.id - b.id);
    const classes = sorted.map((row) => typeclasses.get(row.typeclass));
    const built: DefaultObject[] = [];
    for (const [i, row] of sorted.entries()) {
      const ref = objectRef(row.id);
      const [attributes, tags] = preloaded
        ? [preloaded.attributes.get(row.id) ?? [], preloaded.tags.get(row.id) ?? []]
        : [await storage.attributes.listFor(ref), await storage.tags.listFor(ref)];
      const cls = classes[i] as ObjectClass;
      const typeclass = this.#typeclassName(row.typeclass);
      built.push(new cls({ row: { ...row, typeclass }, attributes, tags, world: this }));
    }
    for (const obj of built) obj[INTERNAL].restoreCmdsets();
    for (const obj of built) this.#remember(obj);
    for (const obj of built) obj[INTERNAL].link((id) => this.#loaded.get(id));
    for (const obj of built) this.#opts.onLoaded?.(obj);
    await this.batch(async () => {
      for (const obj of built) await obj.atInit();
    });
  }

  // ---- search --------------------------------------------------------------------------

  /**
   * Every object matching `query` at the best level (search.ts), looking by default in the
   * caller's location, at the location, and in the caller's inventory, in that order.
   */
  search(caller: DefaultObject, typed: string, options: SearchOptions = {}): DefaultObject[] {
    const query = this.#searchNicks?.(caller, typed) ?? typed;
    const here = caller.location;
    const candidates = options.candidates ?? [
      ...(here === null ? [] : [...here.contents, here]),
      ...caller.contents,
    ];
    const global = options.global === true ? /^#(\d+)$/.exec(query.trim()) : null;
    if (global !== null) {
      const obj = this.#loaded.get(Number(global[1]));
      return obj === undefined ? [] : [obj];
    }
    return matchObjects(query, candidates, { me: caller, here });
  }

  // ---- delete --------------------------------------------------------------------------

  /**
   * Deletes an object (timeline in object.ts); false when atObjectDelete refused. Exits inside
   * it are deleted too; other contents go home quietly, or nowhere when home is gone.
   */
  delete(obj: DefaultObject): Promise<boolean> {
    return this.batch(async () => {
      if (obj.isDeleted) return false;
      if ((await obj.atObjectDelete()) === false) return false;
      for (const inside of obj.contents) {
        if (inside.destination !== null) {
          await this.delete(inside);
          continue;
        }
        const home = inside.home;
        const moved = home !== null && home !== obj && !obj.contains(home) && !home.isDeleted;
        if (!(moved && (await inside.moveTo(home, { quiet: true })))) {
          inside[INTERNAL].place(null);
        }
      }
      // Its scripts stop (atStop runs) and its tickers and delays go, in this same batch.
      await this.#timekeeping?.objectDeleted(obj);
      obj[INTERNAL].markDeleted();
      this.#loaded.delete(obj.id);
      this.#indexOwner(obj, obj.accountId, null);
      for (const other of this.#loaded.values()) other[INTERNAL].forget(obj);
      const id = obj.id;
      this.markDirty(`delete:${id}`, (tx) => tx.objects.delete(id));
      return true;
    });
  }

  // ---- the identity map and the owner index ----------------------------------------------

  #remember(obj: DefaultObject): void {
    this.#loaded.set(obj.id, obj);
    this.#indexOwner(obj, null, obj.accountId);
  }

  /** ObjectWorld: a puppeted object moved (objects nobody puppets never call this). */
  moved(obj: DefaultObject, source: DefaultObject | null): void {
    this.#opts.onMoved?.(obj, source);
  }

  /** ObjectWorld: a puppeted object's vitals may have changed (`obj.updateVitals()`). */
  vitalsChanged(obj: DefaultObject): void {
    this.#opts.onVitalsChanged?.(obj);
  }

  /** ObjectWorld: an object's owning account changed (the index follows). */
  ownerChanged(obj: DefaultObject, from: number | null, to: number | null): void {
    if (this.#loaded.get(obj.id) === obj) this.#indexOwner(obj, from, to);
  }

  #typeclassName(name: string): string {
    const known = this.#typeclassNames.get(name);
    if (known !== undefined) return known;
    this.#typeclassNames.set(name, name);
    return name;
  }

  #indexOwner(obj: DefaultObject, from: number | null, to: number | null): void {
    if (from !== null) {
      const held = this.#byOwner.get(from);
      if (held === obj) this.#byOwner.delete(from);
      else if (held instanceof Set) {
        held.delete(obj);
        if (held.size === 1) this.#byOwner.set(from, held.values().next().value as DefaultObject);
      }
    }
    if (to !== null) {
      const held = this.#byOwner.get(to);
      if (held === undefined || held === obj) this.#byOwner.set(to, obj);
      else if (held instanceof Set) held.add(obj);
      else this.#byOwner.set(to, new Set([held, obj]));
    }
  }

  // ---- reload --------------------------------------------------------------------------

  /** Runs atServerReload on every object in memory, then stores what they changed. */
  async atServerReload(): Promise<void> {
    await this.batch(async () => {
      for (const obj of this.all()) await obj.atServerReload();
    });
    await this.flush();
  }
}

function groupByOwner<R extends { ownerId: number }>(rows: readonly R[]): Map<number, R[]> {
  const byOwner = new Map<number, R[]>();
  for (const row of rows) {
    const list = byOwner.get(row.ownerId);
    if (list === undefined) byOwner.set(row.ownerId, [row]);
    else list.push(row);
  }
  return byOwner;
}
