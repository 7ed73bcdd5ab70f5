/**
 * The sessions puppeting one object: a live list the puppeting layer keeps (an object starts
 * with none, and after a reload the puppeting layer re-attaches them). `object.msg` sends to
 * these, so an object nobody puppets hears nothing. Several sessions may share one puppet
 * (multisession mode 3); a session is listed once, by its `sessid`.
 */

/** What an object needs of a session: the Server's ServerSession satisfies it. */
export interface ObjectSession {
  readonly sessid: number;
  msg(text: string): void;
}

export class ObjectSessions implements Iterable<ObjectSession> {
  /**
   * Replaced, never changed in place (so `all()` is a snapshot), and sized exactly: a list built
   * by a spread or `filter` keeps room for 17 sessions, on every puppet, for nothing.
   */
  #list: readonly ObjectSession[] = NONE;

  /** Adds a session (once: a second add of the same sessid replaces the first). */
  add(session: ObjectSession): void {
    this.#list = this.#without(session.sessid).concat(session);
  }

  /** Removes the session with this sessid; false when it was not there. */
  remove(session: ObjectSession | number): boolean {
    const before = this.#list.length;
    this.#list = this.#without(typeof session === 'number' ? session : session.sessid);
    return this.#list.length !== before;
  }

  clear(): void {
    this.#list = NONE;
  }

  #without(sessid: number): readonly ObjectSession[] {
    if (!this.#list.some((s) => s.sessid === sessid)) return this.#list;
    const rest = this.#list.filter((s) => s.sessid !== sessid);
    return rest.length === 0 ? NONE : rest.slice();
  }

  has(session: ObjectSession | number): boolean {
    return this.get(typeof session === 'number' ? session : session.sessid) !== undefined;
  }

  get(sessid: number): ObjectSession | undefined {
    return this.#list.find((s) => s.sessid === sessid);
  }

  /** A snapshot, in the order the sessions were added. */
  all(): readonly ObjectSession[] {
    return this.#list;
  }

  get count(): number {
    return this.#list.length;
  }

  [Symbol.iterator](): Iterator<ObjectSession> {
    return this.#list[Symbol.iterator]();
  }
}

const NONE: readonly ObjectSession[] = Object.freeze([]);
