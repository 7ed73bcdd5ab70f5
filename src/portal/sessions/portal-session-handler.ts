/**
 * The Portal's SessionHandler: owns every PortalSession and all session traffic across the link.
 *
 * Protocols call `connect`, `input`, `keepalive`, `updateFlags` and `disconnect`; the link to the
 * Server calls `serverLinked`, `describeAll`, `serverReady` and the `from Server` methods. While no
 * Server is linked and synced, sessions live on here: their input is held (bounded) and
 * delivered in order once the next Server has rebuilt its sessions.
 */
import type { Logger } from 'pino';
import type { PortalToServer } from '../../link/messages.ts';
import { neutralise } from '../../shared/markup/neutralise.ts';
import type { FuncCall, ProtocolFlags, SessionSync } from '../../shared/session-data.ts';
import { PortalSession, type SessionTransport } from './portal-session.ts';

export interface ServerChannel {
  send(msg: PortalToServer): void;
}

export interface PortalSessionLimits {
  maxInputRate: number;
  maxHeldInputLines: number;
}

export const TOO_FAST_MESSAGE = 'You entered commands too fast. Wait a moment and try again.';

export class PortalSessionHandler {
  private readonly sessions = new Map<number, PortalSession>();
  private nextSessid = 1;
  private channel: ServerChannel | null = null;
  /** The linked Server has been sent every session; from now on it hears of each change. */
  private serverKnowsSessions = false;
  /** The linked Server has rebuilt its sessions; input flows straight through. */
  private ready = false;
  /**
   * Each session's first line forwarded to the Server with no output since: a command that may
   * still be running. Named to the player if the Server goes away unasked (a crash).
   */
  private inFlight = new WeakMap<PortalSession, string>();
  /** The linked Server was asked to stop: its going is no crash. */
  private stopAsked = false;
  private readonly lastTooFastNotice = new WeakMap<PortalSession, number>();

  constructor(
    readonly bootId: string,
    readonly startedAt: number,
    private readonly limits: PortalSessionLimits,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  // ---- protocol side ------------------------------------------------------------------------

  connect(transport: SessionTransport): PortalSession {
    const session = new PortalSession(
      this.allocateSessid(),
      transport,
      this.now(),
      this.limits.maxInputRate,
    );
    this.sessions.set(session.sessid, session);
    this.log.info(
      {
        activity: 'connected',
        sessid: session.sessid,
        protocol: transport.protocolKey,
        address: transport.address,
      },
      `+ #${session.sessid} ${transport.protocolKey} ${transport.address} connected`,
    );
    this.toServer({ t: 'sessionConnected', session: session.snapshot() });
    return session;
  }

  /** The client went away (or the protocol closed it). Safe to call more than once. */
  disconnect(session: PortalSession, reason: string): void {
    if (session.closed) return;
    session.closed = true;
    this.sessions.delete(session.sessid);
    this.log.info(
      { activity: 'disconnected', by: 'client', sessid: session.sessid, reason },
      `- ${sessionLabel(session)} disconnected${inParentheses(reason)}`,
    );
    this.toServer({ t: 'sessionClosed', sessid: session.sessid, reason });
  }

  /** One inputfunc call from a player. Applies the rate cap, then forwards or holds it. */
  input(session: PortalSession, call: FuncCall): void {
    if (session.closed) return;
    const now = this.now();
    if (!this.takeRateToken(session, now)) {
      const last = this.lastTooFastNotice.get(session) ?? 0;
      if (now - last >= 1000) {
        this.lastTooFastNotice.set(session, now);
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
      session.held.push(call);
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

  /** Negotiation or a resize changed the client's flags; the Server hears of it at once. */
  updateFlags(session: PortalSession, flags: ProtocolFlags): void {
    session.mergeFlags(flags);
    this.toServer({ t: 'sessionSynced', session: session.snapshot() });
  }

  // ---- Server side --------------------------------------------------------------------------

  serverLinked(channel: ServerChannel): void {
    this.channel = channel;
    this.stopAsked = false;
    this.serverKnowsSessions = false;
    this.ready = false;
  }

  serverUnlinked(): void {
    this.tellInFlightLost();
    this.channel = null;
    this.serverKnowsSessions = false;
    this.ready = false;
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

  /** Reply to the Server's `getAllSessions`. */
  describeAll(): PortalToServer {
    this.serverKnowsSessions = true;
    return {
      t: 'allSessions',
      bootId: this.bootId,
      portalStartedAt: this.startedAt,
      sessions: [...this.sessions.values()].map((s) => s.snapshot()),
    };
  }

  /** The Server rebuilt its sessions: release held input, each session's lines in order. */
  serverReady(): void {
    this.ready = true;
    let released = 0;
    for (const session of this.sessions.values()) {
      if (session.held.length === 0) continue;
      const cmds = session.held.splice(0);
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
    session.closed = true;
    this.sessions.delete(sessid);
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
  }

  syncFromServer(syncs: SessionSync[], clean: boolean): void {
    const listed = new Set<number>();
    for (const sync of syncs) {
      listed.add(sync.sessid);
      this.sessions.get(sync.sessid)?.applySync(sync);
    }
    if (!clean) return;
    for (const sessid of [...this.sessions.keys()]) {
      if (!listed.has(sessid))
        this.disconnectFromServer(sessid, 'Your session was closed by the game.');
    }
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

  /** Sessids count up from 1 for this Portal run; ids still in use are skipped after a wrap. */
  private allocateSessid(): number {
    for (;;) {
      const id = this.nextSessid;
      this.nextSessid = id >= 0x7fffffff ? 1 : id + 1;
      if (!this.sessions.has(id)) return id;
    }
  }

  private takeRateToken(session: PortalSession, now: number): boolean {
    const rate = this.limits.maxInputRate;
    session.rateTokens = Math.min(
      rate,
      session.rateTokens + ((now - session.rateStamp) / 1000) * rate,
    );
    session.rateStamp = now;
    if (session.rateTokens < 1) return false;
    session.rateTokens -= 1;
    return true;
  }
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
