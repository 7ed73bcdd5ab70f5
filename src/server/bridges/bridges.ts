/**
 * Bridges: game channels relayed to the outside (IRC, RSS/Atom feeds) through connections the
 * Portal runs for the Server (Evennia's bots and `server_connect`).
 *
 * A bridge is stored (bridge-records.ts) with a bot account (bot-account.ts) subscribed to its
 * channel. Its connection is the Portal's (src/portal/outbound/): the Server asks for it by
 * kind and config over the link (`serverConnect`), at every start for every stored bridge (the
 * Portal keeps one already running as it is), and the Portal runs it as a session marked with
 * the bridge's id (`serverData.bridge`, which only the Portal sets). Timeline:
 *
 *   create   bot account made → it joins the channel → record committed → serverConnect
 *   start    records loaded when the Server opens; after each rebuild of sessions, serverConnect
 *            for each (only when the kind is enabled), and stray bridge sessions (a bridge
 *            deleted while the Portal held it) disconnected
 *   session  a new session with the mark → `adopt`: logged in as the bridge's bot, no password,
 *            no login hooks (and no connection screen); after a reload it is re-attached like
 *            every logged-in session
 *   in       `bot_data_in` from that session only: IRC lines posted as `nick@IRC`, feed
 *            entries diffed against what the bot has seen (feed-diff.ts), remembered, posted;
 *            `bridge_status` kept for the lists
 *   out      the channel sends its lines to its subscribers, the bot among them; its session's
 *            output goes to the Portal, whose kind relays it (IRC) or ignores it (feeds)
 *   delete   record deleted → the bot's session logged out and closed (the Portal closes the
 *            connection) → the bot leaves the channel → the bot account is deleted
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ServerToPortal } from '../../link/messages.ts';
import { BRIDGE_MARK } from '../../shared/session-data.ts';
import type { AccountManager } from '../accounts/account-manager.ts';
import { AccountRefused } from '../accounts/account-manager.ts';
import type { DefaultAccount } from '../accounts/account.ts';
import type { DefaultChannel } from '../comms/channel.ts';
import type { ChannelManager } from '../comms/channel-manager.ts';
import type { InputCall, InputFuncRegistry } from '../inputfuncs/registry.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import type { ServerSessionHandler } from '../sessions/server-session-handler.ts';
import { accountRef } from '../storage/entity-ref.ts';
import type { Storage } from '../storage/types.ts';
import { BOT_PERMISSION, BOT_TYPECLASS, botPassword, isBotAccount } from './bot-account.ts';
import { bridgeIdOf, BridgeRecords, type BridgeKind, type BridgeRecord } from './bridge-records.ts';
import { diffFeed, type FeedItem } from './feed-diff.ts';

type Account = DefaultAccount<ServerSession>;

export interface BridgeSettings {
  /** Whether IRC bridges may be made and are opened (Evennia's IRC_ENABLED). */
  readonly ircEnabled: boolean;
  /** Whether feed bridges may be made and are opened (Evennia's RSS_ENABLED). */
  readonly rssEnabled: boolean;
  /** How often the Portal polls each feed. */
  readonly rssUpdateIntervalSeconds: number;
}

export interface BridgesOptions {
  readonly storage: Storage;
  readonly accounts: AccountManager<ServerSession>;
  readonly channels: ChannelManager;
  readonly sessions: ServerSessionHandler;
  /** Log a session out and close it (the login service's logout). */
  readonly logout: (session: ServerSession, reason: string) => Promise<void>;
  /** To the Portal; dropped while it is away (every start sends what is needed again). */
  readonly tellPortal: (msg: ServerToPortal) => void;
  readonly settings: BridgeSettings;
  readonly log: Logger;
  readonly now?: () => number;
}

/** What the last `bridge_status` of a bridge said. */
export interface BridgeStatus {
  readonly state: string;
  readonly detail: string;
  readonly nick: string | null;
  readonly at: number;
}

/** One bridge as the lists show it. */
export interface BridgeView {
  readonly record: BridgeRecord;
  readonly bridgeId: string;
  /** The channel's key, or null when it was destroyed. */
  readonly channel: string | null;
  readonly botName: string;
  /** Whether the Portal's connection is logged in as the bot right now. */
  readonly running: boolean;
  readonly status: BridgeStatus | null;
}

/** Why a bridge could not be made; the message is for the builder. */
export class BridgeRefused extends Error {}

/** Feed ids a bot remembers, and entries one poll may post. */
const FEED_LIMITS = { maxSeen: 500, maxPosts: 10 };
const SEEN = { name: 'seen', category: 'feed' } as const;
/** Bot names: `ircbot-wsbot`, `rssbot-news`; another number when taken. */
const MAX_NAME_TRIES = 9;
const ACCOUNT_NAME_MAX = 30;

const ircLineSchema = z.object({
  args: z.tuple([z.string().max(4000)]),
  kwargs: z.object({ type: z.enum(['privmsg', 'action']), nick: z.string().min(1).max(64) }),
});
const feedSchema = z.object({
  kwargs: z.object({
    type: z.literal('feed'),
    entries: z
      .array(
        z.object({
          id: z.string().min(1).max(600),
          title: z.string().max(600),
          link: z.string().max(2100),
        }),
      )
      .max(200),
  }),
});
const statusSchema = z.object({
  kwargs: z.object({
    state: z.string().max(40),
    detail: z.string().max(400).default(''),
    nick: z.string().max(64).optional(),
  }),
});

export class Bridges {
  private readonly records = new Map<number, BridgeRecord>();
  private readonly store: BridgeRecords;
  private readonly statuses = new Map<number, BridgeStatus>();
  /** Feed ids seen, per bridge, once read from the bot's attribute (null: none yet). */
  private readonly seen = new Map<number, string[] | null>();
  /** Logins of bridge sessions under way: their input waits for them. */
  private readonly attaching = new WeakMap<ServerSession, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly opts: BridgesOptions) {
    this.store = new BridgeRecords(opts.storage);
    this.now = opts.now ?? Date.now;
  }

  // ---- start ---------------------------------------------------------------------------------

  /** Read the stored bridges (when the Server opens, before any session arrives). */
  async load(): Promise<void> {
    const { records, broken } = await this.store.load();
    for (const key of broken) this.opts.log.error({ key }, `stored bridge ${key} does not read`);
    this.records.clear();
    for (const record of records) this.records.set(record.id, record);
  }

  /**
   * After a rebuild of sessions: ask the Portal for every stored bridge whose kind is enabled,
   * and close bridge sessions of bridges that are gone.
   */
  openAll(sessions: readonly ServerSession[]): void {
    for (const session of sessions) {
      const mark = bridgeMarkOf(session);
      if (mark !== null && this.byBridgeId(mark) === undefined) this.closeStray(session, mark);
    }
    for (const record of this.records.values()) {
      if (this.enabled(record.kind)) this.connect(record);
      else
        this.opts.log.warn(
          { bridge: bridgeIdOf(record) },
          `bridge ${bridgeIdOf(record)} not opened: ${record.kind} bridges are disabled (settings)`,
        );
    }
  }

  /**
   * A session that is new to this Server: a bridge's is logged in as its bot (true); any other
   * is not ours (false), and gets the connection screen.
   */
  adopt(session: ServerSession): boolean {
    const mark = bridgeMarkOf(session);
    if (mark === null) return false;
    const attach = this.attach(session, mark).catch((err: unknown) =>
      this.opts.log.error({ err, bridge: mark }, 'a bridge session could not log in'),
    );
    this.attaching.set(session, attach);
    return true;
  }

  /** The Portal would not run a bridge (a config it refuses, a kind it does not have). */
  refused(bridgeId: string, code: string, message: string): void {
    this.opts.log.error(
      { bridge: bridgeId, code },
      `the Portal refused bridge ${bridgeId}: ${message}`,
    );
    const record = this.byBridgeId(bridgeId);
    if (record !== undefined)
      this.statuses.set(record.id, {
        state: 'refused',
        detail: message,
        nick: null,
        at: this.now(),
      });
  }

  /** `bot_data_in` and `bridge_status`: only from a bridge's session logged in as its bot. */
  register(inputfuncs: InputFuncRegistry): void {
    inputfuncs.register('bot_data_in', (call) => this.dataIn(call));
    inputfuncs.register('bridge_status', (call) => this.statusIn(call));
  }

  // ---- the lists -----------------------------------------------------------------------------

  list(kind: BridgeKind): BridgeView[] {
    return [...this.records.values()]
      .filter((r) => r.kind === kind)
      .map((record) => {
        const bot = this.opts.accounts.cached(record.botAccountId);
        return {
          record,
          bridgeId: bridgeIdOf(record),
          channel: this.opts.channels.byId(record.channelId)?.key ?? null,
          botName: bot?.name ?? `#${record.botAccountId}`,
          running: this.botSession(record) !== null,
          status: this.statuses.get(record.id) ?? null,
        };
      });
  }

  get(id: number): BridgeRecord | undefined {
    return this.records.get(id);
  }

  enabled(kind: BridgeKind): boolean {
    return kind === 'irc' ? this.opts.settings.ircEnabled : this.opts.settings.rssEnabled;
  }

  // ---- making and deleting ---------------------------------------------------------------------

  /**
   * A new bridge of `kind` for `channel`: its bot (named `<kind>bot-<botBase>`), subscribed,
   * stored, opened. Throws BridgeRefused with a message for the builder.
   */
  async create(request: {
    kind: BridgeKind;
    channel: DefaultChannel;
    settings: Record<string, string | number | boolean>;
    botBase: string;
    createdBy: string;
  }): Promise<BridgeRecord> {
    const { kind, channel } = request;
    if (!this.enabled(kind))
      throw new BridgeRefused(
        `${kind === 'irc' ? 'IRC' : 'RSS'} bridges are not enabled: set ${kind}Enabled: true in the game's settings.`,
      );
    const same = [...this.records.values()].find(
      (r) =>
        r.kind === kind &&
        r.channelId === channel.id &&
        JSON.stringify(r.settings) === JSON.stringify(request.settings),
    );
    if (same !== undefined)
      throw new BridgeRefused(`Channel ${channel.key} already has that bridge (#${same.id}).`);
    const bot = await this.makeBot(`${kind}bot-${request.botBase}`);
    try {
      const joined = await this.opts.channels.join(channel, bot);
      if (!joined.ok)
        throw new BridgeRefused(`The bot may not join channel ${channel.key}: ${joined.message}`);
      const record: BridgeRecord = {
        id: await this.store.nextId(),
        kind,
        channelId: channel.id,
        botAccountId: bot.id,
        settings: { ...request.settings },
        createdAt: new Date(this.now()),
        createdBy: request.createdBy,
      };
      await this.store.add(record);
      this.records.set(record.id, record);
      this.connect(record);
      this.opts.log.info(
        { bridge: bridgeIdOf(record), channel: channel.key, bot: bot.name, by: request.createdBy },
        `bridge ${bridgeIdOf(record)} made for channel ${channel.key}`,
      );
      return record;
    } catch (err) {
      await this.removeBot(bot, channel).catch((e: unknown) =>
        this.opts.log.error({ err: e }, 'could not remove the bot of a bridge not made'),
      );
      throw err;
    }
  }

  /** Delete bridge `id`: stored first, then its connection, subscription and bot go. */
  async delete(id: number): Promise<BridgeRecord | null> {
    const record = this.records.get(id);
    if (record === undefined) return null;
    await this.store.remove(id);
    this.records.delete(id);
    this.statuses.delete(id);
    this.seen.delete(id);
    const bridgeId = bridgeIdOf(record);
    const session = this.botSession(record);
    if (session !== null) await this.opts.logout(session, 'The bridge was deleted.');
    // Also when its session was not (yet) here: the Portal may be running it.
    this.opts.tellPortal({ t: 'serverDisconnect', bridgeId, reason: 'The bridge was deleted.' });
    const bot = await this.opts.accounts.load(record.botAccountId);
    if (bot !== null && isBotAccount(bot))
      await this.removeBot(bot, this.opts.channels.byId(record.channelId));
    this.opts.log.info({ bridge: bridgeId }, `bridge ${bridgeId} deleted`);
    return record;
  }

  // ---- internals ---------------------------------------------------------------------------------

  private connect(record: BridgeRecord): void {
    this.opts.tellPortal({
      t: 'serverConnect',
      bridgeId: bridgeIdOf(record),
      kind: record.kind,
      config: this.portalConfig(record),
    });
  }

  /** The kind's config as the Portal validates it (src/portal/outbound/irc.ts, rss.ts). */
  private portalConfig(record: BridgeRecord): Record<string, unknown> {
    if (record.kind === 'rss')
      return {
        url: record.settings['url'],
        intervalSeconds: this.opts.settings.rssUpdateIntervalSeconds,
      };
    const { host, port, tls, channel, nick } = record.settings;
    return { host, port, tls, channel, nick };
  }

  private byBridgeId(bridgeId: string): BridgeRecord | undefined {
    return [...this.records.values()].find((r) => bridgeIdOf(r) === bridgeId);
  }

  /** The session the Portal runs for `record`, logged in as its bot; null when none is. */
  private botSession(record: BridgeRecord): ServerSession | null {
    const bridgeId = bridgeIdOf(record);
    return (
      this.opts.sessions.byAccount(record.botAccountId).find((s) => bridgeMarkOf(s) === bridgeId) ??
      null
    );
  }

  /** The bridge's login: the bot account, no password, no login hooks. */
  private async attach(session: ServerSession, bridgeId: string): Promise<void> {
    const record = this.byBridgeId(bridgeId);
    if (record === undefined) {
      this.closeStray(session, bridgeId);
      return;
    }
    // A reload re-attached it already (login service `reattach`).
    if (session.loggedIn && session.uid === record.botAccountId) return;
    const bot = session.loggedIn ? null : await this.opts.accounts.load(record.botAccountId);
    if (bot === null || !isBotAccount(bot)) {
      this.opts.log.error(
        { bridge: bridgeId, account: record.botAccountId },
        `bridge ${bridgeId} has no bot account to log in as; closing it`,
      );
      session.disconnect('This bridge has no bot account.');
      return;
    }
    session.atLogin(bot, this.now());
    bot.isConnected = true;
    this.opts.sessions.notifyLogin(session);
    this.opts.log.info(
      { bridge: bridgeId, sessid: session.sessid, bot: bot.name },
      `#${session.sessid} bridge ${bridgeId} logged in as ${bot.name}`,
    );
  }

  private closeStray(session: ServerSession, bridgeId: string): void {
    this.opts.log.warn(
      { bridge: bridgeId, sessid: session.sessid },
      `closing bridge ${bridgeId}: it no longer exists`,
    );
    session.disconnect('This bridge no longer exists.');
  }

  /** The record of a bridge session logged in as its bot, or null (the call is ignored). */
  private async recordFor(session: ServerSession): Promise<BridgeRecord | null> {
    await this.attaching.get(session);
    const mark = bridgeMarkOf(session);
    if (mark === null) return null;
    const record = this.byBridgeId(mark);
    if (record === undefined || !session.loggedIn || session.uid !== record.botAccountId)
      return null;
    return record;
  }

  private async dataIn(call: InputCall): Promise<void> {
    const record = await this.recordFor(call.session);
    if (record === null) {
      this.opts.log.debug(
        { sessid: call.session.sessid },
        'bot_data_in from a session that is no bridge',
      );
      return;
    }
    const channel = this.opts.channels.byId(record.channelId);
    if (channel === undefined) return; // destroyed: nothing to post to
    if (record.kind === 'irc') await this.ircIn(record, channel, call);
    else await this.feedIn(record, channel, call);
  }

  /** `[Public] tester@IRC: hello from irc` (or `[Public] tester@IRC waves` for /me). */
  private async ircIn(
    record: BridgeRecord,
    channel: DefaultChannel,
    call: InputCall,
  ): Promise<void> {
    const parsed = ircLineSchema.safeParse(call);
    if (!parsed.success) return;
    const [text] = parsed.data.args;
    const { type, nick } = parsed.data.kwargs;
    const exclude = [record.botAccountId];
    if (type === 'action') await channel.msg(`${nick}@IRC ${text}`, { senderName: '', exclude });
    else await channel.msg(text, { senderName: `${nick}@IRC`, exclude });
  }

  /** New entries, once each: remembered first (a crash then loses a post, never repeats one). */
  private async feedIn(
    record: BridgeRecord,
    channel: DefaultChannel,
    call: InputCall,
  ): Promise<void> {
    const parsed = feedSchema.safeParse(call);
    if (!parsed.success) return;
    const entries: FeedItem[] = parsed.data.kwargs.entries;
    const seen = await this.seenOf(record);
    const diff = diffFeed(seen, entries, FEED_LIMITS);
    if (diff.post.length === 0 && seen !== null && sameIds(seen, diff.seen)) return;
    const uow = this.opts.storage.unitOfWork();
    uow.setAttribute(accountRef(record.botAccountId), SEEN.name, diff.seen, SEEN.category);
    await uow.commit();
    this.seen.set(record.id, diff.seen);
    for (const entry of diff.post) {
      const text = feedLine(entry);
      if (text !== '') await channel.msg(text, { senderName: '', exclude: [record.botAccountId] });
    }
  }

  private async seenOf(record: BridgeRecord): Promise<string[] | null> {
    if (this.seen.has(record.id)) return this.seen.get(record.id) ?? null;
    const stored = await this.opts.storage.attributes.get(
      accountRef(record.botAccountId),
      SEEN.name,
      SEEN.category,
    );
    const ids = Array.isArray(stored)
      ? stored.filter((v): v is string => typeof v === 'string')
      : null;
    this.seen.set(record.id, ids);
    return ids;
  }

  private async statusIn(call: InputCall): Promise<void> {
    const record = await this.recordFor(call.session);
    const parsed = statusSchema.safeParse(call);
    if (record === null || !parsed.success) return;
    const { state, detail, nick } = parsed.data.kwargs;
    this.statuses.set(record.id, { state, detail, nick: nick ?? null, at: this.now() });
  }

  /** A bot account, under the first free name of `base`, `base-2`… */
  private async makeBot(base: string): Promise<Account> {
    const clean = base.replace(/[^A-Za-z0-9@.+_-]/g, '').slice(0, ACCOUNT_NAME_MAX - 2);
    let lastRefusal = '';
    for (let n = 1; n <= MAX_NAME_TRIES; n += 1) {
      const name = n === 1 ? clean : `${clean}-${n}`;
      try {
        return await this.opts.accounts.create({
          name,
          password: botPassword(),
          skipPasswordRules: true,
          typeclass: BOT_TYPECLASS,
          permissions: [BOT_PERMISSION],
        });
      } catch (err) {
        if (!(err instanceof AccountRefused)) throw err;
        lastRefusal = err.message;
      }
    }
    throw new BridgeRefused(`No name for the bot account (${clean}…): ${lastRefusal}`);
  }

  private async removeBot(bot: Account, channel: DefaultChannel | undefined): Promise<void> {
    if (channel !== undefined && this.opts.channels.isSubscribed(channel, bot.id))
      await this.opts.channels.leave(channel, bot, { force: true });
    await this.opts.accounts.delete(bot);
  }
}

/** The bridge id a session is marked with (only the Portal marks sessions), or null. */
export function bridgeMarkOf(session: { serverData: Record<string, unknown> }): string | null {
  const mark = session.serverData[BRIDGE_MARK];
  return typeof mark === 'string' ? mark : null;
}

/** `[News] Title: https://…` (the channel adds its prefix): the title and the link. */
function feedLine(entry: FeedItem): string {
  if (entry.title !== '' && entry.link !== '') return `${entry.title}: ${entry.link}`;
  return entry.title || entry.link;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
