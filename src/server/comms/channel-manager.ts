/**
 * The channels of a running game: every channel, its subscribers and bans in memory (loaded
 * when the Server opens), the channel classes a game registered, and every change to them —
 * stored (and committed) first, then applied in memory, so what a player is told has happened
 * survives a crash. Sending a message is channel-post.ts; the per-account commands named after
 * channels (`pub hello`) are commands/default/comms/channel-command-source.ts, which reads
 * `revisionFor` to know when to rebuild them.
 *
 * Subscribers are accounts (by id); a message reaches the ones online through
 * `memberById` — the Server's loaded accounts — and their sessions. A bridge (IRC, RSS) is an
 * account like any other: it subscribes, gets every line as GMCP `comm_channel_text`, and
 * posts with `channel.msg(text, { senderName: 'nick@IRC', exclude: [bot.id] })`.
 */
import type { Logger } from 'pino';
import type { ChannelSetting } from '../../config/defaults.ts';
import { WaystoneError } from '../../shared/errors.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import { accountRef } from '../storage/entity-ref.ts';
import type { ChannelMessageRow, Repositories, Storage } from '../storage/types.ts';
import {
  DefaultChannel,
  type ChannelClass,
  type ChannelLinks,
  type ChannelMember,
  type SubscriberRef,
} from './channel.ts';
import {
  CHANNEL_DESCRIPTION_MAX,
  channelNameKey,
  checkChannelAliases,
  checkChannelName,
} from './channel-names.ts';
import { ChannelPoster, type SpeakResult } from './channel-post.ts';
import { ChannelRoster, type ChannelBan, type Subscription } from './channel-roster.ts';

export type { ChannelBan, Subscription } from './channel-roster.ts';

export interface ChannelSettings {
  /** Messages kept per channel. */
  historyMax: number;
  rateLimit: number;
  rateWindowMs: number;
  messageMaxLength: number;
  /** Made on the first start; new accounts join them. */
  defaults: readonly ChannelSetting[];
  /** The staff channel for connects, disconnects and errors (made on the first start). */
  mudInfo: ChannelSetting | null;
}

export interface ChannelManagerOptions {
  storage: Storage;
  lockFuncs: LockFuncRegistry;
  log: Logger;
  settings: ChannelSettings;
  /** An account in memory (logged in), to deliver to; undefined when it is not. */
  memberById(id: number): ChannelMember | undefined;
  /** An account's channels or personal aliases changed (its clients get a new channel list). */
  onAccountChanged?: (accountId: number) => void;
  now?: () => number;
}

/** What a channel is created from (`channel/create`, the default channels, game code). */
export interface ChannelSpec {
  key: string;
  aliases?: readonly string[];
  description?: string;
  locks?: string;
  typeclass?: string;
}

/** A change refused, with what to tell the player. */
export type ChannelVerdict = { ok: true } | { ok: false; message: string };

/** server_config key: the default channels were made (the first start). */
const DEFAULTS_MADE = 'channels.defaultsCreated';
/** Account attribute: the account joined the default channels (its first login). */
const JOINED_DEFAULTS = { name: 'joinedDefaults', category: 'channels' } as const;
/** Line breaks, tabs and other control characters (C0, DEL, C1). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export class ChannelManager {
  readonly settings: ChannelSettings;
  /** Channel classes by stored name; 'DefaultChannel' is always there. */
  readonly #classes = new Map<string, ChannelClass>([['DefaultChannel', DefaultChannel]]);
  /** Typeclass of channels made without one. */
  defaultTypeclass = 'DefaultChannel';
  readonly #opts: ChannelManagerOptions;
  readonly #channels = new Map<number, DefaultChannel>();
  /** Key and aliases, as channelNameKey, → channel. */
  readonly #names = new Map<string, DefaultChannel>();
  /** Who is on each channel, and who is banned. */
  readonly #roster = new ChannelRoster();
  /** Goes up when any channel's names change, or one comes or goes. */
  #revision = 0;
  readonly #poster: ChannelPoster;
  readonly #links: ChannelLinks;
  #started = false;

  constructor(opts: ChannelManagerOptions) {
    this.#opts = opts;
    this.settings = opts.settings;
    this.#poster = new ChannelPoster({
      storage: opts.storage,
      log: opts.log,
      settings: opts.settings,
      now: opts.now ?? Date.now,
      memberById: opts.memberById,
      subscriptions: (channel) => this.#roster.subscriptions(channel.id),
      alive: (channel) => this.#channels.get(channel.id) === channel,
      unmute: (channel, accountId) => this.mute(channel, accountId, false),
    });
    this.#links = {
      post: (channel, text, options) => this.#poster.post(channel, text, options),
      subscribers: (channel) =>
        [...this.#roster.subscriptions(channel.id)].map((s) => ({
          id: s.accountId,
          name: s.accountName,
        })),
    };
  }

  /** A channel class, stored by `name`; with `{ default: true }` new channels use it. */
  registerClass(name: string, cls: ChannelClass, options?: { default?: boolean }): void {
    this.#classes.set(name, cls);
    if (options?.default === true) this.defaultTypeclass = name;
  }

  get started(): boolean {
    return this.#started;
  }

  /**
   * Load every channel, subscription and ban (the Server opening); on the game's first start,
   * make the default channels. A channel whose class is not registered stops the start.
   */
  async start(): Promise<void> {
    const storage = this.#opts.storage;
    const rows = await storage.channels.list();
    const built: DefaultChannel[] = [];
    for (const row of rows) {
      const channel = this.#instantiate(row);
      this.#remember(channel);
      built.push(channel);
    }
    this.#roster.load(
      await storage.channels.listSubscriptions(),
      await storage.channels.listBans(),
    );
    this.#started = true;
    for (const channel of built) await channel.atInit();
    if ((await storage.config.get(DEFAULTS_MADE)) !== true) {
      const specs = [
        ...this.settings.defaults,
        ...(this.settings.mudInfo ? [this.settings.mudInfo] : []),
      ];
      for (const spec of specs) {
        if (this.find(spec.key) === undefined) await this.create(spec);
      }
      const uow = storage.unitOfWork();
      uow.setConfig(DEFAULTS_MADE, true);
      await uow.commit();
    }
    this.#revision += 1;
  }

  // ---- finding ---------------------------------------------------------------------------

  /** Every channel, oldest first. */
  all(): DefaultChannel[] {
    return [...this.#channels.values()];
  }

  byId(id: number): DefaultChannel | undefined {
    return this.#channels.get(id);
  }

  /** The channel with this key or alias (any case), or undefined. */
  find(name: string): DefaultChannel | undefined {
    return this.#names.get(channelNameKey(name));
  }

  /** The MudInfo channel, when the game has one. */
  mudInfo(): DefaultChannel | undefined {
    const spec = this.settings.mudInfo;
    return spec === null ? undefined : this.find(spec.key);
  }

  /**
   * Channels `member` means by `query`, among those it may see (subscribed, or passing
   * `listen` or `control`): its own alias first, then a key or alias, then the start of a key.
   */
  search(query: string, member: ChannelMember): DefaultChannel[] {
    const wanted = channelNameKey(query);
    if (wanted === '') return [];
    const mine = this.#roster.aliasOwner(member.id, query);
    const aliased = mine === undefined ? undefined : this.#channels.get(mine);
    if (aliased !== undefined) return [aliased];
    const exact = this.#names.get(wanted);
    if (exact !== undefined) return this.canSee(exact, member) ? [exact] : [];
    return this.all().filter(
      (c) => channelNameKey(c.key).startsWith(wanted) && this.canSee(c, member),
    );
  }

  /** Subscribed, or allowed to listen or control: the channel shows in lists and searches. */
  canSee(channel: DefaultChannel, member: ChannelMember): boolean {
    return (
      this.isSubscribed(channel, member.id) ||
      channel.access(member, 'listen') ||
      channel.access(member, 'control')
    );
  }

  // ---- channels --------------------------------------------------------------------------

  /**
   * Make a channel (stored, then atInit and atChannelCreation). CHANNEL_INVALID for a bad or
   * taken name, LOCK_INVALID for a bad lock string, TYPECLASS_MISSING for an unknown class —
   * all before anything is stored.
   */
  async create(spec: ChannelSpec): Promise<DefaultChannel> {
    const key = checkChannelName(spec.key);
    const aliases = checkChannelAliases(spec.aliases ?? [], key);
    for (const name of [key, ...aliases]) this.#assertFree(name, null);
    const description = (spec.description ?? '').trim();
    this.#assertDescription(description);
    const typeclass = spec.typeclass ?? this.defaultTypeclass;
    this.#classFor(typeclass);
    const locks = spec.locks ?? 'listen:all();send:all();control:perm(Admin)';
    new LockHandler(this.#opts.lockFuncs, null, locks); // refuses a malformed one now
    const row = await this.#opts.storage.channels.create({
      key,
      aliases,
      description,
      locks,
      typeclass,
    });
    const channel = this.#instantiate(row);
    this.#remember(channel);
    this.#revision += 1;
    await channel.atInit();
    await channel.atChannelCreation();
    this.#opts.log.info({ channel: key, id: row.id }, 'channel created');
    return channel;
  }

  /** Delete a channel with its history; its subscribers leave it (atPreLeave not asked). */
  async destroy(channel: DefaultChannel): Promise<void> {
    this.#assertAlive(channel);
    await this.#write((tx) => tx.channels.delete(channel.id));
    this.#channels.delete(channel.id);
    for (const name of [channel.key, ...channel.aliases]) {
      if (this.#names.get(channelNameKey(name)) === channel)
        this.#names.delete(channelNameKey(name));
    }
    const subs = this.#roster.dropChannel(channel.id);
    this.#revision += 1;
    for (const sub of subs) {
      this.#opts.onAccountChanged?.(sub.accountId);
      await channel.atPostLeave({ id: sub.accountId, name: sub.accountName });
    }
    this.#opts.log.info({ channel: channel.key, id: channel.id }, 'channel destroyed');
  }

  async setDescription(channel: DefaultChannel, description: string): Promise<void> {
    this.#assertAlive(channel);
    const text = description.trim();
    this.#assertDescription(text);
    await this.#write((tx) => tx.channels.update(channel.id, { description: text }));
    channel.state.description = text;
  }

  /** Aliases everyone may use (replacing the old ones). CHANNEL_INVALID for a bad or taken one. */
  async setAliases(channel: DefaultChannel, raw: readonly string[]): Promise<void> {
    this.#assertAlive(channel);
    const aliases = checkChannelAliases(raw, channel.key);
    for (const name of aliases) this.#assertFree(name, channel);
    await this.#write((tx) => tx.channels.update(channel.id, { aliases }));
    for (const old of channel.aliases) this.#names.delete(channelNameKey(old));
    channel.state.aliases = aliases;
    for (const name of aliases) this.#names.set(channelNameKey(name), channel);
    this.#revision += 1;
  }

  /**
   * Add or replace locks (`send:perm(Builder)`), or with `remove` drop those access types.
   * LOCK_INVALID for a malformed string, before anything changes.
   */
  async changeLocks(
    channel: DefaultChannel,
    change: { add: string } | { remove: readonly string[] },
  ): Promise<void> {
    this.#assertAlive(channel);
    const next = new LockHandler(this.#opts.lockFuncs, null, channel.locks.toString());
    if ('add' in change) next.add(change.add);
    else for (const type of change.remove) next.remove(type);
    const locks = next.toString();
    await this.#write((tx) => tx.channels.update(channel.id, { locks }));
    channel.locks.replace(locks);
  }

  // ---- subscribers -----------------------------------------------------------------------

  isSubscribed(channel: DefaultChannel, accountId: number): boolean {
    return this.#roster.isSubscribed(channel.id, accountId);
  }

  subscription(channel: DefaultChannel, accountId: number): Readonly<Subscription> | undefined {
    return this.#roster.subscription(channel.id, accountId);
  }

  /** The channels an account is on, oldest first. */
  channelsOf(accountId: number): DefaultChannel[] {
    const ids = this.#roster.channelIdsOf(accountId);
    return this.all().filter((c) => ids.includes(c.id));
  }

  /** Everyone on the channel, by name; `online` when a session of theirs is connected. */
  subscribers(
    channel: DefaultChannel,
  ): Array<{ id: number; name: string; muted: boolean; online: boolean }> {
    return [...this.#roster.subscriptions(channel.id)]
      .map((s) => ({
        id: s.accountId,
        name: s.accountName,
        muted: s.muted,
        online: (this.#opts.memberById(s.accountId)?.sessions.length ?? 0) > 0,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * `member` joins the channel: refused when banned, when it may not `listen`, or when
   * atPreJoin says no. `{ ok: true }` also when it was on it already (nothing changes).
   */
  async join(channel: DefaultChannel, member: ChannelMember): Promise<ChannelVerdict> {
    this.#assertAlive(channel);
    if (this.isSubscribed(channel, member.id)) return { ok: true };
    if (this.isBanned(channel, member.id))
      return { ok: false, message: `You are banned from channel ${channel.key}.` };
    if (!channel.access(member, 'listen'))
      return { ok: false, message: `You may not join channel ${channel.key}.` };
    const who = { id: member.id, name: member.name };
    if (!(await channel.atPreJoin(who)))
      return { ok: false, message: `You may not join channel ${channel.key}.` };
    await this.#write((tx) => tx.channels.subscribe(channel.id, member.id));
    this.#roster.add(channel.id, member.id, member.name);
    this.#opts.onAccountChanged?.(member.id);
    await channel.atPostJoin(who);
    return { ok: true };
  }

  /**
   * `who` leaves the channel, with its personal aliases. `force` (boot, ban) skips atPreLeave;
   * otherwise atPreLeave may refuse.
   */
  async leave(
    channel: DefaultChannel,
    who: SubscriberRef,
    options: { force?: boolean } = {},
  ): Promise<ChannelVerdict> {
    this.#assertAlive(channel);
    if (!this.isSubscribed(channel, who.id))
      return { ok: false, message: `Not on channel ${channel.key}.` };
    if (options.force !== true && !(await channel.atPreLeave(who)))
      return { ok: false, message: `You cannot leave channel ${channel.key}.` };
    await this.#write((tx) => tx.channels.unsubscribe(channel.id, who.id));
    this.#roster.remove(channel.id, who.id);
    this.#opts.onAccountChanged?.(who.id);
    await channel.atPostLeave(who);
    return { ok: true };
  }

  /** Mute or unmute; false when it already was (or the account is not on the channel). */
  async mute(channel: DefaultChannel, accountId: number, muted: boolean): Promise<boolean> {
    const sub = this.#roster.subscription(channel.id, accountId);
    if (sub === undefined || sub.muted === muted) return false;
    await this.#write((tx) => tx.channels.updateSubscription(channel.id, accountId, { muted }));
    sub.muted = muted;
    return true;
  }

  /**
   * The subscriber's own names for the channel (replacing the old ones). CHANNEL_INVALID for a
   * bad name or one another channel has (it could not tell them apart).
   */
  async setPersonalAliases(
    channel: DefaultChannel,
    accountId: number,
    raw: readonly string[],
  ): Promise<void> {
    const sub = this.#roster.subscription(channel.id, accountId);
    if (sub === undefined)
      throw new WaystoneError('CHANNEL_INVALID', `You are not on channel ${channel.key}.`);
    const aliases = checkChannelAliases(raw, channel.key);
    for (const alias of aliases) {
      const taken = this.#names.get(channelNameKey(alias));
      if (taken !== undefined && taken !== channel)
        throw new WaystoneError('CHANNEL_INVALID', `'${alias}' is channel ${taken.key}'s name.`);
      const other = this.personalAlias(accountId, alias);
      if (other !== undefined && other !== channel)
        throw new WaystoneError(
          'CHANNEL_INVALID',
          `You already use '${alias}' for channel ${other.key}.`,
        );
    }
    await this.#write((tx) => tx.channels.updateSubscription(channel.id, accountId, { aliases }));
    sub.aliases = aliases;
    this.#roster.touch(accountId);
    this.#opts.onAccountChanged?.(accountId);
  }

  /** The channel one of the account's personal aliases speaks on. */
  personalAlias(accountId: number, alias: string): DefaultChannel | undefined {
    const id = this.#roster.aliasOwner(accountId, alias);
    return id === undefined ? undefined : this.#channels.get(id);
  }

  // ---- bans ------------------------------------------------------------------------------

  isBanned(channel: DefaultChannel, accountId: number): boolean {
    return this.#roster.isBanned(channel.id, accountId);
  }

  /** By name. */
  bans(channel: DefaultChannel): ChannelBan[] {
    return this.#roster.bans(channel.id);
  }

  /** Ban (and remove) an account; false when it was banned already (the reason is updated). */
  async ban(channel: DefaultChannel, who: SubscriberRef, reason: string): Promise<boolean> {
    this.#assertAlive(channel);
    const fresh = !this.isBanned(channel, who.id);
    await this.#write((tx) => tx.channels.ban(channel.id, who.id, reason));
    this.#roster.setBan(channel.id, { accountId: who.id, accountName: who.name, reason });
    if (this.isSubscribed(channel, who.id)) await this.leave(channel, who, { force: true });
    return fresh;
  }

  async unban(channel: DefaultChannel, accountId: number): Promise<boolean> {
    this.#assertAlive(channel);
    if (!this.isBanned(channel, accountId)) return false;
    await this.#write((tx) => tx.channels.unban(channel.id, accountId));
    this.#roster.removeBan(channel.id, accountId);
    return true;
  }

  // ---- messages --------------------------------------------------------------------------

  /** A player speaking on a channel: every check of channel.ts's timeline, then `msg`. */
  speak(channel: DefaultChannel, member: ChannelMember, text: string): Promise<SpeakResult> {
    return this.#poster.speak(channel, member, text, this.subscription(channel, member.id));
  }

  /** Up to `limit` messages, skipping the `skip` newest; oldest first. */
  history(
    channel: DefaultChannel,
    page: { limit: number; skip?: number },
  ): Promise<ChannelMessageRow[]> {
    return this.#opts.storage.channelMessages.recent(channel.id, page);
  }

  historyCount(channel: DefaultChannel): Promise<number> {
    return this.#opts.storage.channelMessages.count(channel.id);
  }

  // ---- accounts --------------------------------------------------------------------------

  /**
   * At an account's first login: join each default channel (and MudInfo) it may listen to.
   * Done once per account; later logins change nothing, so a channel it left stays left.
   */
  async joinDefaults(member: ChannelMember): Promise<void> {
    const storage = this.#opts.storage;
    const ref = accountRef(member.id);
    if (
      (await storage.attributes.get(ref, JOINED_DEFAULTS.name, JOINED_DEFAULTS.category)) === true
    )
      return;
    const specs = [
      ...this.settings.defaults,
      ...(this.settings.mudInfo ? [this.settings.mudInfo] : []),
    ];
    for (const spec of specs) {
      const channel = this.find(spec.key);
      if (channel !== undefined && channel.access(member, 'listen'))
        await this.join(channel, member);
    }
    const uow = storage.unitOfWork();
    uow.setAttribute(ref, JOINED_DEFAULTS.name, true, JOINED_DEFAULTS.category);
    await uow.commit();
  }

  /**
   * An account is being deleted (a guest logging out): the database drops its subscriptions
   * and bans with it, and this forgets them too.
   */
  accountDeleted(accountId: number): void {
    this.#roster.removeAccount(accountId);
  }

  /** An account's name changed, or it logged in: subscriber lists show its current name. */
  noteName(member: SubscriberRef): void {
    this.#roster.noteName(member.id, member.name);
  }

  /**
   * Changes whenever the commands named after an account's channels would change (its
   * subscriptions, its aliases, any channel's names): the command source rebuilds on a change.
   */
  revisionFor(accountId: number): string {
    return `${this.#revision}.${this.#roster.revision(accountId)}`;
  }

  // ---- internals -------------------------------------------------------------------------

  #instantiate(row: {
    id: number;
    key: string;
    aliases: string[];
    description: string;
    typeclass: string;
    locks: string;
    createdAt: Date;
  }): DefaultChannel {
    const cls = this.#classFor(row.typeclass);
    return new cls({
      state: {
        id: row.id,
        key: row.key,
        aliases: [...row.aliases],
        description: row.description,
        typeclass: row.typeclass,
        createdAt: row.createdAt,
      },
      lockFuncs: this.#opts.lockFuncs,
      locks: row.locks,
      links: this.#links,
    });
  }

  #classFor(typeclass: string): ChannelClass {
    const cls = this.#classes.get(typeclass);
    // A missing class is loud: silently using another would run the wrong game code.
    if (cls === undefined)
      throw new WaystoneError(
        'TYPECLASS_MISSING',
        `Channel typeclass '${typeclass}' is not registered (game.registerChannelClass).`,
      );
    return cls;
  }

  #remember(channel: DefaultChannel): void {
    this.#channels.set(channel.id, channel);
    for (const name of [channel.key, ...channel.aliases])
      this.#names.set(channelNameKey(name), channel);
  }

  #assertFree(name: string, self: DefaultChannel | null): void {
    const taken = this.#names.get(channelNameKey(name));
    if (taken !== undefined && taken !== self)
      throw new WaystoneError(
        'CHANNEL_INVALID',
        `'${name}' is taken: it is ${channelNameKey(taken.key) === channelNameKey(name) ? 'the name' : 'an alias'} of channel ${taken.key}.`,
      );
  }

  #assertDescription(text: string): void {
    if (text.length > CHANNEL_DESCRIPTION_MAX)
      throw new WaystoneError(
        'CHANNEL_INVALID',
        `A channel description is at most ${CHANNEL_DESCRIPTION_MAX} characters long.`,
      );
    if (CONTROL.test(text))
      throw new WaystoneError(
        'CHANNEL_INVALID',
        'A channel description is one line of text without control characters.',
      );
  }

  #assertAlive(channel: DefaultChannel): void {
    if (this.#channels.get(channel.id) !== channel)
      throw new WaystoneError('CHANNEL_INVALID', `Channel ${channel.key} no longer exists.`);
  }

  /** One write, committed before the change is made in memory (and before anyone is told). */
  async #write(write: (tx: Repositories) => Promise<unknown>): Promise<void> {
    const uow = this.#opts.storage.unitOfWork();
    uow.add(write);
    await uow.commit();
  }
}
