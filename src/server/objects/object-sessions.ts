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
  #list: ObjectSession[] = [];

  /** Adds a session (once: a second add of the same sessid replaces the first). */
  add(session: ObjectSession): void {
    this.#list = [...this.#list.filter((s) => s.sessid !== session.sessid), session];
  }

  /** Removes the session with this sessid; false when it was not there. */
  remove(session: ObjectSession | number): boolean {
    const sessid = typeof session === 'number' ? session : session.sessid;
    const before = this.#list.length;
    this.#list = this.#list.filter((s) => s.sessid !== sessid);
    return this.#list.length !== before;
  }

  clear(): void {
    this.#list = [];
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
