/**
 * Saying something on a channel (the timeline in channel.ts): a player's checks (`speak`), and
 * the message itself (`post`) — neutralised, offered to atPreMsg, stored and committed, then
 * sent to every subscriber online who hears it. Each receiving session gets the line twice in
 * one batch: as `text` (with `{ type: 'channel', channel }`, which the webclient styles) and as
 * `comm_channel_text` — GMCP Comm.Channel.Text for MUD clients, a `waystone:comm_channel_text`
 * event for page scripts, and the parts a bridge relays:
 *
 *   { channel: 'public', talker: 'Cora', text: '[Public] Cora: hello', message: 'hello' }
 *
 * (plain text, without markup: `text` is the whole line as a chat window shows it, `message`
 * what was said). The same calls go to every session, so the link sends one payload many times.
 */
import type { Logger } from 'pino';
import { neutralise } from '../../shared/markup/neutralise.ts';
import { stripMarkup } from '../../shared/markup/plain.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import { Throttle } from '../accounts/throttle.ts';
import type { Storage } from '../storage/types.ts';
import type { ChannelMember, ChannelPost, DefaultChannel, PostOptions } from './channel.ts';

/** The outputfunc of channel lines for OOB clients (the Portal sends Comm.Channel.Text). */
export const COMM_CHANNEL_TEXT = 'comm_channel_text';

export type SpeakResult =
  | { ok: true; post: ChannelPost | null; unmuted: boolean }
  | {
      ok: false;
      reason: 'gone' | 'not-subscribed' | 'send-refused' | 'empty' | 'too-long' | 'throttled';
      message: string;
    };

export interface ChannelPosterOptions {
  storage: Storage;
  log: Logger;
  settings: {
    historyMax: number;
    rateLimit: number;
    rateWindowMs: number;
    messageMaxLength: number;
  };
  now: () => number;
  memberById(id: number): ChannelMember | undefined;
  /** The channel's subscriptions, live. */
  subscriptions(channel: DefaultChannel): Iterable<{ accountId: number; muted: boolean }>;
  /** False once the channel was destroyed. */
  alive(channel: DefaultChannel): boolean;
  unmute(channel: DefaultChannel, accountId: number): Promise<boolean>;
}

export class ChannelPoster {
  readonly #opts: ChannelPosterOptions;
  readonly #throttle: Throttle;

  constructor(opts: ChannelPosterOptions) {
    this.#opts = opts;
    this.#throttle = new Throttle({
      limit: opts.settings.rateLimit,
      windowMs: opts.settings.rateWindowMs,
      message: 'You are sending channel messages too fast.',
    });
  }

  /** A player's line: the checks, then `post` as them. Refusals say what to do. */
  async speak(
    channel: DefaultChannel,
    member: ChannelMember,
    raw: string,
    subscription: { muted: boolean } | undefined,
  ): Promise<SpeakResult> {
    const key = channel.key;
    if (!this.#opts.alive(channel))
      return { ok: false, reason: 'gone', message: `Channel ${key} no longer exists.` };
    if (subscription === undefined)
      return {
        ok: false,
        reason: 'not-subscribed',
        message: `You are not on channel ${key}. Join it with: channel/sub ${key}`,
      };
    if (!channel.access(member, 'send'))
      return { ok: false, reason: 'send-refused', message: `You may not speak on channel ${key}.` };
    const text = raw.trim();
    if (text === '')
      return {
        ok: false,
        reason: 'empty',
        message: `Say what on ${key}? Usage: ${key.toLowerCase()} <message>`,
      };
    const max = this.#opts.settings.messageMaxLength;
    if (text.length > max)
      return {
        ok: false,
        reason: 'too-long',
        message: `That is too long for a channel message (at most ${max} characters).`,
      };
    const verdict = this.#throttle.reserve(String(member.id), this.#opts.now());
    if (!verdict.ok) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      return {
        ok: false,
        reason: 'throttled',
        message: `You are sending channel messages too fast; wait ${seconds} second${seconds === 1 ? '' : 's'}.`,
      };
    }
    // Speaking on a channel you muted means you want to hear it again (as Evennia does).
    const unmuted = subscription.muted ? await this.#opts.unmute(channel, member.id) : false;
    const post = await this.post(channel, text, { sender: member });
    return { ok: true, post, unmuted };
  }

  /** Steps 1–5 of the timeline in channel.ts. */
  async post(
    channel: DefaultChannel,
    raw: string,
    options: PostOptions,
  ): Promise<ChannelPost | null> {
    if (!this.#opts.alive(channel)) return null;
    const member = options.sender ?? null;
    const senderName = neutralise(options.senderName ?? member?.name ?? '');
    const max = this.#opts.settings.messageMaxLength;
    const cut = raw.length > max ? `${raw.slice(0, max)}…` : raw;
    const said = await channel.atPreMsg(neutralise(cut), { member, name: senderName });
    if (said === false) return null;
    const at = new Date(this.#opts.now());
    if (options.record !== false) {
      const uow = this.#opts.storage.unitOfWork();
      const keep = this.#opts.settings.historyMax;
      uow.add((tx) =>
        tx.channelMessages.add(
          {
            channelId: channel.id,
            senderName,
            senderAccountId: member?.id ?? null,
            text: said,
            createdAt: at,
          },
          keep,
        ),
      );
      await uow.commit();
    }
    const post: ChannelPost = {
      channel,
      senderName,
      senderId: member?.id ?? null,
      text: said,
      line: channel.formatMessage(said, senderName),
      at,
    };
    this.#deliver(post, options);
    try {
      await channel.atPostMsg(post);
    } catch (err) {
      // The message is out; a broken hook must not make its sender think it was not.
      this.#opts.log.error({ err, channel: channel.key }, 'error in atPostMsg');
    }
    return post;
  }

  #deliver(post: ChannelPost, options: PostOptions): void {
    const { channel } = post;
    const name = channel.key.toLowerCase();
    const calls: FuncCall[] = [
      ['text', [post.line], { type: 'channel', channel: name }],
      [
        COMM_CHANNEL_TEXT,
        [],
        {
          channel: name,
          talker: stripMarkup(post.senderName),
          text: stripMarkup(post.line),
          message: stripMarkup(post.text),
        },
      ],
    ];
    const exclude = new Set(options.exclude ?? []);
    for (const sub of this.#opts.subscriptions(channel)) {
      if (exclude.has(sub.accountId) || (sub.muted && options.bypassMute !== true)) continue;
      const member = this.#opts.memberById(sub.accountId);
      if (member === undefined || member.sessions.length === 0) continue;
      // Checked on every message: a tightened `listen` lock silences those it shuts out.
      if (!channel.access(member, 'listen')) continue;
      for (const session of member.sessions) session.send(calls);
    }
  }
}
