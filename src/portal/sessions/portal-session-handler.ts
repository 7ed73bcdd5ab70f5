/**
 * The Portal's SessionHandler: owns every PortalSession and all session traffic across the link.
 *
 * Protocols call `connect`, `received`, `input`, `keepalive`, `updateFlags` and `disconnect`; the
 * link to the Server calls `serverLinked`, `describeAll`, `serverReady`, `linkCongested` and the
 * `from Server` methods. While no Server is linked and synced, sessions live on here: their input
 * is held (bounded) and delivered in order once the next Server has rebuilt its sessions.
 *
 * Syncs: the Server hears of a session once in full (`sessionConnected`, or the `allSessions`
 * reply), then only of the protocol flags that changed (shared/flag-sync.ts). The full copies a
 * link carries are its announcements, numbered from 1 (the `allSessions` reply is the first);
 * a clean `syncSessions` says through which one the Server had taken them, and closes only
 * unlisted sessions announced by then: a session whose `sessionConnected` is still on its way
 * to the Server is never closed for being unknown to it.
 *
 * Input budgets (STYLE.md §7), checked in this order:
 * - line length: before login a `text` line may have at most `maxLineLengthUnloggedIn`
 *   characters (a `connect` or `create` line is short); a longer one is dropped with "You
 *   entered a string that was too long." (the protocols apply `maxLineLength` to everyone);
 * - input rate: `maxInputRate` inputs a second for a player, `maxInputRateUnloggedIn` before
 *   login (token buckets, a second's worth of burst); past it inputs are dropped with "You
 *   entered commands too fast." — each notice at most once a second;
 * - bytes before login: protocols report the bytes they read (`received`); past
 *   `maxInputBytesPerSecondUnloggedIn` the session's socket is not read until the budget has
 *   recovered. Nothing is dropped: TCP makes the client wait, and the Portal spends nothing on
 *   bytes it has not read.
 * Backpressure: while the link to the Server is congested (its unsent bytes passed the
 * high-water mark, link/connection.ts), no session's socket is read; reading goes on once the
 * link has drained to its low-water mark. Protocols pause their sockets through
 * `SessionTransport.setReading`.
 */
import type { Logger } from 'pino';
import { DEFAULT_SETTINGS } from '../../config/defaults.ts';
import type { PortalToServer } from '../../link/messages.ts';
import { LINE_TOO_LONG_MESSAGE, TOO_FAST_MESSAGE } from '../../shared/input-notices.ts';
import { neutralise } from '../../shared/markup/neutralise.ts';
import type { FuncCall, ProtocolFlags, SessionSyncEntry } from '../../shared/session-data.ts';
import { PortalSession, type NoticeTimes, type SessionTransport } from './portal-session.ts';
import { TokenBucket } from './token-bucket.ts';

export interface ServerChannel {
  send(msg: PortalToServer): void;
}

/** The settings of the same names (config/defaults.ts). */
export interface PortalSessionLimits {
  maxInputRate: number;
  maxHeldInputLines: number;
  // The three limits before login are optional until every caller passes them; a missing one
  // is its default from config/defaults.ts.
  maxInputRateUnloggedIn?: number;
  maxInputBytesPerSecondUnloggedIn?: number;
  maxLineLengthUnloggedIn?: number;
}

export { TOO_FAST_MESSAGE };

/** Notices of dropped input go to one session at most this often. */
const NOTICE_INTERVAL_MS = 1000;
/** A congested link is logged at most this often (with how often it was congested meanwhile). */
const CONGESTION_LOG_INTERVAL_MS = 60_000;
/** What a player reads when a clean sync from the Server closes a session it did not know. */
export const UNKNOWN_TO_GAME_MESSAGE =
  'The game lost track of this connection, so it was closed. Please connect again.';
/** A clean sync's log line names at most this many of the sessions it closed. */
const MAX_SESSIDS_LOGGED = 20;

export class PortalSessionHandler {
  private readonly sessions = new Map<number, PortalSession>();
  private nextSessid = 1;
  private channel: ServerChannel | null = null;
  /** The linked Server has been sent every session; from now on it hears of each change. */
  private serverKnowsSessions = false;
  /** The linked Server has rebuilt its sessions; input flows straight through. */
  private ready = false;
  /** Announcements of sessions sent on the current link (see the top of this file). */
  private announcements = 0;
  /**
   * Each session's first line forwarded to the Server with no output since: a command that may
   * still be running. Named to the player if the Server goes away unasked (a crash).
   */
  private inFlight = new WeakMap<PortalSession, string>();
  /** The linked Server was asked to stop: its going is no crash. */
  private stopAsked = false;
  private linkIsCongested = false;
  private congestionsSinceLog = 0;
  private lastCongestionLog = Number.NEGATIVE_INFINITY;
  /** Inputs a second before login: never more than a player's. */
  private readonly unloggedInRate: number;
  private readonly unloggedInBytesPerSecond: number;
  private readonly unloggedInMaxLineLength: number;

  constructor(
    readonly bootId: string,
    readonly startedAt: number,
    private readonly limits: PortalSessionLimits,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.unloggedInRate = Math.min(
      limits.maxInputRate,
      limits.maxInputRateUnloggedIn ?? DEFAULT_SETTINGS.maxInputRateUnloggedIn,
    );
    this.unloggedInBytesPerSecond =
      limits.maxInputBytesPerSecondUnloggedIn ?? DEFAULT_SETTINGS.maxInputBytesPerSecondUnloggedIn;
    this.unloggedInMaxLineLength =
      limits.maxLineLengthUnloggedIn ?? DEFAULT_SETTINGS.maxLineLengthUnloggedIn;
  }

  // ---- protocol side ------------------------------------------------------------------------

  connect(transport: SessionTransport): PortalSession {
    const now = this.now();
    const session = new PortalSession(
      this.allocateSessid(),
      transport,
      now,
      new TokenBucket(this.unloggedInRate, this.unloggedInRate, now),
    );
    this.sessions.set(session.sessid, session);
    if (this.linkIsCongested) session.hold('link', true);
    this.log.info(
      {
        activity: 'connected',
        sessid: session.sessid,
        protocol: transport.protocolKey,
        address: transport.address,
      },
      `+ #${session.sessid} ${transport.protocolKey} ${transport.address} connected`,
    );
    if (this.serverHears) {
      this.announcements += 1;
      this.toServer({ t: 'sessionConnected', session: session.announce(this.announcements) });
    }
    return session;
  }

  /** The client went away (or the protocol closed it). Safe to call more than once. */
  disconnect(session: PortalSession, reason: string): void {
    if (session.closed) return;
    this.forget(session);
    this.log.info(
      { activity: 'disconnected', by: 'client', sessid: session.sessid, reason },
      `- ${sessionLabel(session)} disconnected${inParentheses(reason)}`,
    );
    this.toServer({ t: 'sessionClosed', sessid: session.sessid, reason });
  }

  /**
   * The protocol read `bytes` from the client's socket. Before login they are charged to the
   * session's byte budget; once it is spent, the socket is not read until it has recovered.
   */
  received(session: PortalSession, bytes: number): void {
    if (session.closed) return;
    const now = this.now();
    this.matchBudgetsToLogin(session, now);
    if (session.data.loggedIn) return;
    // Made full at the first bytes: the same as a full one made at connection time.
    session.byteBudget ??= new TokenBucket(
      this.unloggedInBytesPerSecond,
      this.unloggedInBytesPerSecond,
      now,
    );
    const waitMs = session.byteBudget.charge(bytes, now);
    if (waitMs <= 0) return;
    if (session.budgetTimer !== null) clearTimeout(session.budgetTimer);
    session.budgetTimer = setTimeout(() => {
      session.budgetTimer = null;
      session.hold('budget', false);
    }, waitMs);
    session.hold('budget', true);
  }

  /** One inputfunc call from a player. Applies the budgets, then forwards or holds it. */
  input(session: PortalSession, call: FuncCall): void {
    if (session.closed) return;
    const now = this.now();
    this.matchBudgetsToLogin(session, now);
    if (!session.data.loggedIn && lineLongerThan(call, this.unloggedInMaxLineLength)) {
      if (noticeDue(session, 'tooLong', now)) {
        session.transport.send([['text', [LINE_TOO_LONG_MESSAGE], {}]]);
      }
      return;
    }
    if (!session.lineBudget.tryTake(1, now)) {
      if (noticeDue(session, 'tooFast', now)) {
        session.transport.send([['text', [TOO_FAST_MESSAGE], {}]]);
      }
      return;
    }
    session.data.cmdLast = now;
    if (call[0] !== 'idle') {
      session.data.cmdLastVisible = now;
      session.data.cmdTotal += 1;
    }
    if (this.ready && this.channel) {
      this.noteInFlight(session, [call]);
      this.channel.send({ t: 'input', sessid: session.sessid, cmds: [call] });
      return;
    }
    if (call[0] === 'idle') return; // a keepalive has nothing to deliver later
    if (session.held.length < this.limits.maxHeldInputLines) {
      session.keepInput(call);
    } else if (!session.heldOverflowTold) {
      session.heldOverflowTold = true;
      session.transport.send([
        [
          'text',
          [
            `The game is restarting; input after your first ${this.limits.maxHeldInputLines} lines was not kept.`,
          ],
          {},
        ],
      ]);
    }
  }

  /** A protocol-level keepalive (telnet NOP, GMCP Core.KeepAlive): it counts as activity only. */
  keepalive(session: PortalSession): void {
    session.data.cmdLast = this.now();
  }

  /**
   * Negotiation or a resize changed the client's flags; the Server hears at once of those that
   * changed (a Server that has not been sent this session yet gets them with it).
   */
  updateFlags(session: PortalSession, flags: ProtocolFlags): void {
    session.mergeFlags(flags);
    if (!this.serverHears || session.closed) return;
    const update = session.takeFlagUpdate();
    if (update !== null) this.toServer({ t: 'sessionSynced', session: update });
  }

  // ---- Server side --------------------------------------------------------------------------

  serverLinked(channel: ServerChannel): void {
    this.channel = channel;
    this.stopAsked = false;
    this.serverKnowsSessions = false;
    this.ready = false;
    this.forgetAnnouncements();
  }

  serverUnlinked(): void {
    this.tellInFlightLost();
    this.channel = null;
    this.serverKnowsSessions = false;
    this.ready = false;
    this.forgetAnnouncements();
    // Input is held here (bounded) until the next Server: the sockets may be read meanwhile.
    this.linkCongested(false);
  }

  /**
   * The link to the Server is congested (true) or has drained (false): every session's socket
   * stops being read, or goes on. Input already read still goes to the Server, in order.
   */
  linkCongested(congested: boolean): void {
    if (congested === this.linkIsCongested) return;
    this.linkIsCongested = congested;
    if (!congested) {
      // Players first: the sockets resumed first are the first read, and their lines the first
      // to reach the Server, before a crowd that has not logged in fills the link again.
      for (const session of this.sessions.values())
        if (session.data.loggedIn) session.hold('link', false);
      for (const session of this.sessions.values()) session.hold('link', false);
      return;
    }
    for (const session of this.sessions.values()) session.hold('link', true);
    this.congestionsSinceLog += 1;
    const now = this.now();
    if (now - this.lastCongestionLog < CONGESTION_LOG_INTERVAL_MS) return;
    this.log.warn(
      { linkCongested: this.congestionsSinceLog },
      "the link to the Server is congested: players' input is not read until it drains",
    );
    this.lastCongestionLog = now;
    this.congestionsSinceLog = 0;
  }

  /** Whether the link to the Server is congested (reading from players is paused). */
  get isLinkCongested(): boolean {
    return this.linkIsCongested;
  }

  /**
   * The Server is being asked to stop: from now on input is held for the next one, so no line
   * can reach a Server that has already pushed its final state.
   */
  pauseInput(): void {
    this.ready = false;
    this.stopAsked = true;
  }

  get serverIsReady(): boolean {
    return this.ready;
  }

  /** Reply to the Server's `getAllSessions`: every session in full, as one announcement. */
  describeAll(): PortalToServer {
    this.serverKnowsSessions = true;
    this.announcements += 1;
    const n = this.announcements;
    return {
      t: 'allSessions',
      bootId: this.bootId,
      portalStartedAt: this.startedAt,
      sessions: [...this.sessions.values()].map((s) => s.announce(n)),
    };
  }

  /** The Server rebuilt its sessions: release held input, each session's lines in order. */
  serverReady(): void {
    this.ready = true;
    let released = 0;
    for (const session of this.sessions.values()) {
      if (session.held.length === 0) continue;
      const cmds = session.takeHeld();
      released += cmds.length;
      session.heldOverflowTold = false;
      this.noteInFlight(session, cmds);
      this.channel?.send({ t: 'input', sessid: session.sessid, cmds });
    }
    if (released > 0)
      this.log.info({ lines: released }, 'delivered input held while the Server was away');
  }

  output(sessid: number, cmds: FuncCall[]): void {
    const session = this.sessions.get(sessid);
    if (session) this.inFlight.delete(session);
    if (session && !session.closed) session.transport.send(cmds);
  }

  /** The game closes one session (quit, kick, ban…). */
  disconnectFromServer(sessid: number, reason: string): void {
    const session = this.sessions.get(sessid);
    if (!session) return;
    this.forget(session);
    this.log.info(
      { activity: 'disconnected', by: 'game', sessid, reason },
      `- ${sessionLabel(session)} disconnected by the game${inParentheses(reason)}`,
    );
    session.transport.close(reason);
  }

  /** Close every connection with a message (game-side disconnect all, or Portal shutdown). */
  disconnectAll(reason: string): void {
    for (const sessid of [...this.sessions.keys()]) this.disconnectFromServer(sessid, reason);
  }

  loggedIn(sessid: number, uid: number, uname: string): void {
    const session = this.sessions.get(sessid);
    if (!session) return;
    Object.assign(session.data, { loggedIn: true, uid, uname });
    this.matchBudgetsToLogin(session, this.now());
  }

  /**
   * The Server's fields of these sessions (their flags merged, shared/flag-sync.ts). With
   * `clean`, the Server listed every session it holds: an unlisted one announced to it at or
   * before announcement `through` is unknown to the game and is closed; one announced later
   * (its `sessionConnected` crossed this sync) is kept.
   */
  syncFromServer(syncs: SessionSyncEntry[], clean: boolean, through = 0): void {
    const listed = new Set<number>();
    const now = this.now();
    for (const sync of syncs) {
      listed.add(sync.sessid);
      const session = this.sessions.get(sync.sessid);
      if (session === undefined) continue;
      session.applySync(sync);
      this.matchBudgetsToLogin(session, now);
    }
    if (!clean) return;
    const unknown = [...this.sessions.values()].filter(
      (s) => !listed.has(s.sessid) && s.announcedAt !== null && s.announcedAt <= through,
    );
    if (unknown.length === 0) return;
    const sessids = unknown.map((s) => s.sessid);
    // One line for the lot (a clean sync comes once per reload; no client can cause one).
    this.log.warn(
      {
        activity: 'closedUnknown',
        count: sessids.length,
        sessids: sessids.slice(0, MAX_SESSIDS_LOGGED),
      },
      `the Server does not know ${sessids.length} session(s) it was told of; closing them`,
    );
    for (const sessid of sessids) this.disconnectFromServer(sessid, UNKNOWN_TO_GAME_MESSAGE);
  }

  /** A notice from the Portal itself (Server restarting, crashed…) to everyone connected. */
  announce(text: string): void {
    for (const session of this.sessions.values()) session.transport.send([['text', [text], {}]]);
  }

  // ---- commands in flight when the Server goes ------------------------------------------

  /**
   * Output from the Server is the only sign a command got somewhere, so a line counts as in
   * flight from when it is forwarded until the session's next output. (A command that printed
   * something and then paused counts as answered: the simplest honest version.)
   */
  private noteInFlight(session: PortalSession, cmds: readonly FuncCall[]): void {
    if (this.inFlight.has(session)) return;
    const line = cmds.find((call) => call[0] === 'text')?.[1][0];
    if (typeof line === 'string') this.inFlight.set(session, line);
  }

  /**
   * The Server went away. Unasked (it crashed or was killed), tell each player whose command
   * got no answer that it may not have completed: its writes may or may not have been committed.
   */
  private tellInFlightLost(): void {
    const crashed = !this.stopAsked;
    if (crashed) {
      for (const session of this.sessions.values()) {
        const line = this.inFlight.get(session);
        if (line === undefined || session.closed) continue;
        session.transport.send([['text', [inFlightLostNotice(line)], {}]]);
      }
    }
    this.inFlight = new WeakMap();
  }

  // ---- lookups --------------------------------------------------------------------------------

  get(sessid: number): PortalSession | undefined {
    return this.sessions.get(sessid);
  }

  get count(): number {
    return this.sessions.size;
  }

  get loggedInCount(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.data.loggedIn) n += 1;
    return n;
  }

  // ---- internals ------------------------------------------------------------------------------

  private toServer(msg: PortalToServer): void {
    if (this.channel && this.serverKnowsSessions) this.channel.send(msg);
  }

  /** Whether a message to the Server goes out now (it has been sent every session). */
  private get serverHears(): boolean {
    return this.channel !== null && this.serverKnowsSessions;
  }

  /** A link came or went: the announcements of the last one count no more. */
  private forgetAnnouncements(): void {
    this.announcements = 0;
    for (const session of this.sessions.values()) session.unannounce();
  }

  /** Sessids count up from 1 for this Portal run; ids still in use are skipped after a wrap. */
  private allocateSessid(): number {
    for (;;) {
      const id = this.nextSessid;
      this.nextSessid = id >= 0x7fffffff ? 1 : id + 1;
      if (!this.sessions.has(id)) return id;
    }
  }

  /** Marks the session closed and drops it, with its budget timer. */
  private forget(session: PortalSession): void {
    session.closed = true;
    this.sessions.delete(session.sessid);
    if (session.budgetTimer !== null) clearTimeout(session.budgetTimer);
    session.budgetTimer = null;
  }

  /**
   * A session that logged in gets a player's input rate, with a full second's burst (a client
   * may send a few commands right after its login), and no byte budget (its reading, if held
   * for the budget, goes on at once); one that logged out gets the budgets before login.
   */
  private matchBudgetsToLogin(session: PortalSession, now: number): void {
    const player = session.data.loggedIn;
    if (session.budgetsForPlayer === player) return;
    session.budgetsForPlayer = player;
    const rate = player ? this.limits.maxInputRate : this.unloggedInRate;
    session.lineBudget.setRate(rate, rate, now);
    if (!player) return;
    session.transport.loginDone?.();
    // A player has no byte budget (see `received`): a new one is made if they log out.
    session.byteBudget = null;
    session.lineBudget.fill(now);
    if (session.budgetTimer !== null) {
      clearTimeout(session.budgetTimer);
      session.budgetTimer = null;
      session.hold('budget', false);
    }
  }
}

/**
 * Whether the player may be told (again) of dropped input of one kind: at most once per
 * `NOTICE_INTERVAL_MS`. Marks the notice as given when it is due.
 */
function noticeDue(session: PortalSession, kind: keyof NoticeTimes, now: number): boolean {
  const notices = session.notices;
  if (notices !== null && now - notices[kind] < NOTICE_INTERVAL_MS) return false;
  session.notices ??= { tooFast: Number.NEGATIVE_INFINITY, tooLong: Number.NEGATIVE_INFINITY };
  session.notices[kind] = now;
  return true;
}

/** Whether `call` is a `text` line of more than `max` characters. */
function lineLongerThan(call: FuncCall, max: number): boolean {
  if (call[0] !== 'text') return false;
  const line = call[1][0];
  // UTF-16 length bounds the code-point count from above, so most lines skip the exact count.
  return typeof line === 'string' && line.length > max && [...line].length > max;
}

/** What a player reads about a command the Server may not have finished before it went. */
export function inFlightLostNotice(line: string): string {
  const shown = [...line.trim()];
  const short = shown.length > 40 ? `${shown.slice(0, 40).join('').trimEnd()}…` : shown.join('');
  return `Your last command (${neutralise(short)}) may not have completed.`;
}

/** `#3 Cora` once the session is logged in, `#3` before. */
function sessionLabel(session: PortalSession): string {
  const name = session.data.uname;
  return name === null ? `#${session.sessid}` : `#${session.sessid} ${name}`;
}

/** A reason as a short aside for a log line: its first line, at most 60 characters. */
function inParentheses(reason: string): string {
  const first = reason.split('\n', 1)[0]!.trim();
  if (first === '') return '';
  return ` (${first.length > 60 ? `${first.slice(0, 59)}…` : first})`;
}
