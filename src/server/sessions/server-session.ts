/**
 * One connection as the game sees it. It carries the synced fields (REFERENCE.md §1) plus
 * game state that never crosses the link: `ndb` (non-persistent attributes; `db` is the same
 * object on a session) and, once later layers land, the account and puppet objects.
 */
import type { FuncCall, ProtocolFlags, SessionSync } from '../../shared/session-data.ts';
import type { DefaultAccount } from '../accounts/account.ts';

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
}

export class ServerSession implements SessionSync {
  readonly sessid: number;
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
  /** Non-persistent attributes: gone when the session or the Server process ends. */
  readonly ndb: Record<string, unknown> = {};
  /** The logged-in account (null before login); re-attached after a reload without hooks. */
  account: DefaultAccount<ServerSession> | null = null;

  constructor(
    sync: SessionSync,
    private readonly outlet: SessionOutlet,
  ) {
    this.sessid = sync.sessid;
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

  /** On a session, `db` is `ndb`: sessions have no persistent storage. */
  get db(): Record<string, unknown> {
    return this.ndb;
  }

  /** Send text (and optional outputfunc kwargs) to this session's client. */
  msg(text: string, kwargs: Record<string, unknown> = {}): void {
    this.outlet.sendTo(this, [['text', [text], kwargs]]);
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

  /** Change protocol flags (merge) and tell the Portal. */
  setFlags(flags: ProtocolFlags): void {
    Object.assign(this.protocolFlags, flags);
    this.outlet.sync(this);
  }

  /** Take fields the Portal changed (negotiation, resize). */
  applyPortalSync(sync: SessionSync): void {
    this.protocolFlags = { ...sync.protocolFlags };
    this.csessid = sync.csessid;
  }

  toSync(): SessionSync {
    return {
      sessid: this.sessid,
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
