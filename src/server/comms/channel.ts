/**
 * `DefaultChannel`: a channel's state and the hooks a game overrides — a typeclass, as objects
 * and accounts have. A game subclasses it and registers the class by a stable name
 * (`game.registerChannelClass('GuildChannel', GuildChannel)`); the channel manager stores that
 * name and builds the class again on every start (a missing class is a loud error). The channel
 * does not load or save itself: the manager does, and lends it `links` for `msg` and friends.
 *
 * Locks (checked against the account, never a character: channels are out of character):
 *   listen   who may join and hear it (checked again for every message, so a tightened lock
 *            silences those it now shuts out)
 *   send     who may speak on it
 *   control  who may change, ban from or destroy it
 *
 * Timeline of one message — a player speaking (`pub hello`) or game code (`channel.msg(...)`):
 *   a player's line only: subscribed, not banned, `send`, rate limit, length   (manager; the
 *     player is told why it was refused; sending to a muted channel unmutes it first)
 *   1. atPreMsg(text, sender)   return new text to change it, false to drop it quietly
 *   2. the message is stored in the history and committed before anyone hears it
 *   3. formatMessage(text, senderName) → the one line everyone gets: "[Public] Cora: hello"
 *   4. sent to every subscriber online who is not muting it and passes `listen` (as text, and
 *      as GMCP Comm.Channel.Text for clients and bridges that want the parts)
 *   5. atPostMsg(post)
 * Joining: atPreJoin(who) (false refuses) → stored → atPostJoin(who); leaving (unsub, boot, ban):
 * atPreLeave(who) (false refuses an unsub; a boot or ban goes on) → stored → atPostLeave(who).
 * Made: atInit() on every load, and atChannelCreation() once, right after the first.
 */
import type { FuncCall } from '../../shared/session-data.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import type { LockSubject } from '../locks/lock-subject.ts';

/** A session as a channel reaches it. */
export interface ChannelSession {
  readonly sessid: number;
  send(cmds: FuncCall[]): void;
}

/** An account as a channel sees it (DefaultAccount fits): who subscribes, speaks and listens. */
export interface ChannelMember extends LockSubject {
  readonly id: number;
  readonly name: string;
  readonly sessions: readonly ChannelSession[];
}

/** Someone on (or leaving) a channel, online or not. */
export interface SubscriberRef {
  readonly id: number;
  readonly name: string;
}

export interface ChannelState {
  readonly id: number;
  key: string;
  aliases: string[];
  description: string;
  /** The registered class name it is stored under. */
  readonly typeclass: string;
  readonly createdAt: Date;
}

/** Who is speaking: an account, or nobody (the game itself, a bridge posting `nick@IRC`). */
export interface ChannelSender {
  readonly member: ChannelMember | null;
  /** The name the line shows ('' for none: "[MudInfo] Cora connected."). */
  readonly name: string;
}

/** One message as it went out. */
export interface ChannelPost {
  readonly channel: DefaultChannel;
  readonly senderName: string;
  readonly senderId: number | null;
  /** The message (neutralised), without channel or sender. */
  readonly text: string;
  /** The line receivers got: `formatMessage(text, senderName)`. */
  readonly line: string;
  readonly at: Date;
}

export interface PostOptions {
  /** The account speaking; omitted or null for the game itself or a bridge. */
  sender?: ChannelMember | null;
  /** The name shown: by default the sender's name, or '' without a sender. Neutralised. */
  senderName?: string;
  /** Accounts that do not get it (a bridge's own bot account, so it does not echo back). */
  exclude?: readonly number[];
  /** Reach subscribers who muted the channel too (a channel being destroyed). */
  bypassMute?: boolean;
  /** Keep it in the channel's history (default true). */
  record?: boolean;
}

/** What the manager lends a channel. */
export interface ChannelLinks {
  post(channel: DefaultChannel, text: string, options: PostOptions): Promise<ChannelPost | null>;
  subscribers(channel: DefaultChannel): SubscriberRef[];
}

export interface ChannelInit {
  readonly state: ChannelState;
  readonly lockFuncs: LockFuncRegistry;
  /** The stored lock string. */
  readonly locks: string;
  readonly links: ChannelLinks;
}

/** The constructor the manager calls; a game's subclass keeps this signature. */
export type ChannelClass = new (init: ChannelInit) => DefaultChannel;

export class DefaultChannel {
  readonly state: ChannelState;
  /** `listen`, `send`, `control` (and any a game adds). Change them through the manager. */
  readonly locks: LockHandler;
  readonly #links: ChannelLinks;

  constructor(init: ChannelInit) {
    this.state = init.state;
    this.#links = init.links;
    this.locks = new LockHandler(init.lockFuncs, this, init.locks);
  }

  get id(): number {
    return this.state.id;
  }

  get key(): string {
    return this.state.key;
  }

  get aliases(): readonly string[] {
    return this.state.aliases;
  }

  get description(): string {
    return this.state.description;
  }

  get typeclass(): string {
    return this.state.typeclass;
  }

  get createdAt(): Date {
    return this.state.createdAt;
  }

  /** Does `subject` (an account) pass this channel's `accessType` lock? */
  access(subject: LockSubject, accessType: string, defaultResult = false): boolean {
    return this.locks.check(subject, accessType, defaultResult);
  }

  /**
   * Say something on the channel as the game (or as `options.sender`): the timeline's steps
   * 1–5, none of a player's checks. Resolves with what went out, or null when atPreMsg dropped it.
   */
  msg(text: string, options: PostOptions = {}): Promise<ChannelPost | null> {
    return this.#links.post(this, text, options);
  }

  /** Everyone subscribed, online or not, muted or not. */
  subscribers(): SubscriberRef[] {
    return this.#links.subscribers(this);
  }

  // ---- hooks -----------------------------------------------------------------------------

  /** Every load (creation, and each start of the Server). */
  atInit(): void | Promise<void> {}

  /** Once, right after the channel was first made (and stored). */
  atChannelCreation(): void | Promise<void> {}

  /** Step 1: the text to send (changed if you like), or false to drop the message quietly. */
  atPreMsg(text: string, _sender: ChannelSender): string | false | Promise<string | false> {
    return text;
  }

  /** What starts every line: "[Public] ". */
  channelPrefix(): string {
    return `[${this.key}] `;
  }

  /** Step 3: the line everyone gets. `senderName` '' shows the text alone after the prefix. */
  formatMessage(text: string, senderName: string): string {
    return senderName === ''
      ? `${this.channelPrefix()}${text}`
      : `${this.channelPrefix()}${senderName}: ${text}`;
  }

  /** Step 5: the message went out. */
  atPostMsg(_post: ChannelPost): void | Promise<void> {}

  /** `who` asks to join; false refuses (they are told they may not). */
  atPreJoin(_who: SubscriberRef): boolean | Promise<boolean> {
    return true;
  }

  atPostJoin(_who: SubscriberRef): void | Promise<void> {}

  /** `who` asks to leave; false refuses an unsub (a boot, a ban or a destroy goes on anyway). */
  atPreLeave(_who: SubscriberRef): boolean | Promise<boolean> {
    return true;
  }

  atPostLeave(_who: SubscriberRef): void | Promise<void> {}
}
