/**
 * One connection as the Portal sees it. The protocol side (telnet, WebSocket…) is behind a
 * SessionTransport; the shared fields live in `data`, the copy the Portal keeps for the Server
 * across reloads. The session also holds input typed while the Server is away.
 */
import {
  newSessionSync,
  type FuncCall,
  type ProtocolFlags,
  type SessionSync,
} from '../../shared/session-data.ts';

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
}

export class PortalSession {
  readonly data: SessionSync;
  /** Input calls waiting for the Server, in arrival order (bounded by maxHeldInputLines). */
  readonly held: FuncCall[] = [];
  /** Whether this session was already told that held input overflowed. */
  heldOverflowTold = false;
  /** Token bucket for the input-rate cap. */
  rateTokens: number;
  rateStamp: number;
  closed = false;

  constructor(
    sessid: number,
    readonly transport: SessionTransport,
    now: number,
    ratePerSecond: number,
  ) {
    this.rateTokens = ratePerSecond;
    this.rateStamp = now;
    this.data = newSessionSync(sessid, transport.protocolKey, transport.address, now);
    this.data.csessid = transport.csessid ?? null;
  }

  get sessid(): number {
    return this.data.sessid;
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
