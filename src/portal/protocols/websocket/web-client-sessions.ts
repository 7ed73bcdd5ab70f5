/**
 * The webclient sessions of one web listener, by client session id, so a reconnecting browser
 * finds its session again (see `../websocket-connection.ts` for the timeline). Sessions without
 * a csessid are not listed: they end with their socket.
 *
 * Sessions waiting for their browser hold no connection, so no connection limit counts them:
 * at most `maxWaiting` wait at once, and when one more starts waiting the one that has waited
 * longest is closed (WEB_SESSION_EVICTED). Each also ends when its grace period does.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { RateLimitedLog } from '../../../shared/rate-limited-log.ts';
import type { PortalSessionHandler } from '../../sessions/portal-session-handler.ts';
import {
  WebClientTransport,
  type CorkableSocket,
  type WebClientOwner,
  type WebSocketLimits,
} from '../websocket-connection.ts';
import type { WireFormat } from './wire-format.ts';

/** Why a waiting session was closed to make room. */
export const EVICTED_REASON = 'too many webclient sessions were waiting for their browser';
/** Waiting sessions kept when the caller sets no bound (settings maxWaitingWebSessions). */
export const DEFAULT_MAX_WAITING = 1000;

export class WebClientSessions implements WebClientOwner {
  private readonly byCsessid = new Map<string, WebClientTransport>();
  /** Sessions waiting for their browser, longest-waiting first (a Set keeps insertion order). */
  private readonly waiting = new Set<WebClientTransport>();

  constructor(
    private readonly handler: PortalSessionHandler,
    private readonly limits: WebSocketLimits,
    private readonly log: Logger,
    /** Most sessions waiting at once; 0: none wait (a session ends with its socket). */
    private readonly maxWaiting = DEFAULT_MAX_WAITING,
    private readonly quiet: RateLimitedLog = new RateLimitedLog(log),
  ) {}

  /**
   * A new socket: resumes the session of `csessid` if it is still alive, else starts one. `raw`
   * is the TCP socket under `ws`, when the caller has it (a turn's frames then leave together).
   */
  open(
    ws: WebSocket,
    format: WireFormat,
    address: string,
    csessid: string | null,
    raw: CorkableSocket | null = null,
  ): WebClientTransport {
    const existing = csessid === null ? undefined : this.byCsessid.get(csessid);
    if (existing && !existing.isEnded) {
      this.waiting.delete(existing);
      existing.attach(ws, format, true, raw);
      return existing;
    }
    const transport = new WebClientTransport(
      ws,
      format,
      address,
      csessid,
      this.handler,
      this.limits,
      this.log,
      this,
      raw,
      this.quiet,
    );
    if (csessid !== null && !transport.isEnded) this.byCsessid.set(csessid, transport);
    return transport;
  }

  /** Sessions waiting for their client, or attached, that can be resumed. */
  get size(): number {
    return this.byCsessid.size;
  }

  /** Sessions waiting for their client right now. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  // ---- WebClientOwner -------------------------------------------------------------------------

  detached(transport: WebClientTransport): void {
    this.waiting.add(transport);
    while (this.waiting.size > this.maxWaiting) {
      const longest = this.waiting.values().next().value as WebClientTransport;
      this.waiting.delete(longest);
      this.quiet.info(
        'WEB_SESSION_EVICTED',
        { sessid: longest.session.sessid, address: longest.address, maxWaiting: this.maxWaiting },
        'closed the longest-waiting webclient session to make room',
      );
      longest.finish(EVICTED_REASON);
    }
  }

  ended(transport: WebClientTransport): void {
    this.waiting.delete(transport);
    if (transport.csessid !== null && this.byCsessid.get(transport.csessid) === transport)
      this.byCsessid.delete(transport.csessid);
  }

  /** The listener is closing: sessions waiting for a client will not get one. */
  closeAll(reason: string): void {
    for (const transport of [...this.byCsessid.values()]) transport.finish(reason);
    this.byCsessid.clear();
    this.waiting.clear();
  }
}
