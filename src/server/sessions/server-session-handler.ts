/**
 * The Server's SessionHandler: owns every ServerSession and speaks for them on the link.
 *
 * Sessions arrive three ways: a new connection (`portalConnect`), a rebuild after this Server
 * (re)linked (`portalRebuild`, from the Portal's held copies), and never any other. A rebuild
 * from a Portal with another boot id first drops every session held for the old one: a
 * restarted Portal's sessids mean new connections, never old logins (REFERENCE.md §14).
 */
import type { Logger } from 'pino';
import type { ServerToPortal } from '../../link/messages.ts';
import type { FuncCall, SessionSync } from '../../shared/session-data.ts';
import { ServerSession, type SessionOutlet } from './server-session.ts';

export interface PortalChannel {
  send(msg: ServerToPortal): void;
}

export interface RebuildResult {
  /** Sessions the Server holds after the rebuild. */
  sessions: ServerSession[];
  /** Sessions that never saw a connection screen (they connected while no Server ran). */
  unseen: ServerSession[];
  /** Whether sessions of an earlier Portal run were dropped. */
  droppedForNewBoot: number;
}

/** Sessions by a key (account id, puppet id), so a lookup never scans every session. */
class SessionIndex {
  private readonly byKey = new Map<number, Set<ServerSession>>();

  add(key: number | null, session: ServerSession): void {
    if (key === null) return;
    const set = this.byKey.get(key);
    if (set === undefined) this.byKey.set(key, new Set([session]));
    else set.add(session);
  }

  remove(key: number | null, session: ServerSession): void {
    if (key === null) return;
    const set = this.byKey.get(key);
    if (set === undefined) return;
    set.delete(session);
    if (set.size === 0) this.byKey.delete(key);
  }

  /** In sessid order, as a scan of the sessions would give them. */
  get(key: number): ServerSession[] {
    const set = this.byKey.get(key);
    if (set === undefined) return [];
    const list = [...set];
    if (list.length > 1) list.sort((a, b) => a.sessid - b.sessid);
    return list;
  }

  clear(): void {
    this.byKey.clear();
  }
}

export class ServerSessionHandler implements SessionOutlet {
  private readonly sessions = new Map<number, ServerSession>();
  private readonly accountIndex = new SessionIndex();
  private readonly puppetIndex = new SessionIndex();
  private channel: PortalChannel | null = null;
  private portalBootId: string | null = null;

  constructor(private readonly log: Logger) {}

  linked(channel: PortalChannel | null): void {
    this.channel = channel;
  }

  // ---- from the Portal ------------------------------------------------------------------------

  portalConnect(sync: SessionSync): ServerSession {
    const session = new ServerSession(sync, this);
    this.forget(this.sessions.get(session.sessid));
    this.sessions.set(session.sessid, session);
    this.accountIndex.add(session.uid, session);
    this.puppetIndex.add(session.puid, session);
    return session;
  }

  portalRebuild(bootId: string, syncs: SessionSync[]): RebuildResult {
    let droppedForNewBoot = 0;
    if (this.portalBootId !== null && this.portalBootId !== bootId) {
      droppedForNewBoot = this.sessions.size;
      this.clearAll();
      this.log.warn(
        { dropped: droppedForNewBoot },
        'the Portal restarted (new boot id): dropped its old sessions',
      );
    }
    this.portalBootId = bootId;
    const listed = new Set<number>();
    const unseen: ServerSession[] = [];
    for (const sync of syncs) {
      listed.add(sync.sessid);
      const existing = this.sessions.get(sync.sessid);
      if (existing) {
        existing.applyPortalSync(sync);
        continue;
      }
      const session = this.portalConnect(sync);
      if (session.serverData['screenShown'] !== true) unseen.push(session);
    }
    // Sessions this process held that the Portal no longer has closed while the link was down.
    for (const [sessid, session] of [...this.sessions])
      if (!listed.has(sessid)) this.forget(session);
    return { sessions: [...this.sessions.values()], unseen, droppedForNewBoot };
  }

  portalSync(sync: SessionSync): void {
    this.sessions.get(sync.sessid)?.applyPortalSync(sync);
  }

  portalDisconnect(sessid: number): ServerSession | undefined {
    const session = this.sessions.get(sessid);
    this.forget(session);
    return session;
  }

  portalDisconnectAll(): void {
    this.clearAll();
  }

  // ---- to the Portal (SessionOutlet) ------------------------------------------------------------

  sendTo(session: ServerSession, cmds: FuncCall[]): void {
    this.channel?.send({ t: 'output', sessid: session.sessid, cmds });
  }

  disconnect(session: ServerSession, reason: string): void {
    const held = this.sessions.get(session.sessid);
    if (held === undefined) return;
    this.forget(held);
    this.channel?.send({ t: 'disconnect', sessid: session.sessid, reason });
  }

  reindex(session: ServerSession, field: 'uid' | 'puid', previous: number | null): void {
    // Only sessions this handler holds are indexed (a dropped one may still be changed).
    if (this.sessions.get(session.sessid) !== session) return;
    const index = field === 'uid' ? this.accountIndex : this.puppetIndex;
    index.remove(previous, session);
    index.add(session[field], session);
  }

  sync(session: ServerSession): void {
    this.channel?.send({ t: 'syncSessions', sessions: [session.toSync()], clean: false });
  }

  /** Login step 9: the Portal learns the session is logged in (and its reset fields). */
  notifyLogin(session: ServerSession): void {
    if (session.uid === null || session.uname === null) return;
    this.channel?.send({
      t: 'sessionLoggedIn',
      sessid: session.sessid,
      uid: session.uid,
      uname: session.uname,
    });
    this.sync(session);
  }

  /** Push every session's fields, so the Portal can hand them to the next Server. */
  syncAll(): void {
    this.channel?.send({
      t: 'syncSessions',
      sessions: this.all().map((s) => s.toSync()),
      clean: false,
    });
  }

  disconnectAll(reason: string): void {
    this.clearAll();
    this.channel?.send({ t: 'disconnectAll', reason });
  }

  announce(text: string): void {
    for (const session of this.sessions.values()) session.msg(text);
  }

  // ---- lookups --------------------------------------------------------------------------------

  get(sessid: number): ServerSession | undefined {
    return this.sessions.get(sessid);
  }

  all(): ServerSession[] {
    return [...this.sessions.values()];
  }

  /** The account's sessions, in sessid order; indexed, not a scan of every session. */
  byAccount(uid: number): ServerSession[] {
    return this.accountIndex.get(uid);
  }

  /** The sessions puppeting an object, in sessid order; indexed. */
  byPuppet(puid: number): ServerSession[] {
    return this.puppetIndex.get(puid);
  }

  get count(): number {
    return this.sessions.size;
  }

  // ---- internals ------------------------------------------------------------------------------

  private forget(session: ServerSession | undefined): void {
    if (session === undefined || this.sessions.get(session.sessid) !== session) return;
    this.sessions.delete(session.sessid);
    this.accountIndex.remove(session.uid, session);
    this.puppetIndex.remove(session.puid, session);
  }

  private clearAll(): void {
    this.sessions.clear();
    this.accountIndex.clear();
    this.puppetIndex.clear();
  }
}
