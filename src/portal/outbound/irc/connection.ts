/**
 * One connection to an IRC server, from the socket's opening to its close: registration
 * (PASS, NICK, USER; RFC 2812 §3.1), nick collisions, JOIN, PING/PONG, channel messages. It
 * never reconnects itself: when it closes, for whatever reason, it says so once (`onClosed`)
 * and the bridge (irc.ts) decides when to try again.
 *
 * States:
 *   connecting   TCP (or TLS) connect, bounded by `connectTimeoutMs`
 *   registering  NICK/USER sent; 433/436/437 → the next nick (nick.ts), 001 → registered;
 *                bounded by `registrationTimeoutMs`
 *   registered   JOIN sent; our own JOIN echoed → joined; KICK → not joined (the bridge rejoins)
 *   closed       the socket is gone; nothing more is sent or reported
 * In every state but `closed`, a PING is answered with PONG, and a server silent for
 * `idlePingMs` is sent a PING of ours: no answer within `pingTimeoutMs` means it is lost, even
 * when TCP has not noticed (a dead route can keep a socket open for hours).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import { LineReader } from '../../telnet/line-reader.ts';
import { encodeIrcLine, IRC_MAX_LINE_BYTES, parseIrcLine, type IrcMessage } from './message.ts';
import { nickCandidate } from './nick.ts';

export interface IrcConnectionEvents {
  /** 001: the server took our nick (maybe not the configured one). */
  onRegistered(nick: string): void;
  /** Our JOIN of the channel went through. */
  onJoined(): void;
  /** We are out of the channel (kicked, or the join was refused); `why` for the log. */
  onLeft(why: string): void;
  /** Someone said something on the channel (`action`: a CTCP ACTION, handled by the caller). */
  onChannelMessage(nick: string, text: string): void;
  /** The connection is over; `registered` says whether it had got that far. */
  onClosed(reason: string, registered: boolean): void;
}

export interface IrcConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /**
   * Certificates to trust besides the system's (tests with a self-signed server). The server's
   * certificate is always verified.
   */
  readonly tlsCa?: string | Buffer | undefined;
  readonly channel: string;
  readonly channelKey?: string | undefined;
  readonly nick: string;
  readonly password?: string | undefined;
  readonly realname: string;
  readonly maxNickAttempts: number;
  readonly connectTimeoutMs: number;
  readonly registrationTimeoutMs: number;
  readonly idlePingMs: number;
  readonly pingTimeoutMs: number;
  readonly events: IrcConnectionEvents;
  readonly log: Logger;
}

type State = 'connecting' | 'registering' | 'registered' | 'closed';

/** The longest line kept from a server: 512 bytes and IRCv3 tags (8191). */
const MAX_RECEIVED_LINE_BYTES = 512 + 8191;
/** How long a QUIT is given to reach the server before the socket is cut. */
const QUIT_GRACE_MS = 1000;
/** The user name sent in USER (servers show it as ~waystone). */
const USER_NAME = 'waystone';

export class IrcConnection {
  private state: State = 'connecting';
  private readonly socket: net.Socket;
  private readonly reader = new LineReader({ maxLineBytes: MAX_RECEIVED_LINE_BYTES });
  private readonly decoder = new TextDecoder('utf-8');
  private nickAttempt = 0;
  private currentNick: string;
  private inChannel = false;
  private stageTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private closeReason = 'connection closed';

  constructor(private readonly opts: IrcConnectionOptions) {
    this.currentNick = opts.nick;
    const onConnect = () => this.connected();
    this.socket = opts.tls
      ? tls.connect(
          {
            host: opts.host,
            port: opts.port,
            ...(opts.tlsCa === undefined ? {} : { ca: opts.tlsCa }),
            // SNI takes host names only.
            ...(net.isIP(opts.host) === 0 ? { servername: opts.host } : {}),
          },
          onConnect,
        )
      : net.connect({ host: opts.host, port: opts.port }, onConnect);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.received(chunk));
    this.socket.on('error', (err: Error) => {
      this.closeReason = err.message;
    });
    this.socket.on('close', () => this.closed());
    this.armStage(opts.connectTimeoutMs, 'could not connect in time');
  }

  /** The nick the server knows us by (the configured one until a collision). */
  get nick(): string {
    return this.currentNick;
  }

  get joined(): boolean {
    return this.inChannel;
  }

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  /**
   * The most UTF-8 bytes of text one PRIVMSG to the channel may carry. The server relays it
   * with our prefix (`:nick!user@host `), which counts in the 512 bytes; the host is at most 63
   * bytes (a DNS label), which is the room kept for it.
   */
  get maxMessageBytes(): number {
    const prefix = `:${this.currentNick}!~${USER_NAME}@`.length + 63 + 1;
    const command = `PRIVMSG ${this.opts.channel} :`.length;
    return IRC_MAX_LINE_BYTES - 2 - prefix - command;
  }

  /** One message to the channel; it must fit `maxMessageBytes` (the caller splits). */
  say(text: string): void {
    if (!this.inChannel) return;
    this.send('PRIVMSG', [this.opts.channel, text]);
  }

  /** Try to join the channel again (after a kick or a refused join). */
  rejoin(): void {
    if (this.state === 'registered' && !this.inChannel) this.join();
  }

  /** Leave politely (QUIT) and close; `onClosed` follows. */
  quit(message: string): void {
    if (this.state === 'closed') return;
    this.closeReason = `quit: ${message}`;
    if (this.state === 'connecting') {
      this.socket.destroy();
      return;
    }
    this.send('QUIT', [message]);
    this.socket.end();
    setTimeout(() => this.socket.destroy(), QUIT_GRACE_MS).unref();
  }

  // ---- socket ------------------------------------------------------------------------------

  private connected(): void {
    if (this.state !== 'connecting') return;
    this.state = 'registering';
    this.armStage(this.opts.registrationTimeoutMs, 'the server did not register us in time');
    this.armIdle();
    if (this.opts.password !== undefined) this.send('PASS', [this.opts.password]);
    this.send('NICK', [this.currentNick]);
    this.send('USER', [USER_NAME, '0', '*', this.opts.realname]);
  }

  private received(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.armIdle();
    for (const event of this.reader.push(chunk)) {
      if (event.kind === 'overflow') {
        this.opts.log.warn({ limit: event.limit }, 'an IRC line too long was skipped');
        continue;
      }
      const message = parseIrcLine(this.decoder.decode(event.line));
      if (message !== null) this.handle(message);
      // A line that made us drop the connection ends the reading: the rest is not for us.
      if (this.socket.destroyed) return;
    }
  }

  private closed(): void {
    if (this.state === 'closed') return;
    const registered = this.state === 'registered';
    this.state = 'closed';
    this.inChannel = false;
    this.clearTimers();
    this.opts.events.onClosed(this.closeReason, registered);
  }

  /** Drop the connection for `reason` (a timeout, a protocol failure). */
  private fail(reason: string): void {
    if (this.state === 'closed') return;
    this.closeReason = reason;
    this.socket.destroy();
  }

  private send(command: string, params: readonly string[]): void {
    if (this.socket.destroyed) return;
    const line = encodeIrcLine(command, params);
    if (Buffer.byteLength(line) + 2 > IRC_MAX_LINE_BYTES) {
      this.opts.log.error({ command }, 'an IRC line over 512 bytes was not sent');
      return;
    }
    this.socket.write(`${line}\r\n`);
  }

  // ---- protocol ----------------------------------------------------------------------------

  private handle(message: IrcMessage): void {
    const { command, params, prefix } = message;
    switch (command) {
      case 'PING':
        this.send('PONG', [params.at(-1) ?? '']);
        return;
      case '001':
        this.registered(params[0] ?? this.currentNick);
        return;
      case '433': // ERR_NICKNAMEINUSE
      case '436': // ERR_NICKCOLLISION
      case '437': // ERR_UNAVAILRESOURCE
        if (this.state === 'registering') this.nextNick(command);
        return;
      case '432': // ERR_ERRONEUSNICKNAME: this server's rules refuse the nick
        if (this.state === 'registering')
          this.fail(`the server refuses the nick ${params[1] ?? ''}`);
        return;
      case '464': // ERR_PASSWDMISMATCH
        this.fail('the server refused the password');
        return;
      case 'ERROR':
        this.closeReason = `server said: ${params.at(-1) ?? 'ERROR'}`;
        return;
      case 'NICK':
        if (prefix && sameNick(prefix.nick, this.currentNick) && params[0] !== undefined)
          this.currentNick = params[0];
        return;
      case 'JOIN':
        if (prefix && sameNick(prefix.nick, this.currentNick) && this.isOurChannel(params[0])) {
          this.inChannel = true;
          this.opts.events.onJoined();
        }
        return;
      case 'KICK':
        if (this.isOurChannel(params[0]) && sameNick(params[1] ?? '', this.currentNick))
          this.left(`kicked by ${prefix?.nick ?? 'the server'}: ${params[2] ?? ''}`);
        return;
      case 'PART':
        if (prefix && sameNick(prefix.nick, this.currentNick) && this.isOurChannel(params[0]))
          this.left('parted');
        return;
      case '471': // ERR_CHANNELISFULL
      case '473': // ERR_INVITEONLYCHAN
      case '474': // ERR_BANNEDFROMCHAN
      case '475': // ERR_BADCHANNELKEY
      case '403': // ERR_NOSUCHCHANNEL
      case '405': // ERR_TOOMANYCHANNELS
        if (this.isOurChannel(params[1])) this.left(`cannot join: ${params.at(-1) ?? command}`);
        return;
      case 'PRIVMSG':
        if (prefix && this.inChannel && this.isOurChannel(params[0]) && params[1] !== undefined)
          this.opts.events.onChannelMessage(prefix.nick, params[1]);
        return;
      default:
        return;
    }
  }

  private registered(nick: string): void {
    if (this.state !== 'registering') return;
    this.state = 'registered';
    this.currentNick = nick;
    this.clearStage();
    this.opts.events.onRegistered(nick);
    this.join();
  }

  private join(): void {
    const key = this.opts.channelKey;
    this.send('JOIN', key === undefined ? [this.opts.channel] : [this.opts.channel, key]);
  }

  private left(why: string): void {
    this.inChannel = false;
    this.opts.events.onLeft(why);
  }

  private nextNick(code: string): void {
    this.nickAttempt += 1;
    const next = nickCandidate(this.opts.nick, this.nickAttempt, this.opts.maxNickAttempts);
    if (next === null) {
      this.fail(`nick ${this.opts.nick} and ${this.nickAttempt - 1} variants taken (${code})`);
      return;
    }
    this.opts.log.info({ nick: next, code }, `IRC nick taken; trying ${next}`);
    this.currentNick = next;
    this.send('NICK', [next]);
  }

  private isOurChannel(name: string | undefined): boolean {
    return name !== undefined && name.toLowerCase() === this.opts.channel.toLowerCase();
  }

  // ---- timers ------------------------------------------------------------------------------

  /** The deadline of the current stage (connect, registration). */
  private armStage(ms: number, reason: string): void {
    this.clearStage();
    this.stageTimer = setTimeout(() => this.fail(reason), ms);
  }

  private clearStage(): void {
    if (this.stageTimer !== null) clearTimeout(this.stageTimer);
    this.stageTimer = null;
  }

  /** Silence for idlePingMs → a PING; then silence for pingTimeoutMs → lost. */
  private armIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.send('PING', [`waystone-${Date.now()}`]);
      this.idleTimer = setTimeout(
        () => this.fail(`no answer from the server for ${this.opts.pingTimeoutMs / 1000} s`),
        this.opts.pingTimeoutMs,
      );
    }, this.opts.idlePingMs);
  }

  private clearTimers(): void {
    this.clearStage();
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** IRC compares nicks case-insensitively (ASCII is enough for ours). */
function sameNick(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
