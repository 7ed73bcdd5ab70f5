/**
 * The Server's SessionHandler: owns every ServerSession and speaks for them on the link.
 *
 * Sessions arrive three ways: a new connection (`portalConnect`), a rebuild after this Server
 * (re)linked (`portalRebuild`, from the Portal's held copies), and never any other. A rebuild
 * from a Portal with another boot id first drops every session held for the old one: a
 * restarted Portal's sessids mean new connections, never old logins (REFERENCE.md §14).
 *
 * Both ways build the session with the game's session class (`useSessionClass`) and run its
 * hooks in the order written at the top of server-session.ts.
 *
 * Syncs to the Portal carry each session's fields with only the protocol flags changed since
 * the Portal was last told (shared/flag-sync.ts has the rule); a session the Server kept over a
 * relink is not synced until the new link's rebuild. `syncAll` is the clean form: every
 * session the Server holds, with `through` = the announcements of sessions (the `allSessions`
 * reply, then each `sessionConnected`) taken on this link, so the Portal closes only sessions
 * the Server was told of and does not hold.
 */
import type { Logger } from 'pino';
import type { ServerToPortal } from '../../link/messages.ts';
import { isWaystoneError, WaystoneError } from '../../shared/errors.ts';
import { flagChanges, noFlags } from '../../shared/flag-sync.ts';
import type {
  FuncCall,
  ProtocolFlags,
  SessionSync,
  SessionSyncEntry,
} from '../../shared/session-data.ts';
import { CmdSetHandler } from '../commands/cmdset-handler.ts';
import type { CmdSetRegistry } from '../commands/cmdset-registry.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import type { DefaultObject } from '../objects/object.ts';
import {
  SESSION_CMDSETS_KEY,
  ServerSession,
  type SessionClass,
  type SessionOutlet,
} from './server-session.ts';

export interface ServerSessionHandlerOptions {
  /** What a session's own cmdsets need (`session.cmdset`); without them sessions have none. */
  cmdsets?: { lockFuncs: LockFuncRegistry; registry: CmdSetRegistry };
  /** Objects in memory by id, for `session.puppet` (without it every session reads null). */
  objectById?: (id: number) => DefaultObject | undefined;
}

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

/**
 * A session's fields as the Portal sent them. `flagsSeq` is always on the wire; a copy made
 * in-process (`session.toSync()`, in a test or a tool) has none and counts as one made before
 * any flag update of the Portal's.
 */
export type PortalCopy = SessionSync & { flagsSeq?: number };

/** Where one session's protocol flags stand with the Portal (shared/flag-sync.ts). */
interface PortalView {
  /**
   * The flags as the Portal has them: what it was last told, or last told us. Frozen and shared
   * by every session whose Portal holds the same ones (most do); a change makes another.
   */
  flags: Readonly<ProtocolFlags>;
  /** The Portal's flag updates of this session taken so far (its `flagsSeq`). */
  flagsSeq: number;
  /** The link (counted by `linked`) this view was made on; an older one sends nothing. */
  link: number;
}

/** Distinct flag sets kept for sharing (ServerSessionHandler.told). */
const TOLD_FLAGS_LIMIT = 256;

/**
 * Sessions by a key (account id, puppet id), so a lookup never scans every session. A key
 * nearly always has one session: it is kept as itself, and a set is made only for a second
 * (a set per logged-in session cost each one ~150 bytes).
 */
class SessionIndex {
  private readonly byKey = new Map<number, ServerSession | Set<ServerSession>>();

  add(key: number | null, session: ServerSession): void {
    if (key === null) return;
    const held = this.byKey.get(key);
    if (held === undefined || held === session) this.byKey.set(key, session);
    else if (held instanceof Set) held.add(session);
    else this.byKey.set(key, new Set([held, session]));
  }

  remove(key: number | null, session: ServerSession): void {
    if (key === null) return;
    const held = this.byKey.get(key);
    if (held === session) this.byKey.delete(key);
    else if (held instanceof Set) {
      held.delete(session);
      if (held.size === 1) this.byKey.set(key, held.values().next().value as ServerSession);
    }
  }

  /** In sessid order, as a scan of the sessions would give them. */
  get(key: number): ServerSession[] {
    const held = this.byKey.get(key);
    if (held === undefined) return [];
    if (!(held instanceof Set)) return [held];
    const list = [...held];
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
  private readonly portalViews = new WeakMap<ServerSession, PortalView>();
  /** The flag sets in portal views, by content (`told`). */
  private readonly toldFlags = new Map<string, Readonly<ProtocolFlags>>();
  /** Links so far: a session's view from an earlier one is stale until the rebuild. */
  private linkCount = 0;
  /** Announcements of sessions taken on the current link (`through` of a clean sync). */
  private announcementsTaken = 0;
  private sessionClass: SessionClass = ServerSession;

  constructor(
    private readonly log: Logger,
    private readonly options: ServerSessionHandlerOptions = {},
  ) {}

  /** Build sessions with the game's class from now on (those already held keep theirs). */
  useSessionClass(cls: SessionClass): void {
    if (
      typeof cls !== 'function' ||
      !(cls.prototype instanceof ServerSession || cls === ServerSession)
    ) {
      throw new WaystoneError(
        'SESSION_CLASS',
        'registerSessionClass needs a class that extends ServerSession.',
      );
    }
    this.sessionClass = cls;
  }

  linked(channel: PortalChannel | null): void {
    this.channel = channel;
    this.linkCount += 1;
    this.announcementsTaken = 0;
  }

  // ---- from the Portal ------------------------------------------------------------------------

  /** `sessionConnected`: a new session, in full (one announcement). */
  portalConnect(sync: PortalCopy): ServerSession {
    this.announcementsTaken += 1;
    return this.add(sync);
  }

  /** `allSessions`: every session the Portal holds, in full (one announcement). */
  portalRebuild(bootId: string, syncs: PortalCopy[]): RebuildResult {
    this.announcementsTaken += 1;
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
    const kept: ServerSession[] = [];
    for (const sync of syncs) {
      listed.add(sync.sessid);
      const existing = this.sessions.get(sync.sessid);
      if (existing) {
        this.takePortalCopy(existing, sync);
        kept.push(existing);
        continue;
      }
      const session = this.add(sync);
      if (session.serverData['screenShown'] !== true) unseen.push(session);
    }
    // Sessions this process held that the Portal no longer has closed while the link was down.
    for (const [sessid, session] of [...this.sessions])
      if (!listed.has(sessid)) this.forget(session);
    // Kept over a relink: what changed here meanwhile (flags, login, puppet) reaches the Portal.
    if (kept.length > 0)
      this.channel?.send({
        t: 'syncSessions',
        sessions: kept.map((s) => this.entryFor(s)),
        clean: false,
      });
    return { sessions: [...this.sessions.values()], unseen, droppedForNewBoot };
  }

  /** `sessionSynced`: flags the Portal changed (only those); they merge, the Portal's win. */
  portalSync(sync: SessionSyncEntry): void {
    const session = this.sessions.get(sync.sessid);
    if (session === undefined) return;
    session.applyPortalSync(sync);
    const view = this.portalViews.get(session);
    if (view === undefined) return;
    view.flags = this.told({ ...view.flags, ...sync.protocolFlags });
    view.flagsSeq = Math.max(view.flagsSeq, sync.flagsSeq);
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

  /** Push this session's fields, with the flags changed since the Portal was last told. */
  sync(session: ServerSession): void {
    if (this.channel === null || !this.isCurrent(session)) return;
    this.channel.send({ t: 'syncSessions', sessions: [this.entryFor(session)], clean: false });
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

  /**
   * Push every session's fields, so the Portal can hand them to the next Server (before a
   * reload, reset or stop). The clean form: the Portal closes the sessions it announced to this
   * Server (through the announcements taken here) that the Server does not hold.
   */
  syncAll(): void {
    if (this.channel === null) return;
    this.channel.send({
      t: 'syncSessions',
      sessions: this.all()
        .filter((s) => this.isCurrent(s))
        .map((s) => this.entryFor(s)),
      clean: true,
      through: this.announcementsTaken,
    });
  }

  disconnectAll(reason: string): void {
    this.clearAll();
    this.channel?.send({ t: 'disconnectAll', reason });
  }

  announce(text: string): void {
    for (const session of this.sessions.values()) session.msg(text);
  }

  objectById(id: number): DefaultObject | undefined {
    return this.options.objectById?.(id);
  }

  /** The handler behind `session.cmdset`: its sets saved as names in `serverData`. */
  cmdsetHandlerFor(session: ServerSession): CmdSetHandler {
    const parts = this.options.cmdsets;
    if (parts === undefined) {
      throw new WaystoneError('CMDSET_INVALID', 'Sessions here cannot carry cmdsets of their own.');
    }
    return new CmdSetHandler({
      owner: session,
      lockFuncs: parts.lockFuncs,
      registry: parts.registry,
      persistentByDefault: true,
      persistence: {
        save: (names) => {
          if (names.every((name) => name === '')) delete session.serverData[SESSION_CMDSETS_KEY];
          else session.serverData[SESSION_CMDSETS_KEY] = names;
          this.sync(session);
        },
      },
    });
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

  private add(sync: PortalCopy): ServerSession {
    const session = this.build(sync);
    this.forget(this.sessions.get(session.sessid));
    this.sessions.set(session.sessid, session);
    this.accountIndex.add(session.uid, session);
    this.puppetIndex.add(session.puid, session);
    this.portalViews.set(session, {
      flags: this.told(sync.protocolFlags),
      flagsSeq: sync.flagsSeq ?? 0,
      link: this.linkCount,
    });
    return session;
  }

  /**
   * The shared frozen copy of a flag set: sessions of the same kind of client hold the same
   * flags, and a copy per session for the Portal's view of them cost each one ~200 bytes.
   * Bounded: emptied when it holds many (every screen size seen, say); views keep theirs.
   */
  private told(flags: ProtocolFlags): Readonly<ProtocolFlags> {
    const key = JSON.stringify(flags);
    let shared = this.toldFlags.get(key);
    if (shared === undefined) {
      if (this.toldFlags.size >= TOLD_FLAGS_LIMIT) this.toldFlags.clear();
      shared = Object.freeze({ ...flags });
      this.toldFlags.set(key, shared);
    }
    return shared;
  }

  /**
   * A full copy from the Portal of a session this Server kept over a relink: the Portal's flags
   * are taken, except those changed here since the Portal was last told (newer; they go out
   * with the sync that follows the rebuild).
   */
  private takePortalCopy(session: ServerSession, sync: PortalCopy): void {
    const view = this.portalViews.get(session);
    const untold = view === undefined ? {} : flagChanges(session.protocolFlags, view.flags);
    session.protocolFlags = { ...sync.protocolFlags, ...untold };
    session.csessid = sync.csessid;
    this.portalViews.set(session, {
      flags: this.told(sync.protocolFlags),
      flagsSeq: sync.flagsSeq ?? 0,
      link: this.linkCount,
    });
  }

  /** Whether the Portal of the current link has been sent this session (sync it, or not yet). */
  private isCurrent(session: ServerSession): boolean {
    return this.portalViews.get(session)?.link === this.linkCount;
  }

  /** The session's entry for a sync: its fields, the flags the Portal has not been told. */
  private entryFor(session: ServerSession): SessionSyncEntry {
    const view = this.portalViews.get(session)!;
    const changes = flagChanges(session.protocolFlags, view.flags);
    if (!noFlags(changes)) view.flags = this.told({ ...view.flags, ...changes });
    return { ...session.toSync(), protocolFlags: changes, flagsSeq: view.flagsSeq };
  }

  /** Steps 1–3 of a session's hooks (server-session.ts); a failing game class falls back. */
  private build(sync: SessionSync): ServerSession {
    const cls = this.sessionClass;
    if (cls === ServerSession) return this.buildWith(ServerSession, sync);
    try {
      return this.buildWith(cls, sync);
    } catch (err) {
      // Loud on purpose: the player gets a working session, the log says it is not the game's.
      this.log.error(
        { code: 'SESSION_CLASS', err, sessionClass: cls.name, sessid: sync.sessid },
        `session class ${cls.name} failed (${(err as Error).message}); session #${sync.sessid} falls back to ServerSession`,
      );
      return this.buildWith(ServerSession, sync);
    }
  }

  private buildWith(cls: SessionClass, sync: SessionSync): ServerSession {
    const session = new cls(sync, this);
    this.restoreCmdsets(session);
    session.atSync();
    return session;
  }

  /** Step 2: the session's own cmdsets back from their saved names; unknown names are dropped. */
  private restoreCmdsets(session: ServerSession): void {
    const saved = session.serverData[SESSION_CMDSETS_KEY];
    if (saved === undefined) return;
    const registry = this.options.cmdsets?.registry;
    const names = Array.isArray(saved)
      ? saved.filter((n): n is string => typeof n === 'string')
      : [];
    const known = (name: string): boolean => {
      if (registry?.has(name) === true) return true;
      this.log.error(
        { code: 'CMDSET_UNKNOWN', sessid: session.sessid, cmdset: name },
        `session #${session.sessid} had the cmdset '${name}', which is not registered; it is dropped`,
      );
      return false;
    };
    // names[0] is the default slot ('' on a session: its default is the shared session set).
    const [first = '', ...stacked] = names;
    const kept = [first === '' || !known(first) ? '' : first, ...stacked.filter(known)];
    if (registry === undefined || kept.every((name) => name === '')) {
      delete session.serverData[SESSION_CMDSETS_KEY];
      return;
    }
    try {
      session.cmdset.restore(kept);
    } catch (err) {
      // A set's constructor may throw too: the session keeps none of its own, and says so.
      this.log.error(
        { code: isWaystoneError(err) ? err.code : 'CMDSET_INVALID', err, sessid: session.sessid },
        `session #${session.sessid}: its cmdsets could not be restored: ${(err as Error).message}`,
      );
      delete session.serverData[SESSION_CMDSETS_KEY];
      return;
    }
    session.serverData[SESSION_CMDSETS_KEY] = kept;
  }

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
