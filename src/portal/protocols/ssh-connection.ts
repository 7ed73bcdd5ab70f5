/**
 * SSH (`ssh2`): players log in with their account name and password, so the session arrives
 * logged in, and play in a shell channel.
 *
 * The Portal never touches the account database, so the password goes through the Server:
 *
 *   userauth "password" (name, password)
 *     → the SSH connection becomes a PortalSession (protocolKey `ssh`) at its first password
 *     → input `["login", [], {name, password}]` — the same inputfunc, throttle, bans and
 *       hooks as a typed `connect`; a wrong password counts in the failed-login throttle
 *     → input `["ping", [<marker>], {}]` right behind it. The Server runs one session's
 *       inputfuncs strictly in order (inputfuncs/dispatcher.ts) and `sessionLoggedIn` travels
 *       the same ordered link, so when the marker comes back the login has finished: the
 *       session is logged in (accept) or it is not (reject; the client may try again).
 *   no answer within AUTH_ANSWER_TIMEOUT_MS (Server away) → reject.
 *   other methods (none, publickey, keyboard-interactive) → rejected, offering "password".
 *
 * Output before login (the connection screen, "incorrect password") is not shown: SSH has
 * already said that. Output from the login on (the welcome) is kept, bounded, until the shell
 * opens. A pty's size and every window-change reach the Server as SCREENWIDTH/SCREENHEIGHT.
 * With a pty the Portal echoes and edits lines (ssh/line-editor.ts); output lines end CR LF.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel, PseudoTtyInfo, WindowChangeInfo } from 'ssh2';
import { RateLimitedLog } from '../../shared/rate-limited-log.ts';
import type { FuncCall, ProtocolFlags } from '../../shared/session-data.ts';
import type { PortalSession, SessionTransport } from '../sessions/portal-session.ts';
import type { PortalSessionHandler } from '../sessions/portal-session-handler.ts';
import { LineEditor } from '../ssh/line-editor.ts';
import {
  LINE_TOO_LONG_MESSAGE,
  OUTPUT_OVERFLOW_REASON,
  outputOverflowed,
  renderText,
  textOf,
  withLineEnd,
} from './output-policy.ts';
import { CoalescedWriter } from './coalesced-writer.ts';

export interface SshLimits {
  maxLineLength: number;
  maxOutputBufferBytes: number;
}

/** How long a connection may take to log in before it is dropped. */
export const LOGIN_GRACE_MS = 60_000;
/** How long one password check may wait for the Server's answer. */
export const AUTH_ANSWER_TIMEOUT_MS = 20_000;
/** Wrong passwords one connection may try before it is dropped (the throttle counts too). */
export const MAX_PASSWORD_TRIES = 5;
/** Screen sizes beyond this are a broken client; 0 means unknown (REFERENCE.md §12). */
const MAX_SCREEN = 10_000;

const MARKER_PREFIX = 'waystone-ssh-auth-';

/** The SSH protocol side: TCP sockets come from the listener's net.Server via `accept`. */
export class SshListener {
  private readonly ssh: ssh2.Server;
  private readonly connections = new Set<SshConnection>();

  constructor(
    hostKey: Buffer,
    handler: PortalSessionHandler,
    limits: SshLimits,
    log: Logger,
    /** What a client can cause is logged through this. */
    quiet: RateLimitedLog = new RateLimitedLog(log),
  ) {
    this.ssh = new ssh2.Server({ hostKeys: [hostKey], ident: 'Waystone' }, (client, info) => {
      const connection: SshConnection = new SshConnection(
        client,
        info.ip,
        handler,
        limits,
        log,
        () => this.connections.delete(connection),
        quiet,
      );
      this.connections.add(connection);
    });
    this.ssh.on('error', (err: Error) =>
      quiet.warn('SSH_ERROR', { err: err.message }, 'ssh server error'),
    );
  }

  /** Hand a freshly accepted TCP socket to the SSH protocol. */
  accept(socket: Socket): void {
    this.ssh.injectSocket(socket);
  }

  get count(): number {
    return this.connections.size;
  }
}

type Phase = 'auth' | 'ready' | 'shell' | 'closed';

export class SshConnection implements SessionTransport {
  readonly protocolKey = 'ssh';
  private session: PortalSession | null = null;
  private phase: Phase = 'auth';
  private stream: ServerChannel | null = null;
  /** The shell's output, one channel write (one SSH packet) per turn (coalesced-writer.ts). */
  private out: CoalescedWriter | null = null;
  private editor: LineEditor | null = null;
  private pty = false;
  /** The session handler's backpressure: whether the shell's input may be read. */
  private reading = true;
  /** Output after login, kept until the shell opens. */
  private kept: FuncCall[] = [];
  private keptBytes = 0;
  private failedTries = 0;
  private markerCount = 0;
  /** The password check waiting for its marker to come back. */
  private pendingAuth: { marker: string; settle: (ok: boolean) => void } | null = null;
  private readonly loginTimer: NodeJS.Timeout;

  constructor(
    private readonly client: Connection,
    readonly address: string,
    private readonly handler: PortalSessionHandler,
    private readonly limits: SshLimits,
    private readonly log: Logger,
    private readonly onGone: () => void,
    private readonly quiet: RateLimitedLog = new RateLimitedLog(log),
  ) {
    this.loginTimer = setTimeout(() => {
      quiet.info('LOGIN_TIMEOUT', { address }, 'ssh client did not log in in time');
      this.end('login timed out');
    }, LOGIN_GRACE_MS);
    this.loginTimer.unref();
    client.on('authentication', (ctx) => this.authenticate(ctx));
    client.on('ready', () => {
      clearTimeout(this.loginTimer);
      this.phase = 'ready';
    });
    client.on('session', (accept) => this.openSession(accept()));
    client.on('error', (err) => log.debug({ err: err.message, address }, 'ssh client error'));
    client.on('close', () => this.end('the client closed the connection'));
  }

  // ---- authentication -----------------------------------------------------------------------

  private authenticate(ctx: ssh2.AuthContext): void {
    if (ctx.method !== 'password') {
      ctx.reject(['password']);
      return;
    }
    const name = ctx.username;
    const password = ctx.password;
    void this.checkPassword(name, password).then((ok) => {
      if (this.phase === 'closed') return;
      if (ok) {
        ctx.accept();
        return;
      }
      this.failedTries += 1;
      ctx.reject(['password']);
      if (this.failedTries >= MAX_PASSWORD_TRIES) this.end('too many wrong passwords');
    });
  }

  /** Asks the Server to log this session in; resolves once it has answered (or timed out). */
  private checkPassword(name: string, password: string): Promise<boolean> {
    this.session ??= this.handler.connect(this);
    const session = this.session;
    if (session.data.loggedIn) return Promise.resolve(true);
    this.markerCount += 1;
    const marker = `${MARKER_PREFIX}${this.markerCount}`;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => settle(false), AUTH_ANSWER_TIMEOUT_MS);
      const settle = (answered: boolean): void => {
        clearTimeout(timer);
        if (this.pendingAuth?.marker === marker) this.pendingAuth = null;
        resolve(answered && !session.closed && session.data.loggedIn);
      };
      this.pendingAuth = { marker, settle };
      this.handler.input(session, ['login', [], { name, password }]);
      this.handler.input(session, ['ping', [marker], {}]);
    });
  }

  // ---- the shell ----------------------------------------------------------------------------

  private openSession(channel: ssh2.Session): void {
    channel.on('pty', (accept, _reject, info: PseudoTtyInfo) => {
      this.pty = true;
      this.resized(info, info.term);
      accept?.();
    });
    channel.on('window-change', (accept, _reject, info: WindowChangeInfo) => {
      this.resized(info);
      accept?.();
    });
    channel.on('env', (accept) => accept?.());
    channel.on('exec', (_accept, reject) => reject?.());
    channel.on('subsystem', (_accept, reject) => reject?.());
    channel.on('shell', (accept, reject) => {
      if (this.stream !== null || this.phase !== 'ready') {
        reject?.();
        return;
      }
      this.startShell(accept());
    });
  }

  private startShell(stream: ServerChannel): void {
    this.stream = stream;
    this.out = new CoalescedWriter(stream);
    this.phase = 'shell';
    this.editor = new LineEditor({
      echo: this.pty,
      maxLineBytes: this.limits.maxLineLength * 4,
      write: (bytes) => this.write(bytes),
    });
    stream.on('data', (data: Buffer) => this.receive(data));
    if (!this.reading) stream.pause();
    stream.on('error', (err: Error) =>
      this.log.debug({ err: err.message, address: this.address }, 'ssh channel error'),
    );
    stream.on('close', () => this.end('the client closed the connection'));
    const kept = this.kept.splice(0);
    this.keptBytes = 0;
    this.send(kept);
  }

  private resized(size: { cols: number; rows: number }, term?: string): void {
    const flags: ProtocolFlags = {
      SCREENWIDTH: clampScreen(size.cols),
      SCREENHEIGHT: clampScreen(size.rows),
      // A terminal with a real height: long text may be paged to it (as NAWS sets it).
      AUTORESIZE: clampScreen(size.rows) > 0,
    };
    if (term !== undefined && term !== '') {
      flags['TERM'] = term.slice(0, 64);
      flags['ANSI'] = term !== 'dumb';
    }
    if (this.session && !this.session.closed) this.handler.updateFlags(this.session, flags);
  }

  private receive(data: Buffer): void {
    if (this.phase !== 'shell' || this.editor === null || this.session === null) return;
    for (const event of this.editor.push(data)) {
      if (event.kind === 'eof') {
        this.end('the client closed the connection');
        return;
      }
      if (event.kind === 'overflow') {
        this.writeText(withLineEnd(LINE_TOO_LONG_MESSAGE));
        continue;
      }
      if (
        event.line.length > this.limits.maxLineLength &&
        [...event.line].length > this.limits.maxLineLength
      ) {
        this.writeText(withLineEnd(LINE_TOO_LONG_MESSAGE));
        continue;
      }
      this.handler.input(this.session, ['text', [event.line], {}]);
    }
  }

  // ---- SessionTransport ---------------------------------------------------------------------

  send(cmds: readonly FuncCall[]): void {
    for (const call of cmds) {
      if (this.phase === 'closed') return;
      const [name, args] = call;
      if (this.pendingAuth && name === 'ping' && args[0] === this.pendingAuth.marker) {
        this.pendingAuth.settle(true);
        continue;
      }
      if (name !== 'text' && name !== 'prompt') continue; // no OOB channel over SSH
      if (this.stream === null) {
        // Before login: the connection screen and login replies, which SSH has answered itself.
        if (!this.session?.data.loggedIn) {
          this.log.debug(
            { sessid: this.session?.sessid, text: textOf(args).slice(0, 200) },
            'ssh output before login',
          );
          continue;
        }
        this.keep(call);
        continue;
      }
      const text = renderText(textOf(args), this.session?.data.protocolFlags ?? {}, 'terminal');
      this.writeText(name === 'text' ? withLineEnd(text) : text);
    }
  }

  /**
   * Backpressure from the session handler: a paused channel stops taking data, so ssh2 stops
   * widening the client's window and the client waits (RFC 4254 §5.2).
   */
  setReading(reading: boolean): void {
    this.reading = reading;
    const stream = this.stream;
    if (stream === null || stream.destroyed) return;
    if (reading) stream.resume();
    else stream.pause();
  }

  close(reason: string): void {
    if (this.phase === 'closed') return;
    if (reason !== '' && this.stream) this.writeText(withLineEnd(reason));
    this.pendingAuth?.settle(false);
    this.finish();
  }

  /** Cut the connection at once (listener shutdown). */
  destroy(): void {
    this.end('the Portal is shutting down');
  }

  // ---- output and ending --------------------------------------------------------------------

  private keep(call: FuncCall): void {
    this.kept.push(call);
    this.keptBytes += textOf(call[1]).length;
    if (this.keptBytes > this.limits.maxOutputBufferBytes) this.overflow();
  }

  private writeText(text: string): void {
    this.write(Buffer.from(text.replace(/\r\n|\n|\r/g, '\r\n'), 'utf8'));
  }

  private write(bytes: Buffer): void {
    const stream = this.stream;
    if (stream === null || stream.destroyed || stream.writableEnded) return;
    const out = this.out!;
    out.write(bytes);
    const buffered = stream.writableLength + out.pendingBytes;
    if (outputOverflowed(buffered, this.limits.maxOutputBufferBytes)) this.overflow();
  }

  private overflow(): void {
    this.quiet.warn(
      'OUTPUT_OVERFLOW',
      { sessid: this.session?.sessid, address: this.address },
      OUTPUT_OVERFLOW_REASON,
    );
    this.end(OUTPUT_OVERFLOW_REASON);
  }

  /** This side ends the connection, or the client went away: the session is closed. */
  private end(reason: string): void {
    if (this.phase === 'closed') return;
    if (this.session) this.handler.disconnect(this.session, reason);
    this.pendingAuth?.settle(false);
    this.finish();
  }

  private finish(): void {
    this.phase = 'closed';
    clearTimeout(this.loginTimer);
    this.kept = [];
    const stream = this.stream;
    this.stream = null;
    // The goodbye may still be waiting for the end of the turn: it goes before the end.
    this.out?.flush();
    this.out = null;
    if (stream && !stream.destroyed) {
      stream.exit(0);
      stream.end();
    }
    // Let the goodbye reach the client before the connection goes.
    setTimeout(() => this.client.end(), 50).unref();
    this.onGone();
  }
}

function clampScreen(value: number): number {
  return Number.isInteger(value) && value > 0 && value <= MAX_SCREEN ? value : 0;
}
