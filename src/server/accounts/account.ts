/**
 * `DefaultAccount`: the player's account (out-of-character identity), the class a game
 * subclasses to change what happens at login and disconnect. It holds the account's state and
 * the hooks; it does not load or save itself — the account manager reads the row from storage,
 * constructs the game's account class with it and drives the timeline below. (The password
 * hash is deliberately not part of the state, so game code holding an account cannot leak it.)
 *
 * Login timeline (REFERENCE.md §5). Steps marked (manager) are the account manager's; the
 * `at*` steps are hooks on this class. Hooks may be async; each is awaited before the next step.
 *
 *   connect <name> <password>
 *     ban check, throttle check, password verify          (manager)
 *       fails → atFailedLogin(session) on the account, if the name exists; the player sees
 *               one generic message; the failure counts towards the IP's throttle.
 *   1. already logged in on this session → stop, nothing happens (unless forced)   (manager)
 *   2. isConnected = true                                  (manager)
 *   3. session.atLogin(account): uid, uname, loggedIn, connTime reset, puppet cleared,
 *      session-level cmdset                                (manager)
 *   4. atInit()          also runs whenever the account is loaded into memory
 *   5. atFirstLogin()    only when lastLoginAt was null: the first login ever
 *   6. atPreLogin()
 *        Steps 4–6 failing (a hook throws) aborts the login: the manager undoes 2–3 (the
 *        session is logged out again, isConnected restored), logs the error and tells the
 *        player the login failed. A WaystoneError with code ACCOUNT_LOGIN_REFUSED thrown from
 *        a hook is a deliberate refusal: its message is shown to the player as is.
 *        atFailedLogin is not called: the password was right.
 *   7. mode 0 (one session per account): other sessions of this account are disconnected
 *      ("Logged in from elsewhere. Disconnecting.")       (manager)
 *   8. log "#sessid logged in as name" (activity 'logged in')  (manager)
 *   9. Portal told the session logged in; lastLoginAt saved (manager)
 *  10. atPostLogin(session): restore saved protocol flags, OOB `logged_in`, announce on the
 *      connection channel, auto-puppet the last puppet (`autoPuppetOnLogin`) or show the OOC
 *      screen.
 *        Failing here does not undo the login (the Portal already knows): the error is logged
 *        and the player told something went wrong; they stay logged in.
 *
 * Disconnect timeline, per session:
 *   1. unpuppet (the room sees "X has left the game.")    (manager)
 *   2. atDisconnect(reason)   the session is still in `sessions`
 *   3. last session gone → isConnected = false              (manager)
 *   4. atPostDisconnect()     only after the last session; guests are deleted after it
 *        A hook failing here is logged and the disconnect goes on: a player who quit is never
 *        kept connected by a bug.
 */

import type { CmdSetHandler } from '../commands/cmdset-handler.ts';
import type { LockSubject } from '../locks/lock-subject.ts';
import type { DefaultObject } from '../objects/object.ts';

/** What an account needs of a session; the Server's ServerSession satisfies it. */
export interface AccountSession {
  readonly sessid: number;
  readonly address: string;
  msg(text: string): void;
  disconnect(reason: string): void;
}

/** The stored account, minus the password hash (AccountRow without `passwordHash`). */
export interface AccountState {
  readonly id: number;
  name: string;
  /** Case-folded name (names.ts `nameKey`). */
  nameKey: string;
  email: string | null;
  typeclass: string;
  permissions: string[];
  isSuperuser: boolean;
  isGuest: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

/**
 * What the owner (the account manager) injects: live views the account cannot own itself.
 * Each is asked with the account, so one links object can serve every account (closures made
 * per account cost each one a few hundred bytes of Server heap).
 */
export interface AccountLinks<S extends AccountSession = AccountSession> {
  /** This account's sessions right now, in connection order. */
  sessions(account: DefaultAccount<S>): readonly S[];
  /** Who carries out puppeting (null: no world, e.g. in account-only tests). */
  puppeteer?(account: DefaultAccount<S>): AccountPuppeteer<S> | null;
}

/** The puppeting layer, as an account sees it (REFERENCE.md §6). */
export interface AccountPuppeteer<S extends AccountSession = AccountSession> {
  puppet(session: S, target: DefaultObject): Promise<boolean>;
  unpuppet(session: S): Promise<boolean>;
  puppetOf(session: S): DefaultObject | null;
}

/** The constructor the manager calls; a game's subclass keeps this signature. */
export type AccountClass<S extends AccountSession = AccountSession> = new (
  state: AccountState,
  links: AccountLinks<S>,
) => DefaultAccount<S>;

export class DefaultAccount<S extends AccountSession = AccountSession> implements LockSubject {
  /** The account's state; the manager persists changes to it. */
  readonly state: AccountState;
  /** True from login step 2 until the last session has gone; set by the manager. */
  isConnected = false;
  /** Checked with its puppet's permissions instead of its own (the `quell` command). */
  quelled = false;
  /** An account is not puppeted by anything (LockSubject). */
  readonly account = null;
  /** The account's own cmdsets (the account cmdset, and any a game adds); set by its owner. */
  cmdset!: CmdSetHandler;
  private readonly links: AccountLinks<S>;

  constructor(state: AccountState, links: AccountLinks<S>) {
    this.state = state;
    this.links = links;
  }

  get permissions(): readonly string[] {
    return this.state.permissions;
  }

  get isSuperuser(): boolean {
    return this.state.isSuperuser;
  }

  get id(): number {
    return this.state.id;
  }

  get name(): string {
    return this.state.name;
  }

  /** This account's sessions right now. */
  get sessions(): readonly S[] {
    return this.links.sessions(this);
  }

  /**
   * Take control of `target` through `session`, by the rules of REFERENCE.md §6 (the player
   * is told why when it is refused). Resolves true when the session puppets it.
   */
  puppetObject(session: S, target: DefaultObject): Promise<boolean> {
    const puppeteer = this.links.puppeteer?.(this);
    return puppeteer ? puppeteer.puppet(session, target) : Promise.resolve(false);
  }

  /** Let go of the session's puppet; resolves false when it had none. */
  unpuppetObject(session: S): Promise<boolean> {
    const puppeteer = this.links.puppeteer?.(this);
    return puppeteer ? puppeteer.unpuppet(session) : Promise.resolve(false);
  }

  /** What `session` puppets, or null. */
  puppetOf(session: S): DefaultObject | null {
    return this.links.puppeteer?.(this)?.puppetOf(session) ?? null;
  }

  /** Sends text to the given session, else to every session of this account (REFERENCE.md §8). */
  msg(text: string, options?: { session?: { sessid: number } }): void {
    const only = options?.session?.sessid;
    for (const session of this.sessions)
      if (only === undefined || session.sessid === only) session.msg(text);
  }

  /** Login step 4; also each time the account is loaded into memory (e.g. after a reload). */
  atInit(): void | Promise<void> {}

  /** Login step 5: only the first login ever. */
  atFirstLogin(): void | Promise<void> {}

  /** Login step 6: the password was right; throwing here aborts the login. */
  atPreLogin(): void | Promise<void> {}

  /** Login step 10: logged in on `session`; the place for welcome text and auto-puppeting. */
  atPostLogin(_session: S): void | Promise<void> {}

  /** A wrong password for this account was tried from `session`. */
  atFailedLogin(_session: S): void | Promise<void> {}

  /** A session of this account is disconnecting (it is still in `sessions`). */
  atDisconnect(_reason: string): void | Promise<void> {}

  /** The last session has gone. */
  atPostDisconnect(): void | Promise<void> {}
}
