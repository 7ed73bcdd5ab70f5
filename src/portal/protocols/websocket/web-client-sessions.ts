/**
 * The webclient sessions of one web listener, by client session id, so a reconnecting browser
 * finds its session again (see `../websocket-connection.ts` for the timeline). Sessions without
 * a csessid are not listed: they end with their socket.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { PortalSessionHandler } from '../../sessions/portal-session-handler.ts';
import {
  WebClientTransport,
  type CorkableSocket,
  type WebSocketLimits,
} from '../websocket-connection.ts';
import type { WireFormat } from './wire-format.ts';

export class WebClientSessions {
  private readonly byCsessid = new Map<string, WebClientTransport>();

  constructor(
    private readonly handler: PortalSessionHandler,
    private readonly limits: WebSocketLimits,
    private readonly log: Logger,
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
      (ended) => {
        if (ended.csessid !== null && this.byCsessid.get(ended.csessid) === ended)
          this.byCsessid.delete(ended.csessid);
      },
      raw,
    );
    if (csessid !== null && !transport.isEnded) this.byCsessid.set(csessid, transport);
    return transport;
  }

  /** Sessions waiting for their client, or attached, that can be resumed. */
  get size(): number {
    return this.byCsessid.size;
  }

  /** The listener is closing: sessions waiting for a client will not get one. */
  closeAll(reason: string): void {
    for (const transport of [...this.byCsessid.values()]) transport.finish(reason);
    this.byCsessid.clear();
  }
}
