/**
 * What a puppet's clients learn out of band: the room it stands in (outputfunc `room_info`,
 * GMCP `Room.Info`) and its vitals (`char_vitals`, GMCP `Char.Vitals`), in the IRE/Mudlet
 * conventions of objects/client-data.ts. The Portal sends them as GMCP to clients that agreed to
 * GMCP, by name to the webclient (a `waystone:room_info` event for page scripts), and drops them
 * for clients that agreed to no out-of-band protocol — so they are sent to every session.
 *
 * When each is sent:
 *   puppet        Puppeting.puppet → puppeted(session, obj): Room.Info, then Char.Vitals
 *   move          obj.moveTo step 7, only for a puppeted obj → moved(obj): Room.Info to each of
 *                 its sessions
 *   command       after each line a session ran → afterCommand(session): Char.Vitals to each
 *                 session of its puppet whose client last got other values
 *   updateVitals  obj.updateVitals() → vitalsChanged(obj): the same comparison
 *   asked         inputfuncs `room_info` / `char_vitals` (GMCP `Room.Info` / `Char.Vitals` from
 *                 the client; `waystone.send('room_info')` from a page script after a reload of
 *                 the tab): sent to that session again, changed or not
 * A Server reload re-attaches puppets without sending anything: the clients stayed connected to
 * the Portal and keep what they had.
 *
 * The data comes from game hooks (`room.getRoomInfo(looker)`, `obj.getVitals()`). One that
 * throws or returns something that is not a record is logged with code GAME_CODE and sends
 * nothing; the move or command it ran after goes on.
 */
import type { Logger } from 'pino';
import type { DefaultObject } from '../objects/object.ts';
import type { InputFuncRegistry } from '../inputfuncs/registry.ts';
import type { ServerSession } from '../sessions/server-session.ts';

export const ROOM_INFO = 'room_info';
export const CHAR_VITALS = 'char_vitals';

export interface PuppetOobOptions {
  /** The sessions puppeting `obj`. */
  sessionsOf: (obj: DefaultObject) => readonly ServerSession[];
  /** The session's puppet, or null. */
  puppetOf: (session: ServerSession) => DefaultObject | null;
  log: Logger;
}

interface SentRecord {
  json: string;
  value: Record<string, unknown>;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Promise) return 'a promise';
  return `a ${typeof value}`;
}

export class PuppetOob {
  /** The vitals each session's client last got, as JSON: sent again only when they differ. */
  readonly #sentVitals = new WeakMap<ServerSession, string>();

  constructor(private readonly opts: PuppetOobOptions) {}

  /** `session` now puppets `obj`: everything, whatever an earlier puppet had sent. */
  puppeted(session: ServerSession, obj: DefaultObject): void {
    this.#sendRoomInfo([session], obj);
    this.#sendVitals([session], obj, true);
  }

  /** A puppeted object moved: its room, to all its sessions. */
  moved(obj: DefaultObject): void {
    this.#sendRoomInfo(this.opts.sessionsOf(obj), obj);
  }

  /** `session` ran a line: its puppet's vitals, where they changed. */
  afterCommand(session: ServerSession): void {
    const puppet = this.opts.puppetOf(session);
    if (puppet !== null) this.vitalsChanged(puppet);
  }

  /** Game code says `obj`'s vitals may have changed. */
  vitalsChanged(obj: DefaultObject): void {
    this.#sendVitals(this.opts.sessionsOf(obj), obj, false);
  }

  /** The inputfuncs a client asks with (after a page reload, say); nothing when out of character. */
  register(inputfuncs: InputFuncRegistry): void {
    inputfuncs.register(ROOM_INFO, ({ session }) => {
      const puppet = this.opts.puppetOf(session);
      if (puppet !== null) this.#sendRoomInfo([session], puppet);
    });
    inputfuncs.register(CHAR_VITALS, ({ session }) => {
      const puppet = this.opts.puppetOf(session);
      if (puppet !== null) this.#sendVitals([session], puppet, true);
    });
  }

  #sendRoomInfo(sessions: readonly ServerSession[], obj: DefaultObject): void {
    const room = obj.location;
    if (sessions.length === 0 || room === null) return;
    const info = this.#record(obj, 'getRoomInfo', () => room.getRoomInfo(obj));
    if (info === null) return;
    for (const session of sessions) session.send([[ROOM_INFO, [], info.value]]);
  }

  #sendVitals(sessions: readonly ServerSession[], obj: DefaultObject, always: boolean): void {
    if (sessions.length === 0) return;
    const vitals = this.#record(obj, 'getVitals', () => obj.getVitals());
    if (vitals === null) return;
    for (const session of sessions) {
      if (!always && this.#sentVitals.get(session) === vitals.json) continue;
      this.#sentVitals.set(session, vitals.json);
      session.send([[CHAR_VITALS, [], vitals.value]]);
    }
  }

  /**
   * Runs a game hook that returns a record or null, and takes a JSON copy of the record (what the
   * link carries, frozen at this moment, and compared as text). A throw, a value that is not a
   * record (a promise from an async hook) or one JSON cannot write is the game's error, logged.
   */
  #record(obj: DefaultObject, hook: string, call: () => unknown): SentRecord | null {
    let problem: string;
    try {
      const value = call();
      if (value === null || value === undefined) return null;
      if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Promise)) {
        const json = JSON.stringify(value);
        return { json, value: JSON.parse(json) as Record<string, unknown> };
      }
      problem = `${hook} returned ${describe(value)}, not a record or null (is it async?)`;
    } catch (err) {
      this.opts.log.error({ err, code: 'GAME_CODE', obj: obj.id }, `${hook} failed`);
      return null;
    }
    this.opts.log.error({ code: 'GAME_CODE', obj: obj.id }, problem);
    return null;
  }
}
