/**
 * The ScriptManager runs every script: it stores them, keeps each one's schedule, and fires
 * them from the Server's one TimerQueue.
 *
 * Exactly once. A firing runs inside `run` — the Server's unit of game work: one write batch
 * whose output is held until it commits — and marks the script's new schedule (`fired`,
 * `next_at`) as a write of that same batch before calling atRepeat. So the schedule and the
 * world changes atRepeat makes are committed in one transaction: after a crash or kill -9 at
 * any instant, either both are stored (the firing happened; it will not run again) or neither
 * (the script is still due; it runs once on the next start). Players never see a firing that
 * was not stored, because its output waits for the commit. The next firing is armed only after
 * the commit, so one script's firings never overlap.
 *
 * Missed firings (the Server was down, or the process stalled) follow the script's `catchUp`
 * (schedule.ts): 'once' fires once and keeps the rhythm, 'skip' fires none that were missed
 * while down, 'all' fires each (one transaction each, at most MAX_CATCH_UP).
 */
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { AttributeValue, CatchUp, ScriptPatch, Storage } from '../storage/types.ts';
import type { DirtyTracker } from '../objects/write-scopes.ts';
import type { Timer, TimerQueue } from '../timing/timer-queue.ts';
import { firstSlotAfter, nextAfterFiring } from './schedule.ts';
import {
  SCRIPT_INTERNAL,
  Script,
  type RestartOptions,
  type ScriptClass,
  type ScriptHost,
  type ScriptState,
} from './script.ts';
import type { ScriptRegistry } from './script-registry.ts';

/** After this many failing atRepeat calls in a row a script pauses (SCRIPT_FAILING). */
export const MAX_SCRIPT_FAILURES = 10;

/** Runs `fn` as one unit of game work: its writes commit together, its output after them. */
export type GameWork = <T>(fn: () => Promise<T>) => Promise<T>;

export interface ScriptManagerOptions {
  storage: Storage;
  /** Where writes are recorded (the ObjectManager's write scopes). */
  writes: DirtyTracker;
  /** Objects in memory by id (a stored script finds its object). */
  objectById: (id: number) => DefaultObject | undefined;
  queue: TimerQueue;
  registry: ScriptRegistry;
  run: GameWork;
  log: Logger;
}

export interface AddScriptOptions {
  obj?: DefaultObject | null;
  accountId?: number | null;
  key?: string;
  desc?: string;
  /** Seconds. */
  interval?: number;
  repeats?: number;
  startDelay?: boolean;
  /**
   * Seconds until the first atRepeat, when it is neither at once nor one interval away (which
   * `startDelay` chooses): a bell that tolls each game hour starts at the next one, `firstIn:
   * gameTime.realMsUntil({ minute: 0 }) / 1000`, and keeps that rhythm. Not stored (the stored
   * schedule is the next firing itself).
   */
  firstIn?: number;
  persistent?: boolean;
  catchUp?: CatchUp;
  /** The script's `db` to start with. */
  data?: Record<string, AttributeValue>;
}

export interface FindScripts {
  key?: string;
  obj?: DefaultObject | null;
  typeclass?: string;
}

const CATCH_UPS: readonly CatchUp[] = ['once', 'skip', 'all'];

export class ScriptManager implements ScriptHost {
  readonly #byId = new Map<number, Script>();
  readonly #byObject = new Map<number, Set<Script>>();
  readonly #timers = new Map<number, Timer>();
  #nextTemporaryId = -1;

  constructor(private readonly opts: ScriptManagerOptions) {}

  now(): number {
    return this.opts.queue.clock.now();
  }

  // ---- creating and finding ---------------------------------------------------------------------

  /**
   * A new script, running: `atScriptCreation`, stored (when persistent), `atStart`, and its timer
   * armed (the first atRepeat at once, or one interval away with `startDelay`).
   */
  async add(what: ScriptClass | string, options: AddScriptOptions = {}): Promise<Script> {
    const { registry, storage } = this.opts;
    const cls = typeof what === 'string' ? registry.get(what) : what;
    if (cls === undefined) {
      throw new WaystoneError(
        'SCRIPT_NOT_REGISTERED',
        `No script class is registered as '${String(what)}'.`,
      );
    }
    const name = registry.nameOf(cls);
    const script = new cls();
    await script.atScriptCreation();
    applyOptions(script, options);
    if (script.key === '') script.key = name ?? cls.name;
    validate(script);
    checkFirstIn(script, options.firstIn);
    if (script.persistent && name === null) {
      throw new WaystoneError(
        'SCRIPT_NOT_REGISTERED',
        `Script class ${cls.name} must be registered (game.registerScript) to be persistent.`,
      );
    }
    const obj = options.obj ?? null;
    if (obj?.isDeleted === true) {
      throw new WaystoneError(
        'SCRIPT_INVALID',
        `Cannot attach script '${script.key}' to a deleted object.`,
      );
    }
    const now = this.now();
    const intervalMs = script.interval * 1000;
    const nextAt = intervalMs > 0 ? now + firstDelayMs(script, options.firstIn) : null;
    const data = structuredClone(options.data ?? {});
    let id: number;
    if (script.persistent) {
      const row = await storage.scripts.create({
        key: script.key,
        typeclass: name ?? cls.name,
        objectId: obj?.id ?? null,
        accountId: options.accountId ?? null,
        description: script.desc,
        intervalMs,
        repeats: script.repeats,
        fired: 0,
        startDelay: script.startDelay,
        catchUp: script.catchUp,
        nextAt: nextAt === null ? null : new Date(nextAt),
        pausedMs: null,
        data,
      });
      id = row.id;
    } else id = this.#nextTemporaryId--;
    const state: ScriptState = {
      id,
      obj,
      accountId: options.accountId ?? null,
      fired: 0,
      nextAt,
      pausedMs: null,
      running: true,
      failures: 0,
      data,
      typeclass: name ?? cls.name,
    };
    this.#adopt(script, state);
    await this.opts.run(() => this.#hook(script, 'atStart'));
    this.#arm(script);
    return script;
  }

  /** The script with this key (and class) on `obj` if there is one, else a new one. */
  async ensure(what: ScriptClass | string, options: AddScriptOptions = {}): Promise<Script> {
    const cls = typeof what === 'string' ? this.opts.registry.get(what) : what;
    if (cls !== undefined) {
      const key = options.key ?? (new cls().key || this.opts.registry.nameOf(cls) || cls.name);
      const found = this.find({ key, obj: options.obj ?? null }).find((s) => s instanceof cls);
      if (found !== undefined) return found;
    }
    return this.add(what, options);
  }

  get(id: number): Script | undefined {
    return this.#byId.get(id);
  }

  /** Running scripts matching every given field (`obj: null`: global scripts), in id order. */
  find(query: FindScripts = {}): Script[] {
    const pool =
      query.obj === undefined || query.obj === null
        ? [...this.#byId.values()]
        : [...(this.#byObject.get(query.obj.id) ?? [])];
    return pool
      .filter(
        (s) =>
          (query.key === undefined || s.key.toLowerCase() === query.key.toLowerCase()) &&
          (query.obj !== null || s.obj === null) &&
          (query.typeclass === undefined || s.typeclass === query.typeclass),
      )
      .sort((a, b) => Math.abs(a.id) - Math.abs(b.id));
  }

  all(): Script[] {
    return this.find();
  }

  get count(): number {
    return this.#byId.size;
  }

  /** The names script classes are registered under (what `script obj = <name>` accepts). */
  classNames(): string[] {
    return this.opts.registry.names();
  }

  // ---- loading ------------------------------------------------------------------------------------

  /**
   * Every stored script back, after the world is loaded: the class found by name (an unknown
   * name is logged and its row left alone), overdue 'skip' scripts moved to their next slot,
   * `atStart`, and the timers armed (overdue ones fire at once).
   */
  async load(): Promise<number> {
    const { storage, registry, log, objectById } = this.opts;
    const now = this.now();
    const loaded: Script[] = [];
    for (const row of await storage.scripts.list()) {
      if (this.#byId.has(row.id)) continue;
      const cls = registry.get(row.typeclass);
      if (cls === undefined) {
        log.error(
          { code: 'SCRIPT_NOT_REGISTERED', script: row.key, id: row.id, typeclass: row.typeclass },
          `script #${row.id} '${row.key}' has the class '${row.typeclass}', which is not registered; it does not run`,
        );
        continue;
      }
      const obj = row.objectId === null ? null : (objectById(row.objectId) ?? null);
      if (row.objectId !== null && obj === null) {
        log.error(
          { id: row.id, objectId: row.objectId },
          `script #${row.id}: its object is not loaded`,
        );
        continue;
      }
      const script = new cls();
      script.key = row.key;
      script.desc = row.description;
      script.interval = row.intervalMs / 1000;
      script.repeats = row.repeats;
      script.startDelay = row.startDelay;
      script.catchUp = row.catchUp;
      script.persistent = true;
      const state: ScriptState = {
        id: row.id,
        obj,
        accountId: row.accountId,
        fired: row.fired,
        nextAt: row.nextAt?.getTime() ?? null,
        pausedMs: row.pausedMs,
        running: true,
        failures: 0,
        data: row.data,
        typeclass: row.typeclass,
      };
      this.#adopt(script, state);
      const intervalMs = row.intervalMs;
      if (
        script.catchUp === 'skip' &&
        state.nextAt !== null &&
        state.nextAt <= now &&
        intervalMs > 0
      ) {
        state.nextAt = firstSlotAfter(state.nextAt, now, intervalMs);
        this.#save(script);
      }
      loaded.push(script);
    }
    // One unit of work for every script's atStart, not one each: a game with 100,000 stored
    // scripts started 14 s slower with a commit per script (bench/timers.ts).
    await this.opts.run(async () => {
      for (const script of loaded) await this.#hook(script, 'atStart');
    });
    for (const script of loaded) this.#arm(script);
    return loaded.length;
  }

  // ---- ScriptHost: what scripts ask of us ------------------------------------------------------

  async pause(script: Script): Promise<void> {
    const s = stateOf(script);
    if (!s.running || s.pausedMs !== null) return;
    await this.opts.run(async () => {
      s.pausedMs = s.nextAt === null ? 0 : Math.max(0, s.nextAt - this.now());
      s.nextAt = null;
      this.#disarm(script);
      this.#save(script);
      await this.#hook(script, 'atPause');
    });
  }

  async unpause(script: Script): Promise<void> {
    const s = stateOf(script);
    if (!s.running || s.pausedMs === null) return;
    await this.opts.run(async () => {
      s.nextAt = script.interval > 0 ? this.now() + s.pausedMs! : null;
      s.pausedMs = null;
      s.failures = 0;
      this.#save(script);
      await this.#hook(script, 'atStart');
    });
    this.#arm(script);
  }

  async restart(script: Script, changes: RestartOptions = {}): Promise<void> {
    const s = stateOf(script);
    if (!s.running) return;
    checkFirstIn(script, changes.firstIn);
    await this.opts.run(async () => {
      if (changes.interval !== undefined) script.interval = changes.interval;
      if (changes.repeats !== undefined) script.repeats = changes.repeats;
      if (changes.startDelay !== undefined) script.startDelay = changes.startDelay;
      validate(script);
      const intervalMs = script.interval * 1000;
      s.fired = 0;
      s.pausedMs = null;
      s.failures = 0;
      s.nextAt = intervalMs > 0 ? this.now() + firstDelayMs(script, changes.firstIn) : null;
      this.#save(script);
      await this.#hook(script, 'atStart');
    });
    this.#arm(script);
  }

  async stop(script: Script): Promise<void> {
    if (!stateOf(script).running) return;
    await this.opts.run(() => this.#finish(script));
  }

  dataChanged(script: Script): void {
    const s = stateOf(script);
    if (s.id < 0 || !s.running) return;
    const id = s.id;
    const data = structuredClone(s.data);
    this.opts.writes.markDirty(`script-data:${id}`, (tx) => tx.scripts.update(id, { data }));
  }

  /** An object is being deleted (inside its delete batch): its scripts stop with it. */
  async objectDeleted(obj: DefaultObject): Promise<void> {
    for (const script of [...(this.#byObject.get(obj.id) ?? [])]) await this.#finish(script);
  }

  /** The next firing of any script, for the `scripts` listing. */
  nextFiring(script: Script): number | null {
    return stateOf(script).nextAt;
  }

  // ---- firing ---------------------------------------------------------------------------------------

  async #fire(script: Script, dueAt: number): Promise<void> {
    const s = stateOf(script);
    if (!s.running || s.nextAt !== dueAt) return;
    await this.opts.run(async () => {
      if (!s.running || s.nextAt !== dueAt) return;
      const now = this.now();
      s.fired += 1;
      const finished = script.repeats > 0 && s.fired >= script.repeats;
      if (finished) s.nextAt = null;
      else {
        const next = nextAfterFiring(dueAt, now, script.interval * 1000, script.catchUp);
        if (next.skipped > 0) {
          this.opts.log.warn(
            { script: script.key, id: s.id, skipped: next.skipped },
            `script '${script.key}' was ${next.skipped} firings behind; it skips to its next one`,
          );
        }
        s.nextAt = next.nextAt;
      }
      // The new schedule is a write of this batch, so it commits with what atRepeat changes.
      this.#save(script);
      const ok = await this.#hook(script, 'atRepeat');
      s.failures = ok ? 0 : s.failures + 1;
      if (finished && s.running) await this.#finish(script);
      else if (!ok && s.failures >= MAX_SCRIPT_FAILURES && s.running && s.pausedMs === null) {
        this.opts.log.error(
          { code: 'SCRIPT_FAILING', script: script.key, id: s.id, objectId: s.obj?.id ?? null },
          `script '${script.key}' failed ${s.failures} times in a row; it is paused until someone unpauses it`,
        );
        s.pausedMs = s.nextAt === null ? 0 : Math.max(0, s.nextAt - now);
        s.nextAt = null;
        this.#save(script);
      }
    });
    this.#arm(script);
  }

  async #finish(script: Script): Promise<void> {
    const s = stateOf(script);
    if (!s.running) return;
    s.running = false;
    s.nextAt = null;
    this.#disarm(script);
    this.#forget(script);
    if (s.id > 0) {
      const id = s.id;
      this.opts.writes.markDirty(`script-delete:${id}`, (tx) => tx.scripts.delete(id));
    }
    await this.#hook(script, 'atStop');
  }

  /** Runs a hook; what it throws is logged with the script's key and object. False on a throw. */
  async #hook(
    script: Script,
    hook: 'atStart' | 'atRepeat' | 'atPause' | 'atStop',
  ): Promise<boolean> {
    try {
      await script[hook]();
      return true;
    } catch (err) {
      const s = stateOf(script);
      this.opts.log.error(
        {
          err,
          code: 'SCRIPT_ERROR',
          script: script.key,
          id: s.id,
          objectId: s.obj?.id ?? null,
          hook,
        },
        `error in ${hook} of script '${script.key}'${s.obj ? ` on #${s.obj.id}` : ''}`,
      );
      return false;
    }
  }

  // ---- bookkeeping --------------------------------------------------------------------------------

  #adopt(script: Script, state: ScriptState): void {
    script[SCRIPT_INTERNAL].bind(this, state);
    this.#byId.set(state.id, script);
    if (state.obj !== null) {
      let set = this.#byObject.get(state.obj.id);
      if (set === undefined) this.#byObject.set(state.obj.id, (set = new Set()));
      set.add(script);
    }
  }

  #forget(script: Script): void {
    const s = stateOf(script);
    this.#byId.delete(s.id);
    if (s.obj !== null) {
      const set = this.#byObject.get(s.obj.id);
      set?.delete(script);
      if (set?.size === 0) this.#byObject.delete(s.obj.id);
    }
  }

  #arm(script: Script): void {
    const s = stateOf(script);
    if (!s.running || s.nextAt === null) {
      this.#disarm(script);
      return;
    }
    const dueAt = s.nextAt;
    const fire = (): Promise<void> => this.#fire(script, dueAt);
    // A fresh timer per arming: its callback carries the due time it was armed for, so a firing
    // that finds the schedule changed under it (paused, restarted) does nothing.
    this.#timers.get(s.id)?.cancel();
    this.#timers.set(s.id, this.opts.queue.at(dueAt, fire, `script #${s.id} '${script.key}'`));
  }

  #disarm(script: Script): void {
    const id = stateOf(script).id;
    this.#timers.get(id)?.cancel();
    this.#timers.delete(id);
  }

  /** Records the script's schedule as it is now, as a write of the current batch. */
  #save(script: Script): void {
    const s = stateOf(script);
    if (s.id < 0) return;
    const id = s.id;
    const patch: ScriptPatch = {
      key: script.key,
      description: script.desc,
      intervalMs: script.interval * 1000,
      repeats: script.repeats,
      startDelay: script.startDelay,
      fired: s.fired,
      nextAt: s.nextAt === null ? null : new Date(s.nextAt),
      pausedMs: s.pausedMs,
    };
    this.opts.writes.markDirty(`script:${id}`, (tx) => tx.scripts.update(id, patch));
  }
}

function stateOf(script: Script): ScriptState {
  return script[SCRIPT_INTERNAL].state;
}

function applyOptions(script: Script, options: AddScriptOptions): void {
  if (options.key !== undefined) script.key = options.key;
  if (options.desc !== undefined) script.desc = options.desc;
  if (options.interval !== undefined) script.interval = options.interval;
  if (options.repeats !== undefined) script.repeats = options.repeats;
  if (options.startDelay !== undefined) script.startDelay = options.startDelay;
  if (options.persistent !== undefined) script.persistent = options.persistent;
  if (options.catchUp !== undefined) script.catchUp = options.catchUp;
}

/** Milliseconds from now to the first atRepeat: `firstIn`, else one interval or none. */
function firstDelayMs(script: Script, firstIn: number | undefined): number {
  if (firstIn !== undefined) return firstIn * 1000;
  return script.startDelay ? script.interval * 1000 : 0;
}

function checkFirstIn(script: Script, firstIn: number | undefined): void {
  if (firstIn !== undefined && !(Number.isFinite(firstIn) && firstIn >= 0)) {
    throw new WaystoneError(
      'SCRIPT_INVALID',
      `Script '${script.key}': firstIn must be 0 or more seconds.`,
    );
  }
}

function validate(script: Script): void {
  if (!(Number.isFinite(script.interval) && script.interval >= 0)) {
    throw new WaystoneError(
      'SCRIPT_INVALID',
      `Script '${script.key}': interval must be 0 or more seconds.`,
    );
  }
  if (script.interval > 0 && script.interval < 0.01) {
    throw new WaystoneError(
      'SCRIPT_INVALID',
      `Script '${script.key}': interval must be at least 0.01 seconds.`,
    );
  }
  if (!(Number.isInteger(script.repeats) && script.repeats >= 0)) {
    throw new WaystoneError(
      'SCRIPT_INVALID',
      `Script '${script.key}': repeats must be a whole number, 0 or more.`,
    );
  }
  if (!CATCH_UPS.includes(script.catchUp)) {
    throw new WaystoneError(
      'SCRIPT_INVALID',
      `Script '${script.key}': catchUp must be 'once', 'skip' or 'all'.`,
    );
  }
}
