/**
 * One telnet (or telnet over TLS) connection: socket bytes → TelnetParser → option
 * negotiation and LineReader → inputfunc calls on the PortalSessionHandler; output calls →
 * telnet bytes. This is where the parser's events get their meaning for a session.
 *
 * The session is announced to the Server at the first complete line or after a short grace
 * period, whichever comes first. That lets an HTTP request that lands on the telnet port be
 * answered with a plain HTTP note and closed without ever becoming a game session, and
 * leaves room for option negotiation to finish before the connection screen (the option
 * handlers arrive with the client-protocols work; until then every option is refused once).
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { FuncCall } from '../../shared/session-data.ts';
import type { PortalSession, SessionTransport } from '../sessions/portal-session.ts';
import type { PortalSessionHandler } from '../sessions/portal-session-handler.ts';
import { CMD, describeOption } from '../telnet/constants.ts';
import { HTTP_ON_TELNET_REPLY, looksLikeHttpRequestLine } from '../telnet/http-detect.ts';
import { LineReader } from '../telnet/line-reader.ts';
import { OptionNegotiator } from '../telnet/negotiation.ts';
import { buildCommand, encodeTextForTelnet } from '../telnet/output.ts';
import { TelnetParser, type TelnetEvent } from '../telnet/parser.ts';
import {
  LINE_TOO_LONG_MESSAGE,
  OUTPUT_OVERFLOW_REASON,
  outputOverflowed,
  textOf,
  withLineEnd,
} from './output-policy.ts';

export interface TelnetLimits {
  maxLineLength: number;
  maxOutputBufferBytes: number;
  keepaliveSeconds: number;
}

/** How long a silent client waits before it is announced and greeted. */
export const GREETING_GRACE_MS = 150;
/** How long a closing connection may take to flush its goodbye before it is destroyed. */
const CLOSE_GRACE_MS = 2000;

const NO_OPTIONS = { local: false, remote: false } as const;

export class TelnetConnection implements SessionTransport {
  readonly address: string;
  private readonly parser = new TelnetParser();
  private readonly reader: LineReader;
  private readonly negotiator: OptionNegotiator;
  private session: PortalSession | null = null;
  /** Lines that completed before the session was announced. */
  private readonly early: string[] = [];
  private graceTimer: NodeJS.Timeout | null = null;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    private readonly socket: Socket,
    private readonly handler: PortalSessionHandler,
    private readonly limits: TelnetLimits,
    private readonly log: Logger,
    readonly protocolKey: string = 'telnet',
  ) {
    this.address = socket.remoteAddress ?? 'unknown';
    // A character may take up to 4 bytes in UTF-8; the exact character cap is applied per line.
    this.reader = new LineReader({ maxLineBytes: limits.maxLineLength * 4 });
    this.negotiator = new OptionNegotiator({
      send: (bytes) => this.write(bytes),
      policy: () => NO_OPTIONS,
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) =>
      this.log.debug({ err: err.message, address: this.address }, 'telnet socket error'),
    );
    socket.on('close', () => this.onSocketClosed());
    this.graceTimer = setTimeout(() => this.announce(), GREETING_GRACE_MS);
    if (limits.keepaliveSeconds > 0) {
      // NOP keepalives keep NAT tables and idle proxies from dropping a quiet player.
      this.keepaliveTimer = setInterval(
        () => this.write(buildCommand(CMD.NOP)),
        limits.keepaliveSeconds * 1000,
      );
      this.keepaliveTimer.unref();
    }
  }

  // ---- SessionTransport ---------------------------------------------------------------------

  send(cmds: readonly FuncCall[]): void {
    for (const [name, args] of cmds) {
      if (name === 'text') this.writeText(withLineEnd(textOf(args)));
      else if (name === 'prompt') this.writeText(textOf(args));
      // Out-of-band calls (GMCP, MSDP) need their telnet options, negotiated later; until a
      // client has agreed to one, OOB output has nowhere to go on a telnet line.
    }
  }

  close(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.stopTimers();
    if (reason !== '') this.writeText(withLineEnd(reason));
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  // ---- input --------------------------------------------------------------------------------

  private receive(chunk: Buffer): void {
    if (this.closing) return;
    for (const event of this.parser.push(chunk)) this.onEvent(event);
  }

  private onEvent(event: TelnetEvent): void {
    switch (event.kind) {
      case 'data':
        for (const lineEvent of this.reader.push(event.data)) {
          if (lineEvent.kind === 'overflow') this.tooLong();
          else this.onLine(this.decode(lineEvent.line));
          if (this.closing) return;
        }
        return;
      case 'command':
        // NOP (and AYT, which deserves a sign of life) count as keepalives, never as commands.
        if (event.command === CMD.NOP && this.session) this.handler.keepalive(this.session);
        else if (event.command === CMD.AYT) this.writeText('[Yes]\r\n');
        return;
      case 'negotiate':
        this.log.debug(
          { verb: event.verb, option: describeOption(event.option) },
          'telnet negotiation',
        );
        this.negotiator.receive(event.verb, event.option);
        return;
      case 'subnegotiation':
        // No option that takes subnegotiation is enabled yet; a peer sending one anyway is ignored.
        return;
      case 'remainder':
        // Only produced for MCCP3, which is never enabled here yet.
        return;
      case 'error':
        this.log.debug({ code: event.code, address: this.address }, event.detail);
        return;
      default: {
        const unreachable: never = event;
        this.log.error({ event: unreachable }, 'unhandled telnet event');
      }
    }
  }

  private onLine(line: string): void {
    if (this.session === null) {
      if (this.early.length === 0 && looksLikeHttpRequestLine(line)) {
        this.answerHttp();
        return;
      }
      this.early.push(line);
      this.announce();
      return;
    }
    // UTF-16 length bounds the code-point count from above, so most lines skip the exact count.
    if (line.length > this.limits.maxLineLength && [...line].length > this.limits.maxLineLength) {
      this.tooLong();
      return;
    }
    this.handler.input(this.session, ['text', [line], {}]);
  }

  private tooLong(): void {
    this.writeText(withLineEnd(LINE_TOO_LONG_MESSAGE));
  }

  private decode(bytes: Buffer): string {
    const encoding = this.session?.data.protocolFlags['ENCODING'];
    return bytes.toString(encoding === 'latin-1' || encoding === 'latin1' ? 'latin1' : 'utf8');
  }

  private announce(): void {
    if (this.session !== null || this.closing) return;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    this.session = this.handler.connect(this);
    for (const line of this.early.splice(0)) this.onLine(line);
  }

  private answerHttp(): void {
    this.log.info(
      { address: this.address },
      'HTTP request on the telnet port; answered and closed',
    );
    this.closing = true;
    this.stopTimers();
    this.socket.end(HTTP_ON_TELNET_REPLY);
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  // ---- output -------------------------------------------------------------------------------

  private writeText(text: string): void {
    const encoding = this.session?.data.protocolFlags['ENCODING'];
    this.write(
      encodeTextForTelnet(
        text,
        encoding === 'latin-1' || encoding === 'latin1' ? 'latin1' : 'utf8',
      ),
    );
  }

  private write(bytes: Buffer): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    this.socket.write(bytes);
    if (outputOverflowed(this.socket.writableLength, this.limits.maxOutputBufferBytes)) {
      this.log.warn(
        {
          sessid: this.session?.sessid,
          address: this.address,
          buffered: this.socket.writableLength,
        },
        OUTPUT_OVERFLOW_REASON,
      );
      this.closing = true;
      this.stopTimers();
      this.socket.destroy();
      if (this.session) this.handler.disconnect(this.session, OUTPUT_OVERFLOW_REASON);
    }
  }

  private stopTimers(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.graceTimer = null;
    this.keepaliveTimer = null;
  }

  private onSocketClosed(): void {
    this.stopTimers();
    if (this.session) this.handler.disconnect(this.session, 'the client closed the connection');
  }
}
