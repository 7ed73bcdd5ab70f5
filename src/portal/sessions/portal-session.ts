/**
 * One connection as the Portal sees it. The protocol side (telnet, WebSocket…) is behind a
 * SessionTransport; the shared fields live in `data`, the copy the Portal keeps for the Server
 * across reloads. The session also holds input typed while the Server is away, its input
 * budgets, and whether its socket is being read (see `hold`).
 */
import {
  newSessionSync,
  type FuncCall,
  type ProtocolFlags,
  type SessionSync,
} from '../../shared/session-data.ts';
import type { TokenBucket } from './token-bucket.ts';

/** What a protocol implementation gives the session handler. */
export interface SessionTransport {
  readonly protocolKey: string;
  readonly address: string;
  /** The client's own session id (webclient resume), for protocols that have one. */
  readonly csessid?: string | null;
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
  private heldByLink = false;
  private heldByBudget = false;

  constructor(
    sessid: number,
    readonly transport: SessionTransport,
    now: number,
    /** Input lines a second (the input-rate cap). */
    readonly lineBudget: TokenBucket,
    /** Bytes a second read from the client (only a connection that has not logged in). */
    readonly byteBudget: TokenBucket,
  ) {
    this.data = newSessionSync(sessid, transport.protocolKey, transport.address, now);
    this.data.csessid = transport.csessid ?? null;
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

  /** Take the Server's view of the synced fields; identity fields stay the Portal's. */
  applySync(sync: SessionSync): void {
    const { sessid: _s, protocolKey: _p, address: _a, ...rest } = sync;
    Object.assign(this.data, rest);
    this.data.protocolFlags = { ...sync.protocolFlags };
  }

  snapshot(): SessionSync {
    return {
      ...this.data,
      protocolFlags: { ...this.data.protocolFlags },
      serverData: { ...this.data.serverData },
    };
  }
}
