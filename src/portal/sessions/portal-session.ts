/**
 * One connection as the Portal sees it. The protocol side (telnet, WebSocket…) is behind a
 * SessionTransport; the shared fields live in `data`, the copy the Portal keeps for the Server
 * across reloads. The session also holds input typed while the Server is away, its input
 * budgets, whether its socket is being read (see `hold`), and where its protocol flags stand
 * with the Server (shared/flag-sync.ts has the rule).
 */
import { flagChanges, noFlags } from '../../shared/flag-sync.ts';
import {
  BRIDGE_MARK,
  newSessionSync,
  type FuncCall,
  type ProtocolFlags,
  type SessionSync,
  type SessionSyncEntry,
} from '../../shared/session-data.ts';
import type { TokenBucket } from './token-bucket.ts';

/** What a protocol implementation gives the session handler. */
export interface SessionTransport {
  readonly protocolKey: string;
  readonly address: string;
  /** The client's own session id (webclient resume), for protocols that have one. */
  readonly csessid?: string | null;
  /**
   * Only on a bridge's transport (outbound/outbound-bridges.ts): its id, which the session
   * carries as `serverData.bridge` for the Server to log it in as the bridge's bot.
   */
  readonly bridge?: string;
  /** Deliver output calls in the protocol's own form. */
  send(cmds: readonly FuncCall[]): void;
  /** Show `reason` (if any) and close the connection cleanly. */
  close(reason: string): void;
  /**
   * Stop (false) or go on (true) reading the client's socket, so that TCP makes the client
   * wait: backpressure while the link to the Server is congested or the session has spent its
   * byte budget. Called only on a change. A transport without it is never paused.
   */
  setReading?(reading: boolean): void;
}

/** Why the Portal may stop reading a session's socket: the link, or the session's budget. */
export type ReadingHold = 'link' | 'budget';

export class PortalSession {
  readonly data: SessionSync;
  /** Input calls waiting for the Server, in arrival order (bounded by maxHeldInputLines). */
  readonly held: FuncCall[] = [];
  /** Whether this session was already told that held input overflowed. */
  heldOverflowTold = false;
  /** Whether the budgets below are a player's (set when the session was last seen logged in). */
  budgetsForPlayer = false;
  /** While the byte budget is spent: the timer that lets reading go on. */
  budgetTimer: NodeJS.Timeout | null = null;
  /** When the player was last told of dropped input (too fast, too long), for rate-limiting. */
  lastTooFastNotice = Number.NEGATIVE_INFINITY;
  lastTooLongNotice = Number.NEGATIVE_INFINITY;
  closed = false;
  /**
   * On the current link: the number of the announcement (`sessionConnected`, or the
   * `allSessions` reply) that told the Server of this session; null until one has.
   */
  announcedAt: number | null = null;
  private heldByLink = false;
  private heldByBudget = false;
  /** The flags as the linked Server has them: what it was last told, or last told us. */
  private serverFlags: ProtocolFlags = {};
  /** Flag updates sent to the Server for this session, counted over the session's life. */
  private flagsSeq = 0;
  /** Each flag's last update (its `flagsSeq`) sent to the Server. */
  private readonly flagSentAt = new Map<string, number>();

  constructor(
    sessid: number,
    readonly transport: SessionTransport,
    now: number,
    /** Input lines a second (the input-rate cap). */
    readonly lineBudget: TokenBucket,
    /** Bytes a second read from the client (only a connection that has not logged in). */
    readonly byteBudget: TokenBucket,
  ) {
    const { flagsSeq: _none, ...data } = newSessionSync(
      sessid,
      transport.protocolKey,
      transport.address,
      now,
    );
    this.data = data;
    this.data.csessid = transport.csessid ?? null;
    this.keepBridgeMark();
  }

  get sessid(): number {
    return this.data.sessid;
  }

  /** False while something holds the reading of this session's socket. */
  get reading(): boolean {
    return !this.heldByLink && !this.heldByBudget;
  }

  /** Holds (or lets go) the reading of the socket for `reason`; the transport hears of changes. */
  hold(reason: ReadingHold, held: boolean): void {
    const before = this.reading;
    if (reason === 'link') this.heldByLink = held;
    else this.heldByBudget = held;
    const after = this.reading;
    if (after !== before) this.transport.setReading?.(after);
  }

  /** Merge flags (a partial update never replaces the whole set). */
  mergeFlags(flags: ProtocolFlags): void {
    Object.assign(this.data.protocolFlags, flags);
  }

  /**
   * The full copy that tells the Server of this session, as announcement `n` on the current
   * link: from now on the Server has every flag as it is here.
   */
  announce(n: number): SessionSyncEntry {
    this.announcedAt = n;
    this.serverFlags = { ...this.data.protocolFlags };
    return this.snapshot();
  }

  /** A new link: the Server there has not been told of this session yet. */
  unannounce(): void {
    this.announcedAt = null;
  }

  /**
   * The flags changed since the Server was last told, as the next update to send it (only
   * those flags), counted in `flagsSeq`; null when nothing changed.
   */
  takeFlagUpdate(): SessionSyncEntry | null {
    const changes = flagChanges(this.data.protocolFlags, this.serverFlags);
    if (noFlags(changes)) return null;
    this.flagsSeq += 1;
    for (const name of Object.keys(changes)) this.flagSentAt.set(name, this.flagsSeq);
    Object.assign(this.serverFlags, changes);
    return { ...this.snapshot(), protocolFlags: changes };
  }

  /**
   * Take the Server's view of the synced fields. Identity fields (sessid, suid, protocol,
   * address, csessid) stay the Portal's; the activity counters, which both sides count, never
   * go back. Protocol flags merge: a flag the Portal changed in an update the Server had not
   * seen when it wrote this (`flagsSeq` below it) keeps the Portal's value, which the Server
   * takes when that update arrives.
   */
  applySync(sync: SessionSyncEntry): void {
    const {
      sessid: _s,
      suid: _u,
      protocolKey: _p,
      address: _a,
      csessid: _c,
      flagsSeq: seen,
      protocolFlags,
      cmdLast,
      cmdLastVisible,
      cmdTotal,
      ...rest
    } = sync;
    Object.assign(this.data, rest);
    this.keepBridgeMark();
    this.data.cmdLast = Math.max(this.data.cmdLast, cmdLast);
    this.data.cmdLastVisible = Math.max(this.data.cmdLastVisible, cmdLastVisible);
    this.data.cmdTotal = Math.max(this.data.cmdTotal, cmdTotal);
    for (const [name, value] of Object.entries(protocolFlags)) {
      if ((this.flagSentAt.get(name) ?? 0) > seen) continue;
      this.data.protocolFlags[name] = value;
      this.serverFlags[name] = value;
    }
  }

  /**
   * `serverData.bridge` is the Portal's to set: a bridge's transport has it, nothing else does,
   * and a sync from the Server neither adds nor removes it (so nothing can pass a player's
   * connection off as a bridge).
   */
  private keepBridgeMark(): void {
    const bridge = this.transport.bridge;
    const serverData = { ...this.data.serverData };
    if (bridge === undefined) delete serverData[BRIDGE_MARK];
    else serverData[BRIDGE_MARK] = bridge;
    this.data.serverData = serverData;
  }

  snapshot(): SessionSyncEntry {
    return {
      ...this.data,
      protocolFlags: { ...this.data.protocolFlags },
      serverData: { ...this.data.serverData },
      flagsSeq: this.flagsSeq,
    };
  }
}
