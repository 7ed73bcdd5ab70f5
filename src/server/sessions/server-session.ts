/**
 * One connection as the game sees it. It carries the synced fields (REFERENCE.md §1) plus
 * game state that never crosses the link: `ndb` (non-persistent attributes; `db` is the same
 * object on a session) and, once later layers land, the account and puppet objects.
 *
 * A game may replace the class with a subclass (`game.registerSessionClass(MySession)`,
 * Evennia's SERVER_SESSION_CLASS). The ServerSessionHandler builds every session with it, and
 * calls, in this order:
 *
 *   1. constructor(sync, outlet)   on a new connection, and again for each session rebuilt
 *                                  after a reload (a new Server process, new objects)
 *   2. (handler) the session's own cmdsets come back from `serverData.cmdsets` — on a rebuild
 *   3. atSync()                    the session is built and its fields are current; it is not
 *                                  yet in the handler's lookups. Runs at connect before the
 *                                  connection screen, and at a rebuild before the account is
 *                                  re-attached (so `account` is still null then).
 *        Steps 1–3 failing (a throw) does not stop the Server: the error is logged at error
 *        level with code SESSION_CLASS, naming the class, and that one session is built again
 *        as a plain ServerSession (steps 1–3 with this class), loudly, never silently.
 *   4. atLogin(account, now)       login step 3 (accounts/account.ts has the whole timeline)
 *   5. atLogout()                  a login undone by its account hooks, a logout, a disconnect
 *                                  of a logged-in session (after the account's atDisconnect)
 * atLogin and atLogout change the session's state: an override must call `super`; what it
 * throws fails that login or disconnect like a failing account hook, and is not caught here.
 * A reload runs neither: a rebuilt session gets its account back without login hooks.
 *
 * Cmdsets on one session (Evennia's CMDSET_SESSION): `session.cmdset` is made on first use
 * (an idle session holds none), merged right after the shared session set for this session
 * only. Its sets are stored by registered name (CmdSetRegistry) in `serverData.cmdsets`, which
 * the Portal holds over a reload; add one with `{ persistent: false }` to keep it off that list.
 */
import type { FuncCall, ProtocolFlags, SessionSync } from '../../shared/session-data.ts';
import type { DefaultAccount } from '../accounts/account.ts';
import type { DefaultObject } from '../objects/object.ts';
import { WaystoneError } from '../../shared/errors.ts';
import type { CmdSetHandler } from '../commands/cmdset-handler.ts';
import { startPager } from '../text-ui/pager-cmdset.ts';

/** Where a session's own cmdsets are kept in `serverData` (registered names, as saved). */
export const SESSION_CMDSETS_KEY = 'cmdsets';

/** How a session reaches its player: implemented by the ServerSessionHandler. */
export interface SessionOutlet {
  sendTo(session: ServerSession, cmds: FuncCall[]): void;
  disconnect(session: ServerSession, reason: string): void;
  /** Push this session's synced fields to the Portal (they must survive a reload). */
  sync(session: ServerSession): void;
  /**
   * The session's account (`uid`) or puppet (`puid`) changed from `previous`: the handler keeps
   * its lookups by account and by puppet indexed, instead of scanning every session.
   */
  reindex?(session: ServerSession, field: 'uid' | 'puid', previous: number | null): void;
  /** Make the handler for this session's own cmdsets (saving into its `serverData`). */
  cmdsetHandlerFor?(session: ServerSession): CmdSetHandler;
  /** The object with this id, if it is in memory (for `session.puppet`). */
  objectById?(id: number): DefaultObject | undefined;
}

/** A session class a game registers: built exactly as ServerSession is. */
export type SessionClass = new (sync: SessionSync, outlet: SessionOutlet) => ServerSession;

export class ServerSession implements SessionSync {
  readonly sessid: number;
  /** 32 hex digits, made by the Portal at connection, never reused (unlike `sessid`). */
  readonly suid: string;
  readonly protocolKey: string;
  readonly address: string;
  loggedIn: boolean;
  #uid: number | null;
  uname: string | null;
  #puid: number | null;
  connTime: number;
  cmdLast: number;
  cmdLastVisible: number;
  cmdTotal: number;
  protocolFlags: ProtocolFlags;
  serverData: Record<string, unknown>;
  csessid: string | null;
  /** The logged-in account (null before login); re-attached after a reload without hooks. */
  account: DefaultAccount<ServerSession> | null = null;
  #cmdset: CmdSetHandler | null = null;
  #ndb: Record<string, unknown> | null = null;

  constructor(
    sync: SessionSync,
    private readonly outlet: SessionOutlet,
  ) {
    this.sessid = sync.sessid;
    this.suid = sync.suid;
    this.protocolKey = sync.protocolKey;
    this.address = sync.address;
    this.loggedIn = sync.loggedIn;
    this.#uid = sync.uid;
    this.uname = sync.uname;
    this.#puid = sync.puid;
    this.connTime = sync.connTime;
    this.cmdLast = sync.cmdLast;
    this.cmdLastVisible = sync.cmdLastVisible;
    this.cmdTotal = sync.cmdTotal;
    this.protocolFlags = { ...sync.protocolFlags };
    this.serverData = { ...sync.serverData };
    this.csessid = sync.csessid;
  }

  /** Account id once logged in. */
  get uid(): number | null {
    return this.#uid;
  }

  set uid(uid: number | null) {
    const previous = this.#uid;
    if (uid === previous) return;
    this.#uid = uid;
    this.outlet.reindex?.(this, 'uid', previous);
  }

  /**
   * The puppeted object, or null when out of character (Evennia's `session.puppet`). Looked up
   * from `puid` each time, so it is never a stale reference to a deleted object.
   */
  get puppet(): DefaultObject | null {
    const puid = this.#puid;
    if (puid === null) return null;
    return this.outlet.objectById?.(puid) ?? null;
  }

  /** Id of the puppeted object, or null when out of character. */
  get puid(): number | null {
    return this.#puid;
  }

  set puid(puid: number | null) {
    const previous = this.#puid;
    if (puid === previous) return;
    this.#puid = puid;
    this.outlet.reindex?.(this, 'puid', previous);
  }

  /**
   * Cmdsets on this session alone, made on first use. Sets added here are saved by their
   * registered name (CMDSET_NOT_REGISTERED when the class has none, unless added with
   * `{ persistent: false }`).
   */
  get cmdset(): CmdSetHandler {
    if (this.#cmdset === null) {
      if (this.outlet.cmdsetHandlerFor === undefined) {
        throw new WaystoneError('CMDSET_INVALID', 'This session cannot carry cmdsets of its own.');
      }
      this.#cmdset = this.outlet.cmdsetHandlerFor(this);
    }
    return this.#cmdset;
  }

  /** This session's own cmdsets, or null when none were ever asked for (nothing is made). */
  get cmdsetIfMade(): CmdSetHandler | null {
    return this.#cmdset;
  }

  /**
   * Hook: the session is built (at connect or at a rebuild after a reload) and its fields are
   * current. Does nothing by default; see the order at the top of this file.
   */
  atSync(): void {}

  /** Non-persistent attributes: gone when the session or the Server process ends. */
  get ndb(): Record<string, unknown> {
    // Made on first use: most sessions never keep any.
    return (this.#ndb ??= {});
  }

  /** On a session, `db` is `ndb`: sessions have no persistent storage. */
  get db(): Record<string, unknown> {
    return this.ndb;
  }

  /** Send text (and optional outputfunc kwargs) to this session's client. */
  msg(text: string, kwargs: Record<string, unknown> = {}): void {
    this.outlet.sendTo(this, [['text', [text], kwargs]]);
  }

  /**
   * Show long text a page at a time (Evennia's EvMore: text-ui/pager-cmdset.ts) when this
   * client is paged and the text is longer than its screen. False when it was not paged and
   * nothing was sent (`command.msgPaged` then sends it whole).
   */
  page(text: string): boolean {
    if (this.#cmdset === null && this.outlet.cmdsetHandlerFor === undefined) return false;
    return startPager(this, text);
  }

  /** Send any outputfunc calls (text, prompt, OOB). */
  send(cmds: FuncCall[]): void {
    this.outlet.sendTo(this, cmds);
  }

  disconnect(reason: string): void {
    this.outlet.disconnect(this, reason);
  }

  /**
   * Login step 3 (REFERENCE.md §5): this session now belongs to `account`. The connection time
   * restarts and any puppet is cleared; the caller tells the Portal.
   */
  atLogin(account: DefaultAccount<ServerSession>, now: number): void {
    this.account = account;
    this.loggedIn = true;
    this.uid = account.id;
    this.uname = account.name;
    this.connTime = now;
    this.puid = null;
  }

  /** Back to the unlogged-in state (a login that failed in its hooks). */
  atLogout(): void {
    this.account = null;
    this.loggedIn = false;
    this.uid = null;
    this.uname = null;
    this.puid = null;
  }

  /** Change protocol flags (merge) and tell the Portal (the changed ones: shared/flag-sync.ts). */
  setFlags(flags: ProtocolFlags): void {
    Object.assign(this.protocolFlags, flags);
    this.outlet.sync(this);
  }

  /** Take fields the Portal changed (negotiation, resize): its flags merge into ours. */
  applyPortalSync(sync: SessionSync): void {
    Object.assign(this.protocolFlags, sync.protocolFlags);
    this.csessid = sync.csessid;
  }

  toSync(): SessionSync {
    return {
      sessid: this.sessid,
      suid: this.suid,
      protocolKey: this.protocolKey,
      address: this.address,
      loggedIn: this.loggedIn,
      uid: this.uid,
      uname: this.uname,
      puid: this.puid,
      connTime: this.connTime,
      cmdLast: this.cmdLast,
      cmdLastVisible: this.cmdLastVisible,
      cmdTotal: this.cmdTotal,
      protocolFlags: { ...this.protocolFlags },
      serverData: { ...this.serverData },
      csessid: this.csessid,
    };
  }
}
