/**
 * The `irc` outbound kind: a bot on one IRC channel, relaying for one game channel (Evennia's
 * IRC bot, `irc2chan`). The protocol is written here, not taken from an npm library: what a
 * bridge needs is small (registration, JOIN, PRIVMSG, PING) and the libraries are unmaintained.
 *
 * Both ways, for the Server:
 *   IRC → game   a channel message becomes `['bot_data_in', [text], { type, nick }]` (type
 *                `privmsg`, or `action` for /me), formatting and control codes stripped; at most
 *                `IN_PER_SECOND` lines a second (a flood on IRC is not relayed whole)
 *   game → IRC   the channel's `comm_channel_text` output (talker, message) becomes
 *                `PRIVMSG #chan :Cora: hello`, split to fit 512 bytes, sent at most one line a
 *                second after a short burst (servers flood-kill faster clients), queue bounded
 *   status       `['bridge_status', [], { state, nick, detail }]` when it joins, leaves or loses
 *                the server, for `irc2chan/list`
 * A lost server (closed, refused, silent past a PING) is tried again with a bounded backoff,
 * and the channel joined again; the session and the game never notice but for the status.
 */
import { z } from 'zod';
import { IRC_CHANNEL, IRC_NICK, NETWORK_HOST } from '../../shared/irc-names.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import { TokenBucket } from '../sessions/token-bucket.ts';
import { Backoff } from './backoff.ts';
import { IrcConnection } from './irc/connection.ts';
import { ctcpAction, isCtcp, plainFromIrc, safeForIrc, splitToBytes } from './irc/text.ts';
import type { OutboundConnection, OutboundContext, OutboundKind } from './outbound-kind.ts';
import { PacedQueue } from './paced-queue.ts';

export const ircConfigSchema = z
  .object({
    host: z.string().regex(NETWORK_HOST, 'a host name or IP address'),
    port: z.number().int().min(1).max(65535),
    tls: z.boolean().default(false),
    channel: z.string().regex(IRC_CHANNEL, 'an IRC channel such as #waystone'),
    channelKey: z.string().min(1).max(100).regex(/^\S+$/).optional(),
    nick: z.string().regex(IRC_NICK, 'an IRC nick'),
    password: z.string().min(1).max(200).regex(/^\S+$/).optional(),
    /** What IRC users see as the bot's real name (`/whois`). */
    realname: z.string().max(100).default('Waystone bridge'),
  })
  .strict();
export type IrcConfig = z.infer<typeof ircConfigSchema>;

/** Timings and bounds of the IRC kind; tests shorten them. */
export interface IrcTimings {
  readonly connectTimeoutMs: number;
  readonly registrationTimeoutMs: number;
  readonly idlePingMs: number;
  readonly pingTimeoutMs: number;
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
  readonly rejoinDelayMs: number;
  readonly maxNickAttempts: number;
  /** Game → IRC: lines a second, the burst allowed, and the most lines waiting. */
  readonly outPerSecond: number;
  readonly outBurst: number;
  readonly outMaxQueued: number;
  /** IRC → game: lines a second relayed (and the burst); the rest are dropped and counted. */
  readonly inPerSecond: number;
  readonly inBurst: number;
}

export const IRC_TIMINGS: IrcTimings = {
  connectTimeoutMs: 20_000,
  registrationTimeoutMs: 60_000,
  idlePingMs: 120_000,
  pingTimeoutMs: 60_000,
  reconnectInitialMs: 2000,
  reconnectMaxMs: 300_000,
  rejoinDelayMs: 30_000,
  maxNickAttempts: 5,
  outPerSecond: 1,
  outBurst: 3,
  outMaxQueued: 60,
  inPerSecond: 5,
  inBurst: 10,
};

/** The output a bridge relays: a channel line in parts (server comms/channel-post.ts). */
const CHANNEL_TEXT = 'comm_channel_text';
/** Dropped lines are logged at most this often. */
const DROP_LOG_INTERVAL_MS = 60_000;

/**
 * The kind. `tlsCa`: certificates to trust besides the system's, for tests against a
 * self-signed server (not a setting: a real IRC network has a real certificate).
 */
export function ircKind(
  timings: IrcTimings = IRC_TIMINGS,
  tlsCa?: string | Buffer,
): OutboundKind<IrcConfig> {
  return {
    name: 'irc',
    configSchema: ircConfigSchema,
    address: (config) => `${config.host}:${config.port}/${config.channel}`,
    open: (config, context) => new IrcBridge(config, context, timings, tlsCa),
  };
}

class IrcBridge implements OutboundConnection {
  private connection: IrcConnection | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private rejoinTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private readonly backoff: Backoff;
  private readonly out: PacedQueue<string>;
  private readonly incoming: TokenBucket;
  private droppedIn = 0;
  private lastDropLog = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: IrcConfig,
    private readonly context: OutboundContext,
    private readonly timings: IrcTimings,
    private readonly tlsCa: string | Buffer | undefined,
  ) {
    this.backoff = new Backoff({
      initialMs: timings.reconnectInitialMs,
      maxMs: timings.reconnectMaxMs,
    });
    this.out = new PacedQueue<string>({
      perSecond: timings.outPerSecond,
      burst: timings.outBurst,
      maxQueued: timings.outMaxQueued,
      deliver: (line) => this.connection?.say(line),
    });
    this.incoming = new TokenBucket(timings.inPerSecond, timings.inBurst, Date.now());
    this.connect();
  }

  send(cmds: readonly FuncCall[]): void {
    for (const [name, , kwargs] of cmds) {
      if (name !== CHANNEL_TEXT || this.closing) continue;
      const talker = typeof kwargs['talker'] === 'string' ? safeForIrc(kwargs['talker']) : '';
      const message = typeof kwargs['message'] === 'string' ? safeForIrc(kwargs['message']) : '';
      if (message.trim() === '') continue;
      this.queueLines(talker, message);
    }
  }

  close(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.clearTimers();
    this.out.clear();
    this.connection?.quit(reason === '' ? 'Bridge closed' : reason.slice(0, 200));
  }

  // ---- game → IRC ----------------------------------------------------------------------------

  /** `Cora: hello`, in pieces that fit one PRIVMSG each, every piece naming the talker. */
  private queueLines(talker: string, message: string): void {
    const lead = talker === '' ? '' : `${talker}: `;
    // The nick may grow by the collision underscores; leave room for them.
    const room =
      (this.connection?.maxMessageBytes ?? 400) -
      this.timings.maxNickAttempts -
      Buffer.byteLength(lead);
    for (const piece of splitToBytes(message, Math.max(64, room))) {
      if (!this.out.push(`${lead}${piece}`)) this.noteDropped('out');
    }
  }

  // ---- the connection and its replacements ------------------------------------------------------

  private connect(): void {
    this.retryTimer = null;
    if (this.closing) return;
    const { log } = this.context;
    const t = this.timings;
    this.connection = new IrcConnection({
      host: this.config.host,
      port: this.config.port,
      tls: this.config.tls,
      tlsCa: this.tlsCa,
      channel: this.config.channel,
      channelKey: this.config.channelKey,
      nick: this.config.nick,
      password: this.config.password,
      realname: this.config.realname,
      maxNickAttempts: t.maxNickAttempts,
      connectTimeoutMs: t.connectTimeoutMs,
      registrationTimeoutMs: t.registrationTimeoutMs,
      idlePingMs: t.idlePingMs,
      pingTimeoutMs: t.pingTimeoutMs,
      log,
      events: {
        onRegistered: (nick) => {
          this.backoff.reset();
          log.info({ nick }, `IRC: registered as ${nick} on ${this.config.host}`);
        },
        onJoined: () => {
          const nick = this.connection?.nick ?? this.config.nick;
          log.info({ nick, channel: this.config.channel }, `IRC: joined ${this.config.channel}`);
          this.status('joined', '');
          this.out.resume();
        },
        onLeft: (why) => {
          log.warn({ channel: this.config.channel, why }, `IRC: not in the channel: ${why}`);
          this.out.pause();
          this.status('left', why);
          this.scheduleRejoin();
        },
        onChannelMessage: (nick, text) => this.relayIn(nick, text),
        onClosed: (reason, registered) => this.lost(reason, registered),
      },
    });
    this.status('connecting', '');
  }

  private lost(reason: string, registered: boolean): void {
    this.out.pause();
    this.connection = null;
    if (this.rejoinTimer !== null) clearTimeout(this.rejoinTimer);
    this.rejoinTimer = null;
    if (this.closing) return;
    const delay = this.backoff.next();
    const seconds = Math.ceil(delay / 1000);
    this.context.log.warn(
      { reason, registered, retryInSeconds: seconds, failures: this.backoff.failures },
      `IRC: lost ${this.config.host}:${this.config.port} (${reason}); trying again in ${seconds} s`,
    );
    this.status('disconnected', `${reason}; trying again in ${seconds} s`);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private scheduleRejoin(): void {
    if (this.rejoinTimer !== null || this.closing) return;
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = null;
      this.connection?.rejoin();
    }, this.timings.rejoinDelayMs);
  }

  // ---- IRC → game ------------------------------------------------------------------------------

  private relayIn(nick: string, raw: string): void {
    const action = ctcpAction(raw);
    // Other CTCP (VERSION, PING…) are requests to a client, not channel talk.
    if (action === null && isCtcp(raw)) return;
    const text = plainFromIrc(action ?? raw).trim();
    if (text === '') return;
    if (!this.incoming.tryTake(1, Date.now())) {
      this.noteDropped('in');
      return;
    }
    this.context.deliver([
      'bot_data_in',
      [text],
      { type: action === null ? 'privmsg' : 'action', nick: plainFromIrc(nick) },
    ]);
  }

  private status(state: string, detail: string): void {
    this.context.deliver([
      'bridge_status',
      [],
      { state, nick: this.connection?.nick ?? this.config.nick, detail },
    ]);
  }

  /** Counts a dropped line; one log line a minute says how many. */
  private noteDropped(way: 'in' | 'out'): void {
    if (way === 'in') this.droppedIn += 1;
    const now = Date.now();
    if (now - this.lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.lastDropLog = now;
    const dropped = { fromIrc: this.droppedIn, toIrc: this.out.takeDropped() };
    this.droppedIn = 0;
    this.context.log.warn(
      dropped,
      'IRC: lines dropped by the rate limits (IRC → game beyond its rate, or game → IRC beyond its queue)',
    );
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.rejoinTimer !== null) clearTimeout(this.rejoinTimer);
    this.retryTimer = null;
    this.rejoinTimer = null;
  }
}
