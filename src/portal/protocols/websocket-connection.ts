/**
 * The webclient side of a session: one PortalSession carried by one WebSocket at a time.
 *
 *   connection at /ws?csessid=… → WebClientSessions.open
 *     ├─ csessid known and its session alive → resume: attach the new socket (same sessid,
 *     │    same login); output kept while away is sent; the client gets `session_resumed`
 *     └─ otherwise → a new WebClientTransport and a new PortalSession
 *   frame → WireFormat.decode → inputfunc calls → PortalSessionHandler.input
 *   output calls → WireFormat.encode → frames (or kept, bounded, while no socket is attached)
 *   socket closes:
 *     ├─ on purpose (Evennia's `websocket_close`, close code 1000) or no csessid → session closed
 *     ├─ after a protocol error (a frame over the size limit…) → session closed
 *     └─ otherwise (reload 1001, network loss 1006…) → detached; closed after the grace period
 *
 * The wire format is chosen per socket (subprotocols.ts), so a resumed session may change it.
 * Limits: frames over `maxPayload` are refused by `ws` with 1009 before they are buffered;
 * lines over maxLineLength are dropped with a notice; the input budgets are the session
 * handler's, which may pause the reading of the socket (`setReading`, kept across a resume);
 * unsent output past maxOutputBufferBytes (attached or not) closes the session; messages that
 * decode to nothing are counted (malformed-input.ts) and a client that keeps sending them is
 * closed; a session not logged in `loginTimeoutMs` after it began is closed
 * (../admission/login-timeout.ts); at most `maxWaitingWebSessions` wait detached
 * (web-client-sessions.ts). What a client can cause is logged through a RateLimitedLog.
 */
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { RateLimitedLog } from '../../shared/rate-limited-log.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import { LOGIN_TIMEOUT_MESSAGE, LoginTimeout } from '../admission/login-timeout.ts';
import type { PortalSession, SessionTransport } from '../sessions/portal-session.ts';
import type { PortalSessionHandler } from '../sessions/portal-session-handler.ts';
import {
  LINE_TOO_LONG_MESSAGE,
  OUTPUT_OVERFLOW_REASON,
  outputOverflowed,
  renderText,
  textOf,
} from './output-policy.ts';
import { MALFORMED_INPUT_REASON, MalformedInputGuard } from './malformed-input.ts';
import { CLOSE_NORMAL, CLOSE_RESUMED_ELSEWHERE } from './websocket/close-codes.ts';
import type { WireFormat } from './websocket/wire-format.ts';

export interface WebSocketLimits {
  maxLineLength: number;
  maxOutputBufferBytes: number;
  /** How long a detached session with a csessid waits for its client (webSessionGraceSeconds). */
  graceMs: number;
  /** Messages that decode to nothing allowed per `protocolErrorWindowMs`; default 20 per 10 s. */
  maxProtocolErrors?: number;
  protocolErrorWindowMs?: number;
  /** Close a session not logged in this long after it began; 0 or absent: never. */
  loginTimeoutMs?: number;
}

/** What the sessions' owner (web-client-sessions.ts) hears of one session. */
export interface WebClientOwner {
  /** The socket went away and the session now waits for its client. */
  detached(transport: WebClientTransport): void;
  /** The session is over: its csessid can be forgotten. */
  ended(transport: WebClientTransport): void;
}

/** Why a session whose client did not come back was closed. */
export const GRACE_EXPIRED_REASON = 'the webclient did not reconnect within the grace period';

/** The TCP socket under a WebSocket, for holding its frames until the end of the turn. */
export interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

function uncorkTurn(transport: WebClientTransport): void {
  transport.uncork();
}

export class WebClientTransport implements SessionTransport {
  readonly protocolKey: string;
  readonly session: PortalSession;
  private ws: WebSocket | null = null;
  /**
   * The attached WebSocket's TCP socket, when known: corked at the first frame of a turn and
   * uncorked when the turn ends, so a turn's frames leave in one write (one syscall), as
   * telnet's do (coalesced-writer.ts). ws itself keeps TCP_NODELAY on.
   */
  private raw: CorkableSocket | null = null;
  private corked = false;
  private format: WireFormat;
  /** Output kept while no socket is attached, with its approximate size. */
  private kept: FuncCall[] = [];
  private keptBytes = 0;
  private graceTimer: NodeJS.Timeout | null = null;
  private ended = false;
  private readonly loginTimeout: LoginTimeout;
  private readonly malformedInput: MalformedInputGuard;
  /** The session handler's backpressure: whether the attached socket may be read. */
  private reading = true;

  constructor(
    ws: WebSocket,
    format: WireFormat,
    readonly address: string,
    readonly csessid: string | null,
    private readonly handler: PortalSessionHandler,
    private readonly limits: WebSocketLimits,
    private readonly log: Logger,
    private readonly owner: WebClientOwner,
    raw: CorkableSocket | null = null,
    /** What a client can cause is logged through this (shared by the listener). */
    private readonly quiet: RateLimitedLog = new RateLimitedLog(log),
  ) {
    this.protocolKey = format.protocolKey;
    this.format = format;
    this.malformedInput = new MalformedInputGuard(
      {
        maxErrors: limits.maxProtocolErrors ?? 20,
        windowMs: limits.protocolErrorWindowMs ?? 10_000,
      },
      'WEBSOCKET_MALFORMED',
      quiet,
    );
    this.session = handler.connect(this);
    this.loginTimeout = new LoginTimeout(
      limits.loginTimeoutMs ?? 0,
      () => this.session.data.loggedIn,
      () => this.closeFromPortal('LOGIN_TIMEOUT', LOGIN_TIMEOUT_MESSAGE),
    );
    this.attach(ws, format, false, raw);
  }

  /** The session logged in: its login timeout (and the timer it holds) is over. */
  loginDone(): void {
    this.loginTimeout.stop();
  }

  get attached(): boolean {
    return this.ws !== null;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Put a socket under this session; a socket already attached is closed with 4001. */
  attach(
    ws: WebSocket,
    format: WireFormat,
    resumed = true,
    raw: CorkableSocket | null = null,
  ): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    const previous = this.ws;
    this.uncork();
    this.ws = ws;
    this.raw = raw;
    this.format = format;
    if (!this.reading) ws.pause();
    if (format.clientFlags) this.handler.updateFlags(this.session, format.clientFlags);
    if (previous) previous.close(CLOSE_RESUMED_ELSEWHERE, 'session resumed elsewhere');
    ws.on('message', (data, isBinary) => {
      if (this.ws === ws) this.receive(toBuffer(data), isBinary);
    });
    // ws reports protocol errors (a frame over maxPayload: WS_ERR_UNSUPPORTED_MESSAGE_LENGTH,
    // bad UTF-8, bad opcodes) here and closes with 1009/1007/1002: the client broke the
    // protocol, so the session ends at once instead of waiting for a resume.
    ws.on('error', (err: Error & { code?: string }) => {
      this.quiet.info(
        err.code ?? 'WEBSOCKET_ERROR',
        { sessid: this.session.sessid, address: this.address, err: err.message },
        'websocket protocol error',
      );
      if (this.ws === ws) this.finish(`websocket protocol error (${err.code ?? err.message})`);
    });
    ws.on('close', (code) => {
      if (this.ws === ws) this.socketClosed(code);
    });
    if (!resumed) return;
    this.log.info(
      { sessid: this.session.sessid, format: format.name, kept: this.kept.length },
      'webclient session resumed',
    );
    this.send([['session_resumed', [], { sessid: this.session.sessid }]]);
    const kept = this.kept.splice(0);
    this.keptBytes = 0;
    this.send(kept);
  }

  // ---- SessionTransport ---------------------------------------------------------------------

  send(cmds: readonly FuncCall[]): void {
    if (this.ended) return;
    for (const call of cmds) {
      if (this.ws === null) this.keep(call);
      else
        for (const frame of this.format.encode(this.rendered(call)))
          this.write(frame.data, frame.binary);
      if (this.ended) return;
    }
  }

  /** Text with its colour markup rendered for this wire format (HTML, or ANSI by the flags). */
  private rendered(call: FuncCall): FuncCall {
    const [name, args, kwargs] = call;
    if (name !== 'text' && name !== 'prompt') return call;
    return [
      name,
      [renderText(textOf(args), this.session.data.protocolFlags, this.format.textTarget)],
      kwargs,
    ];
  }

  /** Backpressure from the session handler: stop or go on reading the attached socket. */
  setReading(reading: boolean): void {
    this.reading = reading;
    if (reading) this.ws?.resume();
    else this.ws?.pause();
  }

  /** The game closes the session: say why, close the socket, forget the csessid. */
  close(reason: string): void {
    if (this.ended) return;
    if (reason !== '') this.send([['text', [reason], {}]]);
    const ws = this.ws;
    this.end();
    ws?.close(CLOSE_NORMAL, 'closed by the game');
  }

  // ---- input --------------------------------------------------------------------------------

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.ended) return;
    this.handler.received(this.session, data.length);
    for (const inbound of this.format.decode(data, isBinary)) {
      switch (inbound.kind) {
        case 'call':
          this.handler.input(this.session, inbound.call);
          break;
        case 'keepalive':
          this.handler.keepalive(this.session);
          break;
        case 'reply':
          this.write(inbound.frame.data, inbound.frame.binary);
          break;
        case 'tooLong':
          this.send([['text', [LINE_TOO_LONG_MESSAGE], {}]]);
          break;
        case 'quit':
          this.ws?.close(CLOSE_NORMAL, 'closed by the client');
          this.finish('the client closed the connection');
          return;
        case 'invalid': {
          const fields = { sessid: this.session.sessid, address: this.address };
          const detail = `bad websocket message (${this.format.name}): ${inbound.problem}`;
          if (this.malformedInput.record('WEBSOCKET_BAD_MESSAGE', detail, fields)) {
            this.closeFromPortal('WEBSOCKET_MALFORMED', MALFORMED_INPUT_REASON);
            return;
          }
          break;
        }
        default: {
          const unreachable: never = inbound;
          this.log.error({ inbound: unreachable }, 'unhandled websocket input');
        }
      }
      if (this.ended) return;
    }
  }

  private socketClosed(code: number): void {
    this.ws = null;
    if (this.ended) return;
    // A close the client meant (1000), or a client that cannot come back, ends the session.
    if (code === CLOSE_NORMAL || this.csessid === null || this.limits.graceMs <= 0) {
      this.finish('the client closed the connection');
      return;
    }
    this.log.info(
      { sessid: this.session.sessid, code, graceMs: this.limits.graceMs },
      'webclient detached; waiting for it to come back',
    );
    this.graceTimer = setTimeout(() => this.finish(GRACE_EXPIRED_REASON), this.limits.graceMs);
    this.graceTimer.unref();
    this.owner.detached(this);
  }

  /**
   * The Portal ends the session (malformed input, no login in time): the Server hears of it,
   * the player reads `reason`, and the socket closes with 1000 so the client does not retry.
   */
  private closeFromPortal(code: string, reason: string): void {
    if (this.ended) return;
    if (code === 'LOGIN_TIMEOUT')
      this.quiet.info(
        code,
        { sessid: this.session.sessid, address: this.address },
        'closed a connection that did not log in in time',
      );
    this.handler.disconnect(this.session, reason);
    this.close(reason);
  }

  /** Closes the session from this side (client gone, grace over, overflow). */
  finish(reason: string): void {
    if (this.ended) return;
    this.end();
    this.handler.disconnect(this.session, reason);
  }

  private end(): void {
    this.ended = true;
    this.ws = null;
    this.kept = [];
    this.keptBytes = 0;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    this.loginTimeout.stop();
    this.owner.ended(this);
  }

  // ---- output -------------------------------------------------------------------------------

  private keep(call: FuncCall): void {
    this.kept.push(call);
    this.keptBytes += JSON.stringify(call).length;
    if (this.keptBytes > this.limits.maxOutputBufferBytes) {
      this.quiet.warn(
        'OUTPUT_OVERFLOW',
        { sessid: this.session.sessid, kept: this.keptBytes },
        OUTPUT_OVERFLOW_REASON,
      );
      this.finish(OUTPUT_OVERFLOW_REASON);
    }
  }

  /** Lets the frames held this turn go (see `raw`). */
  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.raw?.uncork();
  }

  private write(data: string | Buffer, binary: boolean): void {
    const ws = this.ws;
    if (ws === null || ws.readyState !== ws.OPEN) return;
    if (this.raw !== null && !this.corked) {
      this.corked = true;
      this.raw.cork();
      setImmediate(uncorkTurn, this);
    }
    ws.send(data, { binary });
    if (outputOverflowed(ws.bufferedAmount, this.limits.maxOutputBufferBytes)) {
      this.quiet.warn(
        'OUTPUT_OVERFLOW',
        { sessid: this.session.sessid, buffered: ws.bufferedAmount },
        OUTPUT_OVERFLOW_REASON,
      );
      this.finish(OUTPUT_OVERFLOW_REASON);
      ws.terminate();
    }
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
