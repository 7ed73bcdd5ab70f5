/**
 * One telnet (or telnet over TLS) connection: the socket, the session, and the glue between
 * them. Bytes go socket → TelnetProtocol (../telnet/protocol.ts: parser, option negotiation,
 * every option handler, compression) → LineReader → `text` inputfunc calls on the
 * PortalSessionHandler; GMCP/MSDP messages arrive as inputfunc calls of their own. Output
 * calls go back as telnet bytes: `text` and `prompt` as text (a prompt marked with EOR or GA),
 * any other outputfunc as GMCP or MSDP when the client agreed to one.
 *
 * When the session is announced (and the Server shows the connection screen):
 * - at the first complete line, at once;
 * - when the client has answered every option we offered (the first negotiation round), at
 *   once — a quick client gets its screen with its size, type and charset already known;
 * - after `greetingGraceMs` (150 ms) if the client has not spoken telnet at all (a raw socket,
 *   a crawler), or after `negotiationMaxWaitMs` (1 s) if it has but is slow to finish.
 * The banner therefore never waits for the client longer than a second (REFERENCE §12: 2 s).
 * Before that an HTTP request on the port gets a plain HTTP note and is closed.
 *
 * What negotiation learns (size, client, colours, charset, compression…) is merged into the
 * session's protocol flags with `updateFlags`, which re-syncs the Server. Updates are
 * coalesced (`FLAG_SYNC_MS`), so a resize storm costs a handful of syncs, and pending flags are
 * always sent before the next input, so the Server never sees input before the flags that came
 * with it.
 *
 * Echo (password hiding): a `text` or `prompt` outputfunc with kwarg `echo: false` hides the
 * player's input (WILL ECHO) from that output on; `echo: true` shows it again (WONT ECHO). See
 * ../telnet/options/echo.ts.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import {
  DEFAULT_PROTOCOL_FLAGS,
  type FuncCall,
  type ProtocolFlags,
} from '../../shared/session-data.ts';
import { RateLimitedLog } from '../../shared/rate-limited-log.ts';
import { LOGIN_TIMEOUT_MESSAGE } from '../admission/login-timeout.ts';
import type { PortalSession, SessionTransport } from '../sessions/portal-session.ts';
import { CoalescedWriter } from './coalesced-writer.ts';
import { KeepaliveTicker, type KeepaliveMember } from './keepalive-ticker.ts';
import { MALFORMED_INPUT_REASON, MalformedInputGuard } from './malformed-input.ts';
import { TelnetTextCache } from './telnet-text-cache.ts';
import type { PortalSessionHandler } from '../sessions/portal-session-handler.ts';
import { CMD } from '../telnet/constants.ts';
import { HTTP_ON_TELNET_REPLY, looksLikeHttpRequestLine } from '../telnet/http-detect.ts';
import { LineReader } from '../telnet/line-reader.ts';
import { echoRequest } from '../telnet/options/echo.ts';
import type { MsspValue } from '../telnet/options/mssp.ts';
import { buildCommand, encodeTextForTelnet } from '../telnet/output.ts';
import {
  TelnetProtocol,
  type TelnetProtocolHooks,
  type TelnetProtocolOptions,
} from '../telnet/protocol.ts';
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
  /** The game's name for MSSP (settings `serverName`). */
  serverName?: string;
  /** The game's own MSSP fields, e.g. { CODEBASE: 'Waystone', CONTACT: '…' }. */
  msspFields?: Readonly<Record<string, MsspValue>>;
  /** Offer MCCP2/MCCP3 compression. Default true. */
  compression?: boolean;
  /** Largest GMCP message accepted, in bytes. Default 32 KiB. */
  maxGmcpBytes?: number;
  /** Greet a client that has not spoken telnet after this long. Default 150 ms. */
  greetingGraceMs?: number;
  /** Greet a client still negotiating after this long. Default 1000 ms. */
  negotiationMaxWaitMs?: number;
  /** Malformed input allowed per `protocolErrorWindowMs` before the connection is closed. */
  maxProtocolErrors?: number;
  protocolErrorWindowMs?: number;
  /** Close a connection not logged in this long after it opened; 0 or absent: never. */
  loginTimeoutMs?: number;
}

/** How long a silent client waits before it is announced and greeted. */
export const GREETING_GRACE_MS = 150;
/** How long a client that negotiates may take over its first round before it is greeted. */
export const NEGOTIATION_MAX_WAIT_MS = 1000;
/** Flag updates within this window reach the Server as one re-sync. */
export const FLAG_SYNC_MS = 50;
/** How long a closing connection may take to flush its goodbye before it is destroyed. */
const CLOSE_GRACE_MS = 2000;
/** OOB calls held while the session is not yet announced. */
const MAX_EARLY_CALLS = 32;
/** Malformed-input limits when the settings give none (see settings maxProtocolErrors). */
const DEFAULT_MAX_PROTOCOL_ERRORS = 20;
const DEFAULT_PROTOCOL_ERROR_WINDOW_MS = 10_000;
const CRLF = Buffer.from('\r\n');
const NOP = buildCommand(CMD.NOP);

/**
 * What every connection of one telnet listener shares, made once by the listener: its settings,
 * the protocol's options, the text cache, the quiet log, the keepalive timer, and the socket
 * listeners — functions shared by all its sockets (each finds its connection by its socket),
 * so an idle connection holds no closure of its own.
 */
export class TelnetShared {
  readonly protocolOptions: TelnetProtocolOptions;
  readonly keepalives: KeepaliveTicker | null;
  /** Each open socket's connection, for the shared socket listeners. */
  readonly connections = new WeakMap<Socket, TelnetConnection>();
  readonly onSocketData: (this: Socket, chunk: Buffer) => void;
  readonly onSocketError: (this: Socket, err: Error) => void;
  readonly onSocketClose: (this: Socket) => void;

  constructor(
    readonly handler: PortalSessionHandler,
    readonly limits: TelnetLimits,
    readonly log: Logger,
    /** One text cache for the listener, so a room-wide text is encoded once. */
    readonly textCache: TelnetTextCache = new TelnetTextCache(),
    /** What a client can cause is logged through this. */
    readonly quiet: RateLimitedLog = new RateLimitedLog(log),
  ) {
    this.protocolOptions = {
      mssp: {
        serverName: limits.serverName ?? 'Waystone',
        players() {
          return handler.loggedInCount;
        },
        startedAt: handler.startedAt,
        fields: { CODEBASE: 'Waystone', ...limits.msspFields },
      },
      ...(limits.maxGmcpBytes !== undefined ? { maxGmcpBytes: limits.maxGmcpBytes } : {}),
      compression: limits.compression ?? true,
    };
    // NOP keepalives keep NAT tables and idle proxies from dropping a quiet player.
    this.keepalives =
      limits.keepaliveSeconds > 0 ? new KeepaliveTicker(limits.keepaliveSeconds * 1000) : null;
    const connections = this.connections;
    this.onSocketData = function (chunk) {
      connections.get(this)?.receive(chunk);
    };
    this.onSocketError = function (err) {
      log.debug({ err: err.message, address: this.remoteAddress }, 'telnet socket error');
    };
    this.onSocketClose = function () {
      connections.get(this)?.socketClosed();
      connections.delete(this);
    };
  }
}

function greetingGraceOver(connection: TelnetConnection): void {
  connection.graceOver();
}

function announceLate(connection: TelnetConnection): void {
  connection.settled();
}

function loginTimeUp(connection: TelnetConnection): void {
  connection.loginTimeUp();
}

function flushFlagsOf(connection: TelnetConnection): void {
  connection.flushFlags();
}

/**
 * One connection. It is its protocol's hooks (`TelnetProtocolHooks`: write, data, command,
 * flags, input, keepalive, refuse, malformed, settled) and its session's transport; both are
 * methods, shared by every connection, where closures would cost each one a few hundred bytes.
 */
export class TelnetConnection implements SessionTransport, TelnetProtocolHooks, KeepaliveMember {
  readonly address: string;
  readonly protocol: TelnetProtocol;
  private readonly reader: LineReader;
  /** Output bytes leave as one socket write per turn (coalesced-writer.ts). */
  private readonly out: CoalescedWriter;
  private session: PortalSession | null = null;
  /** Lines that completed before the session was announced (made at the first). */
  private early: string[] | null = null;
  /** OOB calls that arrived before the session was announced (made at the first). */
  private earlyCalls: FuncCall[] | null = null;
  private pendingFlags: ProtocolFlags | null = null;
  private flagTimer: NodeJS.Timeout | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  /** Until the session logs in (settings unloggedInTimeoutSeconds): see login-timeout.ts. */
  private loginTimer: NodeJS.Timeout | null = null;
  /** Made at the first malformed input. */
  private malformedInput: MalformedInputGuard | null = null;
  private closing = false;
  /** A complete line has been read (the first is checked for HTTP). */
  private sawLine = false;
  /** Bytes read before the session existed, charged to its input budget when it does. */
  private unchargedBytes = 0;
  private readonly openedAt = Date.now();

  constructor(
    private readonly socket: Socket,
    private readonly shared: TelnetShared,
    readonly protocolKey: string = 'telnet',
  ) {
    const limits = shared.limits;
    this.address = socket.remoteAddress ?? 'unknown';
    this.out = new CoalescedWriter(socket);
    // A character may take up to 4 bytes in UTF-8; the exact character cap is applied per line.
    this.reader = new LineReader({ maxLineBytes: limits.maxLineLength * 4 });
    this.protocol = new TelnetProtocol(this, shared.protocolOptions, shared.log, this.address);
    const loginTimeoutMs = limits.loginTimeoutMs ?? 0;
    if (loginTimeoutMs > 0) {
      this.loginTimer = setTimeout(loginTimeUp, loginTimeoutMs, this);
      this.loginTimer.unref();
    }
    socket.setNoDelay(true);
    shared.connections.set(socket, this);
    socket.on('data', shared.onSocketData);
    socket.on('error', shared.onSocketError);
    socket.on('close', shared.onSocketClose);
    this.protocol.start();
    this.graceTimer = setTimeout(
      greetingGraceOver,
      limits.greetingGraceMs ?? GREETING_GRACE_MS,
      this,
    );
    shared.keepalives?.add(this);
  }

  // ---- SessionTransport ---------------------------------------------------------------------

  /** The client's flags as negotiated so far (defaults before the session exists). */
  private currentFlags(): Readonly<ProtocolFlags> {
    return this.session?.data.protocolFlags ?? DEFAULT_PROTOCOL_FLAGS;
  }

  send(cmds: readonly FuncCall[]): void {
    for (const call of cmds) {
      const [name, args, kwargs] = call;
      if (name === 'text' || name === 'prompt') {
        const echo = echoRequest(kwargs);
        // The ECHO change goes first, so the client has it before the player types.
        if (echo === false) this.protocol.echo.hideInput();
        else if (echo === true) this.protocol.echo.showInput();
        this.output(
          this.shared.textCache.bytesFor(
            textOf(args),
            this.currentFlags(),
            this.encoding(),
            name === 'text',
          ),
        );
        if (name === 'prompt') {
          const mark = this.protocol.promptMark();
          if (mark !== null) this.output(mark);
        }
      } else if (!this.protocol.sendOob(call)) {
        // The client agreed to neither GMCP nor MSDP: OOB output has nowhere to go.
      }
    }
  }

  /** Backpressure from the session handler: stop or go on reading the socket. */
  setReading(reading: boolean): void {
    if (this.socket.destroyed) return;
    if (reading) this.socket.resume();
    else this.socket.pause();
  }

  /** The session logged in: the login timeout is over. */
  loginDone(): void {
    if (this.loginTimer !== null) clearTimeout(this.loginTimer);
    this.loginTimer = null;
  }

  close(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.protocol.stopInput();
    this.stopTimers();
    if (reason !== '') this.writeText(withLineEnd(reason));
    // With MCCP2 on, the goodbye is still inside zlib: finish the stream, then end.
    this.protocol.flushed(() => {
      this.out.flush();
      this.socket.end();
    });
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** A keepalive NOP, from the listener's ticker. */
  sendKeepalive(): void {
    this.output(NOP);
  }

  // ---- socket (through the listener's shared socket listeners) -------------------------------

  receive(chunk: Buffer): void {
    if (this.closing) return;
    this.protocol.receive(chunk);
    // The bytes count against the session's budget (which may stop the reading for a while).
    if (this.session === null) this.unchargedBytes += chunk.length;
    else this.shared.handler.received(this.session, chunk.length);
  }

  socketClosed(): void {
    this.stopTimers();
    this.out.discard();
    this.protocol.destroy();
    if (this.session)
      this.shared.handler.disconnect(this.session, 'the client closed the connection');
  }

  // ---- TelnetProtocolHooks ------------------------------------------------------------------

  /** Bytes for the socket (after MCCP2). */
  write(bytes: Buffer): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    this.out.write(bytes);
    const buffered =
      this.socket.writableLength + this.out.pendingBytes + this.protocol.bufferedBytes;
    if (outputOverflowed(buffered, this.shared.limits.maxOutputBufferBytes)) {
      this.shared.quiet.warn(
        'OUTPUT_OVERFLOW',
        { sessid: this.session?.sessid, address: this.address, buffered },
        OUTPUT_OVERFLOW_REASON,
      );
      this.closing = true;
      this.stopTimers();
      this.out.discard();
      this.socket.destroy();
      this.protocol.destroy();
      if (this.session) this.shared.handler.disconnect(this.session, OUTPUT_OVERFLOW_REASON);
    }
  }

  data(bytes: Buffer): void {
    if (this.closing) return;
    for (const lineEvent of this.reader.push(bytes)) {
      if (lineEvent.kind === 'overflow') this.tooLong();
      else this.firstLineOrOnLine(this.decode(lineEvent.line));
      if (this.closing) return;
    }
  }

  command(command: number): void {
    // NOP (and AYT, which deserves a sign of life) count as keepalives, never as commands.
    if (command === CMD.NOP && this.session) this.shared.handler.keepalive(this.session);
    else if (command === CMD.AYT) this.writeText('[Yes]\r\n');
  }

  flags(flags: ProtocolFlags): void {
    this.pendingFlags = { ...this.pendingFlags, ...flags };
    if (this.session === null || this.flagTimer !== null) return;
    this.flagTimer = setTimeout(flushFlagsOf, FLAG_SYNC_MS, this);
    this.flagTimer.unref();
  }

  input(call: FuncCall): void {
    if (this.closing) return;
    if (this.session === null) {
      this.earlyCalls ??= [];
      if (this.earlyCalls.length < MAX_EARLY_CALLS) this.earlyCalls.push(call);
      return;
    }
    this.flushFlags();
    this.shared.handler.input(this.session, call);
  }

  keepalive(): void {
    if (this.session) this.shared.handler.keepalive(this.session);
  }

  /** A protocol handler closes the connection (zip bomb, corrupt compressed input). */
  refuse(code: string, reason: string): void {
    this.shared.quiet.warn(code, { sessid: this.session?.sessid, address: this.address }, reason);
    if (this.session) this.shared.handler.disconnect(this.session, reason);
    this.close(reason);
  }

  /** Counted by the guard; a client that keeps on is closed (TELNET_MALFORMED). */
  malformed(code: string, detail: string): void {
    if (this.closing) return;
    const limits = this.shared.limits;
    this.malformedInput ??= new MalformedInputGuard(
      {
        maxErrors: limits.maxProtocolErrors ?? DEFAULT_MAX_PROTOCOL_ERRORS,
        windowMs: limits.protocolErrorWindowMs ?? DEFAULT_PROTOCOL_ERROR_WINDOW_MS,
      },
      'TELNET_MALFORMED',
      this.shared.quiet,
    );
    const fields = { sessid: this.session?.sessid, address: this.address };
    if (!this.malformedInput.record(code, detail, fields)) return;
    if (this.session) this.shared.handler.disconnect(this.session, MALFORMED_INPUT_REASON);
    this.close(MALFORMED_INPUT_REASON);
  }

  /** The first negotiation round is over (or the greeting grace is): announce the session. */
  settled(): void {
    if (this.session !== null || this.closing) return;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    const handler = this.shared.handler;
    this.session = handler.connect(this);
    if (this.unchargedBytes > 0) handler.received(this.session, this.unchargedBytes);
    this.unchargedBytes = 0;
    this.flushFlags();
    const early = this.early;
    const earlyCalls = this.earlyCalls;
    this.early = null;
    this.earlyCalls = null;
    if (early !== null) for (const line of early) this.onLine(line);
    if (earlyCalls !== null) for (const call of earlyCalls) this.input(call);
  }

  // ---- timers -------------------------------------------------------------------------------

  graceOver(): void {
    this.graceTimer = null;
    if (this.session !== null || this.closing) return;
    if (!this.protocol.heard || this.protocol.settled) {
      this.settled();
      return;
    }
    // The client speaks telnet but has not finished its first round: a little longer.
    const left =
      (this.shared.limits.negotiationMaxWaitMs ?? NEGOTIATION_MAX_WAIT_MS) -
      (Date.now() - this.openedAt);
    this.graceTimer = setTimeout(announceLate, Math.max(0, left), this);
  }

  loginTimeUp(): void {
    this.loginTimer = null;
    if (this.closing || this.session?.data.loggedIn === true) return;
    this.shared.quiet.info(
      'LOGIN_TIMEOUT',
      { sessid: this.session?.sessid, address: this.address },
      'closed a connection that did not log in in time',
    );
    if (this.session) this.shared.handler.disconnect(this.session, LOGIN_TIMEOUT_MESSAGE);
    this.close(LOGIN_TIMEOUT_MESSAGE);
  }

  flushFlags(): void {
    if (this.flagTimer) clearTimeout(this.flagTimer);
    this.flagTimer = null;
    const flags = this.pendingFlags;
    if (flags === null || this.session === null || this.session.closed) return;
    this.pendingFlags = null;
    this.shared.handler.updateFlags(this.session, flags);
  }

  // ---- input --------------------------------------------------------------------------------

  /**
   * Only the connection's first line can be an HTTP request (http-detect.ts); it is checked
   * here, not in onLine, because a busy Portal may already have greeted the client (after
   * `greetingGraceMs`) when a browser's request is read.
   */
  private firstLineOrOnLine(line: string): void {
    if (!this.sawLine) {
      this.sawLine = true;
      if (looksLikeHttpRequestLine(line)) {
        this.answerHttp();
        return;
      }
    }
    this.onLine(line);
  }

  private onLine(line: string): void {
    // While we "echo" (input hidden), the client prints nothing, not even the line end.
    if (this.protocol.echoing) this.output(CRLF);
    if (this.session === null) {
      (this.early ??= []).push(line);
      this.settled();
      return;
    }
    const max = this.shared.limits.maxLineLength;
    // UTF-16 length bounds the code-point count from above, so most lines skip the exact count.
    if (line.length > max && [...line].length > max) {
      this.tooLong();
      return;
    }
    this.flushFlags();
    this.shared.handler.input(this.session, ['text', [line], {}]);
  }

  private tooLong(): void {
    this.writeText(withLineEnd(LINE_TOO_LONG_MESSAGE));
  }

  private decode(bytes: Buffer): string {
    return bytes.toString(this.encoding());
  }

  private encoding(): BufferEncoding {
    const encoding =
      this.pendingFlags?.['ENCODING'] ?? this.session?.data.protocolFlags['ENCODING'];
    return encoding === 'latin-1' || encoding === 'latin1' ? 'latin1' : 'utf8';
  }

  private answerHttp(): void {
    this.shared.quiet.info(
      'TELNET_HTTP_REQUEST',
      { address: this.address },
      'HTTP request on the telnet port; answered and closed',
    );
    if (this.session)
      this.shared.handler.disconnect(this.session, 'HTTP request on the telnet port');
    this.closing = true;
    this.protocol.stopInput();
    this.stopTimers();
    this.out.flush();
    this.socket.end(HTTP_ON_TELNET_REPLY);
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  // ---- output -------------------------------------------------------------------------------

  private writeText(text: string): void {
    this.output(encodeTextForTelnet(text, this.encoding()));
  }

  /** Bytes to the client, through the protocol (MCCP2 when on). */
  private output(bytes: Buffer): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    this.protocol.send(bytes);
  }

  private stopTimers(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.flagTimer) clearTimeout(this.flagTimer);
    if (this.loginTimer) clearTimeout(this.loginTimer);
    this.shared.keepalives?.delete(this);
    this.graceTimer = null;
    this.flagTimer = null;
    this.loginTimer = null;
  }
}
