/**
 * One WebSocket connection at /ws speaking Evennia's JSON wire format (REFERENCE.md §13):
 * text frames of `["name", [args], {kwargs}]` both ways. Input `["text", ["look"], {}]` becomes
 * an inputfunc call; output text is sent as HTML-escaped text with `<br>` line breaks, which
 * is what Evennia-style webclients render.
 *
 * The mudstandards subprotocols, client session ids with resume, colour rendering and the full
 * webclient page come with the client-protocols work; this is the plain JSON path.
 */
import type { Logger } from 'pino';
import type { WebSocket, RawData } from 'ws';
import type { FuncCall } from '../../shared/session-data.ts';
import type { PortalSession, SessionTransport } from '../sessions/portal-session.ts';
import type { PortalSessionHandler } from '../sessions/portal-session-handler.ts';
import {
  LINE_TOO_LONG_MESSAGE,
  OUTPUT_OVERFLOW_REASON,
  outputOverflowed,
  textOf,
} from './output-policy.ts';

export interface WebSocketLimits {
  maxLineLength: number;
  maxOutputBufferBytes: number;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function textToHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c).replace(/\r?\n/g, '<br>');
}

/** Decodes one client frame into an inputfunc call, or explains why it is not one. */
export function decodeClientFrame(raw: string): FuncCall | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'not JSON';
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string' || value[0] === '')
    return 'not ["name", [args], {kwargs}]';
  const args: unknown = value[1] ?? [];
  const kwargs: unknown = value[2] ?? {};
  if (!Array.isArray(args)) return 'args must be a list';
  if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs))
    return 'kwargs must be an object';
  return [value[0], args, kwargs as Record<string, unknown>];
}

export class WebSocketConnection implements SessionTransport {
  readonly protocolKey = 'websocket';
  private readonly session: PortalSession;
  private closing = false;

  constructor(
    private readonly ws: WebSocket,
    readonly address: string,
    private readonly handler: PortalSessionHandler,
    private readonly limits: WebSocketLimits,
    private readonly log: Logger,
  ) {
    this.session = handler.connect(this);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('error', (err) => log.debug({ err: err.message, address }, 'websocket error'));
    ws.on('close', () => handler.disconnect(this.session, 'the client closed the connection'));
  }

  send(cmds: readonly FuncCall[]): void {
    for (const [name, args, kwargs] of cmds) {
      if (name === 'text' || name === 'prompt')
        this.write([name, [textToHtml(textOf(args))], kwargs]);
      else this.write([name, args, kwargs]);
    }
  }

  close(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    if (reason !== '') this.write(['text', [textToHtml(reason)], {}]);
    this.ws.close(1000, 'closed by the game');
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (isBinary) {
      this.write(['text', ['This endpoint takes JSON text frames: ["text", ["look"], {}].'], {}]);
      return;
    }
    const call = decodeClientFrame(data.toString());
    if (typeof call === 'string') {
      this.log.debug({ sessid: this.session.sessid, problem: call }, 'bad websocket frame');
      return;
    }
    if (call[0] === 'text') {
      const line = textOf(call[1]);
      if (line.length > this.limits.maxLineLength && [...line].length > this.limits.maxLineLength) {
        this.write(['text', [LINE_TOO_LONG_MESSAGE], {}]);
        return;
      }
    }
    this.handler.input(this.session, call);
  }

  private write(call: FuncCall): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(call));
    if (outputOverflowed(this.ws.bufferedAmount, this.limits.maxOutputBufferBytes)) {
      this.log.warn(
        { sessid: this.session.sessid, buffered: this.ws.bufferedAmount },
        OUTPUT_OVERFLOW_REASON,
      );
      this.closing = true;
      this.ws.terminate();
      this.handler.disconnect(this.session, OUTPUT_OVERFLOW_REASON);
    }
  }
}
