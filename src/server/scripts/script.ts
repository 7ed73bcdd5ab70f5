/**
 * `Script`: timed behaviour and state a game attaches to an object, an account, or nothing (a
 * global script) — Evennia's Scripts. A game subclasses it and sets fields and hooks:
 *
 *   class Toll extends Script {
 *     override key = 'toll';
 *     override interval = 1800;        // seconds between atRepeat calls (0: no timer)
 *     override async atRepeat() { this.obj?.location?.msgContents('The bell tolls.'); }
 *   }
 *   game.registerScript('Toll', Toll);           // persistent scripts are stored by this name
 *   await bell.scripts.add(Toll);                // or services.scripts.add(Toll, { obj: bell })
 *
 * Fields (class fields, then `atScriptCreation`, then the options given to `add`, which win):
 * `key`, `desc`, `interval` (seconds), `repeats` (how many atRepeat calls in all; 0 = no end),
 * `startDelay` (wait one interval before the first call; otherwise the first comes at once;
 * the option `firstIn` to `add` and `restart` gives the wait in seconds instead, as a bell that
 * tolls each game hour needs: `firstIn: gameTime.realMsUntil({ minute: 0 }) / 1000`),
 * `persistent` (stored, surviving reloads and crashes; false = gone at the next reload),
 * `catchUp` (what to do with firings missed while the Server was down: 'once' fires one and
 * keeps the rhythm, 'skip' fires none, 'all' fires every missed one, up to 1,000).
 *
 * Hooks (each may be async; the ScriptManager awaits it):
 *   atScriptCreation  once in the script's life, before it is stored
 *   atStart           when its timer (re)starts: created, each Server start, unpause, restart
 *   atRepeat          every `interval`; its world changes commit together with the script's
 *                     new schedule, so after a crash or kill -9 a firing happened once or not at
 *                     all, never twice. What it throws is logged with the script's key and
 *                     object, and the script carries on; after 10 failures in a row it pauses
 *                     (code SCRIPT_FAILING) until someone unpauses it.
 *   atPause           after `pause()`          atStop   when stopped (or its object deleted)
 *
 * State: `db` is persistent (assign to it: `this.db.tolls = n`; values as attributes take),
 * `ndb` is not. The manager owns the schedule; game code calls `pause`, `unpause`, `restart`,
 * `stop` and reads `fired`, `remainingRepeats`, `timeUntilNextRepeat()`.
 */
import type { AttributeValue, CatchUp } from '../storage/types.ts';
import type { DefaultObject } from '../objects/object.ts';

/** What a script needs from the manager that runs it (ScriptManager implements it). */
export interface ScriptHost {
  pause(script: Script): Promise<void>;
  unpause(script: Script): Promise<void>;
  restart(script: Script, changes?: RestartOptions): Promise<void>;
  stop(script: Script): Promise<void>;
  /** The script's `db` changed. */
  dataChanged(script: Script): void;
  now(): number;
}

export interface RestartOptions {
  interval?: number;
  repeats?: number;
  startDelay?: boolean;
  /** Seconds until the first atRepeat, instead of 0 or one interval (see AddScriptOptions). */
  firstIn?: number;
}

export type ScriptClass<T extends Script = Script> = new () => T;

/** @internal The schedule the manager keeps on each script. */
export interface ScriptState {
  id: number;
  obj: DefaultObject | null;
  accountId: number | null;
  fired: number;
  /** Clock ms of the next firing; null without a timer, or while paused. */
  nextAt: number | null;
  pausedMs: number | null;
  running: boolean;
  failures: number;
  data: Record<string, AttributeValue>;
  typeclass: string;
}

/** @internal */
export interface ScriptInternals {
  bind(host: ScriptHost, state: ScriptState): void;
  readonly state: ScriptState;
}

export const SCRIPT_INTERNAL: unique symbol = Symbol('waystone.scripts.internal');

export class Script {
  // ---- set by the game author -----------------------------------------------------------------
  key = '';
  desc = '';
  /** Seconds between atRepeat calls; 0 = no timer (a script that only keeps state and hooks). */
  interval = 0;
  /** How many times atRepeat runs in all; 0 = without end. */
  repeats = 0;
  startDelay = false;
  persistent = true;
  catchUp: CatchUp = 'once';

  /** Non-persistent attributes: gone at a reload. */
  readonly ndb: Record<string, unknown> = {};

  #host: ScriptHost | null = null;
  #state: ScriptState | null = null;
  #db: Record<string, AttributeValue> | null = null;

  // ---- hooks ------------------------------------------------------------------------------------
  atScriptCreation(): void | Promise<void> {}
  atStart(): void | Promise<void> {}
  atRepeat(): void | Promise<void> {}
  atPause(): void | Promise<void> {}
  atStop(): void | Promise<void> {}

  // ---- what game code reads -----------------------------------------------------------------
  /** Its id: positive when stored, negative for a non-persistent script. */
  get id(): number {
    return this.#internal().id;
  }

  /** The object it is attached to (null for an account's or a global script). */
  get obj(): DefaultObject | null {
    return this.#state?.obj ?? null;
  }

  get accountId(): number | null {
    return this.#state?.accountId ?? null;
  }

  /** The registered name it is stored by. */
  get typeclass(): string {
    return this.#state?.typeclass ?? this.constructor.name;
  }

  /** How many times atRepeat has run. */
  get fired(): number {
    return this.#state?.fired ?? 0;
  }

  /** Left to run, or null when it repeats without end. */
  get remainingRepeats(): number | null {
    return this.repeats > 0 ? Math.max(0, this.repeats - this.fired) : null;
  }

  get isRunning(): boolean {
    return this.#state?.running === true;
  }

  get isPaused(): boolean {
    return this.#state?.pausedMs !== null && this.#state?.pausedMs !== undefined;
  }

  /** Seconds until the next atRepeat, or null (no timer, paused, stopped). */
  timeUntilNextRepeat(): number | null {
    const next = this.#state?.nextAt;
    if (next === null || next === undefined || this.#host === null) return null;
    return Math.max(0, (next - this.#host.now()) / 1000);
  }

  /** Persistent attributes: assign to store (`this.db.count = 3`). */
  get db(): Record<string, AttributeValue> {
    if (this.#db === null) {
      const state = this.#internal();
      this.#db = new Proxy(state.data, {
        set: (target, prop, value) => {
          if (typeof prop !== 'string') return false;
          target[prop] = value as AttributeValue;
          this.#host?.dataChanged(this);
          return true;
        },
        deleteProperty: (target, prop) => {
          if (typeof prop !== 'string') return false;
          delete target[prop];
          this.#host?.dataChanged(this);
          return true;
        },
      });
    }
    return this.#db;
  }

  // ---- what game code does ------------------------------------------------------------------
  pause(): Promise<void> {
    return this.#hostOf().pause(this);
  }

  unpause(): Promise<void> {
    return this.#hostOf().unpause(this);
  }

  /** Start over: the count back to 0, the first firing as for a new script. */
  restart(changes?: RestartOptions): Promise<void> {
    return this.#hostOf().restart(this, changes);
  }

  stop(): Promise<void> {
    return this.#hostOf().stop(this);
  }

  /** @internal The manager's handle on the script. */
  get [SCRIPT_INTERNAL](): ScriptInternals {
    const bind = (host: ScriptHost, state: ScriptState): void => {
      this.#host = host;
      this.#state = state;
      this.#db = null;
    };
    const read = (): ScriptState => this.#internal();
    return {
      bind,
      get state() {
        return read();
      },
    };
  }

  #internal(): ScriptState {
    if (this.#state === null) throw new Error(`script '${this.key}' is not running yet`);
    return this.#state;
  }

  #hostOf(): ScriptHost {
    if (this.#host === null) throw new Error(`script '${this.key}' is not running yet`);
    return this.#host;
  }
}
