/**
 * Client monitors (Evennia's MonitorHandler, REFERENCE.md §10): a session watches variables of
 * its player (client-variables.ts) and is sent each new value out of band — as
 * `["monitor", [], {"name": "hp", "value": 7}]` (GMCP `Char.Monitor.Update`) for `monitor`, as
 * `["msdp", [], {"HEALTH": 7}]` (MSDP `VAR HEALTH VAL 7`) for MSDP `REPORT`.
 *
 * What a client gets:
 * - the current value at once when it starts watching (Evennia waits for a change; a client
 *   wants something to show);
 * - then one message per change: writes made in one go (one turn of the event loop, such as a
 *   command's writes with no `await` between them) are sent once, with the last value; a value
 *   equal to what the client last got is not sent again. The message leaves in the context of
 *   the first write, so a command's monitor updates wait, with its other output, until its
 *   writes are committed.
 *
 * Monitors belong to the session, not to one object (Evennia ties them to the object): the
 * client asked about "my character", so when the session takes another character (`ic`), its
 * monitors move to it and the values that differ are sent; out of character they watch nothing
 * (`hp` reads null, `name` the account's name). They end when the session disconnects, with
 * `unmonitor`/`UNREPORT`/`RESET`, and there are at most MAX_MONITORS_PER_SESSION of them.
 *
 * Across a Server reload (Evennia loses them): the names are kept in the session's
 * `serverData.monitors`, which the Portal holds, and `restore` re-establishes them on the
 * rebuilt session without sending anything (the client still shows the values).
 *
 * Cost: an object nobody watches carries one empty slot (AttributeHandler.watch); a watched one
 * has one listener, and a change wakes only the sessions watching that attribute.
 */
import type { Logger } from 'pino';
import type { FuncCall } from '../../shared/session-data.ts';
import { MSDP_OUTPUTFUNC } from '../../shared/msdp-output.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import {
  readVariable,
  watchKey,
  type ClientVariable,
  type ClientVariables,
} from './client-variables.ts';

/** How a watch reports: GMCP-style `monitor` calls, or MSDP variables. */
export type MonitorOutput = 'monitor' | 'msdp';

export const MAX_MONITORS_PER_SESSION = 50;
/** Where a session's monitors are kept in its `serverData`: `[output, name]` pairs. */
export const MONITORS_KEY = 'monitors';

export interface MonitorHandlerOptions {
  variables: ClientVariables;
  /** The session's puppet, or null. */
  puppetOf: (session: ServerSession) => DefaultObject | null;
  /** Push the session's synced fields to the Portal (its monitors live in `serverData`). */
  sync: (session: ServerSession) => void;
  log: Logger;
  /** Runs a flush later: `setImmediate` (tests pass their own). */
  schedule?: (flush: () => void) => void;
  maxPerSession?: number;
}

export type AddResult = { ok: true; value: unknown } | { ok: false; error: string };

interface Watch {
  readonly variable: ClientVariable;
  readonly output: MonitorOutput;
  /** The JSON of the value the client last got (undefined: none yet). */
  last: string | undefined;
}

interface SessionMonitors {
  /** By `watchId(output, name)`. */
  readonly watches: Map<string, Watch>;
  /** The object the watches are on: the session's puppet when last looked, or null. */
  object: DefaultObject | null;
}

interface ObjectWatchers {
  readonly stop: () => void;
  /** Sessions to wake, by watch key (client-variables.ts `watchKey`). */
  readonly byKey: Map<string, Set<ServerSession>>;
}

function watchId(output: MonitorOutput, name: string): string {
  return `${output} ${name}`;
}

export class MonitorHandler {
  readonly #sessions = new Map<ServerSession, SessionMonitors>();
  readonly #objects = new Map<number, ObjectWatchers>();
  readonly #dirty = new Set<ServerSession>();
  #scheduled = false;
  readonly #max: number;
  readonly #schedule: (flush: () => void) => void;

  constructor(private readonly opts: MonitorHandlerOptions) {
    this.#max = opts.maxPerSession ?? MAX_MONITORS_PER_SESSION;
    this.#schedule = opts.schedule ?? ((flush) => void setImmediate(flush));
  }

  /** Start watching `variable` for `session`; resolves the current value (sent by the caller). */
  add(session: ServerSession, variable: ClientVariable, output: MonitorOutput): AddResult {
    if (variable.watchKeys.length === 0) {
      return { ok: false, error: `'${variable.name}' cannot be monitored` };
    }
    const state = this.#state(session);
    const id = watchId(output, variable.name);
    let watch = state.watches.get(id);
    if (watch === undefined) {
      if (state.watches.size >= this.#max) {
        return { ok: false, error: `at most ${this.#max} monitors per session` };
      }
      watch = { variable, output, last: undefined };
      state.watches.set(id, watch);
      this.#reindex(session, state);
      this.#save(session, state);
    }
    const read = this.#read(session, variable, state.object);
    watch.last = read?.json;
    return { ok: true, value: read?.value ?? null };
  }

  /** A variable's current value for `session`, as a client gets it (null when unreadable). */
  valueOf(session: ServerSession, variable: ClientVariable): unknown {
    return this.#read(session, variable, this.opts.puppetOf(session))?.value ?? null;
  }

  /** Stop one watch; false when there was none. */
  remove(session: ServerSession, name: string, output: MonitorOutput): boolean {
    const state = this.#sessions.get(session) ?? this.#restored(session);
    if (state === null || !state.watches.delete(watchId(output, name.toLowerCase()))) return false;
    this.#changedWatches(session, state);
    return true;
  }

  /** Stop every watch of one output (MSDP RESET); how many there were. */
  clear(session: ServerSession, output: MonitorOutput): number {
    const state = this.#sessions.get(session) ?? this.#restored(session);
    if (state === null) return 0;
    let removed = 0;
    for (const [id, watch] of state.watches) {
      if (watch.output !== output) continue;
      state.watches.delete(id);
      removed += 1;
    }
    if (removed > 0) this.#changedWatches(session, state);
    return removed;
  }

  /** The variables `session` watches through `output`. */
  watched(session: ServerSession, output: MonitorOutput): ClientVariable[] {
    const state = this.#sessions.get(session) ?? this.#restored(session);
    return [...(state?.watches.values() ?? [])]
      .filter((w) => w.output === output)
      .map((w) => w.variable);
  }

  /** The session took another puppet or none: its watches follow (values sent where changed). */
  puppetChanged(session: ServerSession): void {
    const state = this.#sessions.get(session);
    if (state === undefined) return;
    this.#reindex(session, state);
    this.#wake(session);
  }

  /**
   * A session rebuilt after a reload (its puppet re-attached): its watches come back from
   * `serverData`, quietly — the client kept the values it had.
   */
  restore(session: ServerSession): void {
    if (this.#sessions.has(session)) return;
    const state = this.#restored(session);
    if (state === null) return;
    for (const watch of state.watches.values()) {
      watch.last = this.#read(session, watch.variable, state.object)?.json;
    }
  }

  /** The session disconnected: its watches end. */
  sessionGone(session: ServerSession): void {
    const state = this.#sessions.get(session);
    this.#dirty.delete(session);
    if (state === undefined) return;
    if (state.object !== null) this.#unindex(state.object, session);
    this.#sessions.delete(session);
  }

  /** Send every pending change now (normally run by the scheduler). */
  flush(): void {
    const sessions = [...this.#dirty];
    this.#dirty.clear();
    for (const session of sessions) {
      const state = this.#sessions.get(session);
      if (state === undefined) continue;
      // A puppet change the handler was not told of (none should be) is caught here.
      if (state.object !== this.opts.puppetOf(session)) this.#reindex(session, state);
      this.#sendChanges(session, state);
    }
  }

  /** How many objects are watched (for tests: nothing is left behind). */
  get watchedObjects(): number {
    return this.#objects.size;
  }

  // ---- internals ------------------------------------------------------------------------------

  #state(session: ServerSession): SessionMonitors {
    let state = this.#sessions.get(session) ?? this.#restored(session);
    if (state === null) {
      state = { watches: new Map(), object: null };
      this.#sessions.set(session, state);
      this.#reindex(session, state);
    }
    return state;
  }

  /** The watches saved in `serverData` (after a reload), attached to the puppet; null if none. */
  #restored(session: ServerSession): SessionMonitors | null {
    const saved = session.serverData[MONITORS_KEY];
    if (!Array.isArray(saved) || saved.length === 0) return null;
    const state: SessionMonitors = { watches: new Map(), object: null };
    for (const entry of saved.slice(0, this.#max)) {
      if (!Array.isArray(entry)) continue;
      const [output, name] = entry as unknown[];
      if ((output !== 'monitor' && output !== 'msdp') || typeof name !== 'string') continue;
      // A variable the game no longer declares is dropped.
      const variable = this.opts.variables.get(name);
      if (variable === undefined || variable.watchKeys.length === 0) continue;
      state.watches.set(watchId(output, variable.name), { variable, output, last: undefined });
    }
    if (state.watches.size === 0) return null;
    this.#sessions.set(session, state);
    this.#reindex(session, state);
    return state;
  }

  /** After watches were removed: re-file them, save them, forget an empty state. */
  #changedWatches(session: ServerSession, state: SessionMonitors): void {
    this.#save(session, state);
    if (state.watches.size > 0) {
      this.#reindex(session, state);
      return;
    }
    if (state.object !== null) this.#unindex(state.object, session);
    this.#sessions.delete(session);
  }

  #save(session: ServerSession, state: SessionMonitors): void {
    if (state.watches.size === 0) delete session.serverData[MONITORS_KEY];
    else {
      session.serverData[MONITORS_KEY] = [...state.watches.values()].map((w) => [
        w.output,
        w.variable.name,
      ]);
    }
    this.opts.sync(session);
  }

  /** File the session's watches under its current puppet (leaving the previous one). */
  #reindex(session: ServerSession, state: SessionMonitors): void {
    if (state.object !== null) this.#unindex(state.object, session);
    const puppet = this.opts.puppetOf(session);
    state.object = puppet;
    if (puppet === null) return;
    let watchers = this.#objects.get(puppet.id);
    if (watchers === undefined) {
      const id = puppet.id;
      const byKey = new Map<string, Set<ServerSession>>();
      const stop = puppet.attributes.watch((change) => {
        const sessions = byKey.get(watchKey(change));
        if (sessions !== undefined) for (const s of sessions) this.#wake(s);
      });
      watchers = { stop, byKey };
      this.#objects.set(id, watchers);
    }
    for (const watch of state.watches.values()) {
      for (const key of watch.variable.watchKeys) {
        const set = watchers.byKey.get(key);
        if (set === undefined) watchers.byKey.set(key, new Set([session]));
        else set.add(session);
      }
    }
  }

  #unindex(object: DefaultObject, session: ServerSession): void {
    const watchers = this.#objects.get(object.id);
    if (watchers === undefined) return;
    for (const [key, sessions] of watchers.byKey) {
      sessions.delete(session);
      if (sessions.size === 0) watchers.byKey.delete(key);
    }
    if (watchers.byKey.size > 0) return;
    watchers.stop();
    this.#objects.delete(object.id);
  }

  #wake(session: ServerSession): void {
    this.#dirty.add(session);
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#schedule(() => {
      this.#scheduled = false;
      this.flush();
    });
  }

  #sendChanges(session: ServerSession, state: SessionMonitors): void {
    const calls: FuncCall[] = [];
    const msdp: Record<string, unknown> = {};
    let msdpCount = 0;
    for (const watch of state.watches.values()) {
      const read = this.#read(session, watch.variable, state.object);
      if (read === null || read.json === watch.last) continue;
      watch.last = read.json;
      if (watch.output === 'monitor') {
        calls.push(['monitor', [], { name: watch.variable.name, value: read.value }]);
      } else {
        msdp[watch.variable.msdp] = read.value;
        msdpCount += 1;
      }
    }
    if (msdpCount > 0) calls.push([MSDP_OUTPUTFUNC, [], msdp]);
    if (calls.length > 0) session.send(calls);
  }

  /** The value as the client gets it (client-variables.ts); a failure is logged, null. */
  #read(
    session: ServerSession,
    variable: ClientVariable,
    puppet: DefaultObject | null,
  ): { json: string; value: unknown } | null {
    const result = readVariable(variable, { session, puppet });
    if (result.ok) return result;
    this.opts.log.error(
      { err: result.cause, code: 'GAME_CODE', variable: variable.name },
      `client variable '${variable.name}' not sent: ${result.error}`,
    );
    return null;
  }
}
