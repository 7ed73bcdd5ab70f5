/**
 * The cmdsets on one owner (a session, an account, an object): an optional default set at the
 * bottom and a stack of sets added on top (Evennia's cmdset_stack). The command handler reads
 * `all()`; the order matters only between sets of equal priority (the later one wins).
 *
 * Persistence: a set added as persistent is stored by its registered name (a `CmdSetRegistry`)
 * through the injected `persistence.save(names)` whenever the persistent sets change, and
 * `restore(names)` rebuilds them after a reload. The names list is Evennia's layout:
 * `names[0]` is the default set's name ('' when there is no persistent default), the rest are
 * the persistent stacked sets, bottom first. On a handler without persistence (the shared
 * session sets) every set is temporary and the option is ignored. A session's own handler
 * (`session.cmdset`) saves into the session's `serverData`, which the Portal holds over a reload.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { CmdSet, type CmdSetClass } from './cmdset.ts';
import type { CmdSetRegistry } from './cmdset-registry.ts';

/**
 * Where persistent sets are saved. `owner` is the handler's: one persistence (and one
 * `onChange`) can serve every object of a world instead of a closure per object.
 */
export interface CmdSetPersistence {
  save(names: string[], owner: unknown): void;
}

export interface CmdSetHandlerOptions {
  /** The entity the sets sit on (commands see it as `this.obj`). */
  owner: unknown;
  lockFuncs: LockFuncRegistry;
  /** Needed for persistent sets and `restore`. */
  registry?: CmdSetRegistry;
  persistence?: CmdSetPersistence;
  /**
   * Sets are persistent unless added with `{ persistent: false }` (a session's own sets, which
   * must survive a reload), instead of following each set's own `persistent`.
   */
  persistentByDefault?: boolean;
  /** Called after every change to the sets (an object tells its room whether it lends any). */
  onChange?: (owner: unknown) => void;
}

export interface AddCmdSetOptions {
  /** Default: the set's own `persistent`. */
  persistent?: boolean;
}

/** Which set(s): by key, by class, or the instance itself. */
export type CmdSetRef = string | CmdSetClass | CmdSet;

export class CmdSetHandler {
  readonly owner: unknown;
  private readonly lockFuncs: LockFuncRegistry;
  private readonly registry: CmdSetRegistry | null;
  private readonly onChange: ((owner: unknown) => void) | null;
  private readonly persistence: CmdSetPersistence | null;
  private readonly persistentByDefault: boolean;
  private defaultSet: CmdSet | null = null;
  /** Replaced, never changed in place: most handlers (every character's) never stack one. */
  private stack: readonly CmdSet[] = NO_SETS;
  /** Made by the first persistent set: most handlers hold only a shared default. */
  private persistentSets: WeakSet<CmdSet> | null = null;
  private ordered: readonly CmdSet[] = NO_SETS;
  private changes = 0;

  constructor(options: CmdSetHandlerOptions) {
    this.owner = options.owner;
    this.lockFuncs = options.lockFuncs;
    this.registry = options.registry ?? null;
    this.persistence = options.persistence ?? null;
    this.persistentByDefault = options.persistentByDefault ?? false;
    this.onChange = options.onChange ?? null;
  }

  /** Push a set on top of the stack. Returns the instance added. */
  add(cmdset: CmdSet | CmdSetClass, options?: AddCmdSetOptions): CmdSet {
    const set = this.prepare(cmdset, options);
    this.stack = this.stack.concat(set);
    this.changed(this.isPersistent(set));
    return set;
  }

  /** Set the default (bottom) set, replacing the previous default. */
  addDefault(cmdset: CmdSet | CmdSetClass, options?: AddCmdSetOptions): CmdSet {
    const set = this.prepare(cmdset, options);
    const old = this.defaultSet;
    old?.detach();
    this.defaultSet = set;
    this.changed(this.isPersistent(set) || (old !== null && this.isPersistent(old)));
    return set;
  }

  /**
   * Remove stacked sets matching `which` (never the default); with no argument, the last one
   * added. Returns how many were removed.
   */
  remove(which?: CmdSetRef): number {
    let removed: CmdSet[];
    if (which === undefined) {
      const top = this.stack.at(-1);
      removed = top === undefined ? [] : [top];
      if (top !== undefined) this.stack = this.stack.slice(0, -1);
    } else {
      removed = this.stack.filter((set) => matches(set, which));
      if (removed.length > 0) this.stack = this.stack.filter((set) => !matches(set, which)).slice();
    }
    if (removed.length === 0) return 0;
    for (const set of removed) set.detach();
    this.changed(removed.some((set) => this.isPersistent(set)));
    return removed.length;
  }

  removeDefault(): boolean {
    const old = this.defaultSet;
    if (old === null) return false;
    old.detach();
    this.defaultSet = null;
    this.changed(this.isPersistent(old));
    return true;
  }

  get default(): CmdSet | null {
    return this.defaultSet;
  }

  /** Every set, the default first, then the stack bottom to top. Do not mutate. */
  all(): readonly CmdSet[] {
    return this.ordered;
  }

  has(which: CmdSetRef): boolean {
    return this.get(which) !== undefined;
  }

  /** The topmost set matching `which` (the default included). */
  get(which: CmdSetRef): CmdSet | undefined {
    for (let i = this.ordered.length - 1; i >= 0; i -= 1) {
      const set = this.ordered[i] as CmdSet;
      if (matches(set, which)) return set;
    }
    return undefined;
  }

  /** Change counter: goes up on every add and remove. */
  get version(): number {
    return this.changes;
  }

  /** The names `persistence.save` receives (see the top of this file). */
  persistentNames(): string[] {
    const registry = this.registry;
    if (registry === null) return [];
    const nameOf = (set: CmdSet): string => registry.nameOf(set) ?? '';
    const def = this.defaultSet;
    return [
      def !== null && this.isPersistent(def) ? nameOf(def) : '',
      ...this.stack.filter((set) => this.isPersistent(set)).map(nameOf),
    ];
  }

  /**
   * Replace every set with those named (as saved): used after a reload. An unregistered name
   * throws `CMDSET_UNKNOWN` and leaves the handler unchanged. Does not call `save`.
   */
  restore(names: readonly string[]): void {
    const registry = this.requireRegistry('restore cmdsets');
    const classes = names.map((name, i) => (i === 0 && name === '' ? null : registry.get(name)));
    const sets = classes.map((Cls) => (Cls === null ? null : new Cls()));
    for (const set of sets) set?.attach(this.owner, this.lockFuncs);
    this.defaultSet?.detach();
    for (const set of this.stack) set.detach();
    const [first = null, ...rest] = sets;
    this.defaultSet = first;
    this.stack = rest.filter((set): set is CmdSet => set !== null).slice();
    for (const set of sets) if (set !== null) (this.persistentSets ??= new WeakSet()).add(set);
    this.changed(false);
  }

  private prepare(cmdset: CmdSet | CmdSetClass, options?: AddCmdSetOptions): CmdSet {
    const set = typeof cmdset === 'function' ? new cmdset() : cmdset;
    if (!(set instanceof CmdSet)) {
      throw new WaystoneError('CMDSET_INVALID', 'Only CmdSet instances or classes can be added.');
    }
    if (this.ordered.includes(set)) {
      throw new WaystoneError('CMDSET_INVALID', `CmdSet '${set.key}' is already on this handler.`);
    }
    const persistent =
      this.persistence !== null &&
      (options?.persistent ?? (this.persistentByDefault || set.persistent));
    if (persistent && this.requireRegistry('store a persistent cmdset').nameOf(set) === undefined) {
      throw new WaystoneError(
        'CMDSET_NOT_REGISTERED',
        `CmdSet '${set.key}' (${set.constructor.name}) is persistent but its class is not registered.`,
      );
    }
    set.attach(this.owner, this.lockFuncs);
    if (persistent) (this.persistentSets ??= new WeakSet()).add(set);
    else this.persistentSets?.delete(set);
    return set;
  }

  private isPersistent(set: CmdSet): boolean {
    return this.persistentSets?.has(set) ?? false;
  }

  private requireRegistry(what: string): CmdSetRegistry {
    if (this.registry === null) {
      throw new WaystoneError('CMDSET_INVALID', `This cmdset handler has no registry to ${what}.`);
    }
    return this.registry;
  }

  private changed(persistentChanged: boolean): void {
    this.changes += 1;
    this.ordered =
      this.defaultSet === null
        ? this.stack
        : this.stack.length === 0
          ? alone(this.defaultSet)
          : [this.defaultSet].concat(this.stack);
    if (persistentChanged) this.persistence?.save(this.persistentNames(), this.owner);
    this.onChange?.(this.owner);
  }

  /** True when a set here is not shared: something it could lend to others nearby. */
  get lendsCommands(): boolean {
    return this.ordered.some((set) => !set.shared);
  }
}

const NO_SETS: readonly CmdSet[] = Object.freeze([]);

/**
 * `[set]` for a shared set, one frozen list for all its owners: every character and every
 * account holds only its shared default, and a list each cost them 56 bytes.
 */
const ALONE = new WeakMap<CmdSet, readonly CmdSet[]>();

function alone(set: CmdSet): readonly CmdSet[] {
  if (!set.shared) return [set];
  let list = ALONE.get(set);
  if (list === undefined) ALONE.set(set, (list = Object.freeze([set])));
  return list;
}

function matches(set: CmdSet, which: CmdSetRef): boolean {
  if (typeof which === 'string') return set.key === which;
  if (typeof which === 'function') return set.constructor === which;
  return set === which;
}
