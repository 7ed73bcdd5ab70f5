/**
 * Who is on each channel, and who is banned from it, in memory: the channel manager's record,
 * loaded once when the Server opens and changed only after the database has the change. By
 * channel id and account id; no storage, no hooks (the manager does those).
 */
import type { ChannelBanRow, ChannelSubscriptionRow } from '../storage/types.ts';
import { channelNameKey } from './channel-names.ts';

/** A subscription as kept in memory. */
export interface Subscription {
  readonly accountId: number;
  accountName: string;
  muted: boolean;
  /** The subscriber's own names for the channel (`channel/alias`); replaced, never changed. */
  aliases: readonly string[];
}

export interface ChannelBan {
  readonly accountId: number;
  readonly accountName: string;
  readonly reason: string;
}

const NONE: readonly number[] = Object.freeze([]);
/** Most subscribers name no aliases: one empty list for all of them. */
const NO_ALIASES: readonly string[] = Object.freeze([]);

export class ChannelRoster {
  readonly #subs = new Map<number, Map<number, Subscription>>();
  /**
   * Account → the ids of the channels it is on, in the order joined: a few, in an exactly sized
   * frozen list replaced on change (a set per account cost each ~150 bytes).
   */
  readonly #byAccount = new Map<number, readonly number[]>();
  readonly #bans = new Map<number, Map<number, ChannelBan>>();
  /** Goes up when one account's channels or personal aliases change. */
  readonly #revisions = new Map<number, number>();

  load(subs: readonly ChannelSubscriptionRow[], bans: readonly ChannelBanRow[]): void {
    for (const sub of subs) {
      this.#put(sub.channelId, {
        accountId: sub.accountId,
        accountName: sub.accountName,
        muted: sub.muted,
        aliases: sub.aliases.length === 0 ? NO_ALIASES : [...sub.aliases],
      });
    }
    for (const { channelId, accountId, accountName, reason } of bans)
      this.setBan(channelId, { accountId, accountName, reason });
  }

  // ---- subscriptions ---------------------------------------------------------------------

  isSubscribed(channelId: number, accountId: number): boolean {
    return this.#subs.get(channelId)?.has(accountId) === true;
  }

  subscription(channelId: number, accountId: number): Subscription | undefined {
    return this.#subs.get(channelId)?.get(accountId);
  }

  /** Everyone on a channel, live (do not change it while iterating). */
  subscriptions(channelId: number): Iterable<Subscription> {
    return this.#subs.get(channelId)?.values() ?? [];
  }

  channelIdsOf(accountId: number): readonly number[] {
    return this.#byAccount.get(accountId) ?? NONE;
  }

  add(channelId: number, accountId: number, accountName: string): void {
    this.#put(channelId, { accountId, accountName, muted: false, aliases: NO_ALIASES });
    this.touch(accountId);
  }

  remove(channelId: number, accountId: number): boolean {
    if (this.#subs.get(channelId)?.delete(accountId) !== true) return false;
    this.#leave(accountId, channelId);
    this.touch(accountId);
    return true;
  }

  /** A channel is gone: its subscriptions (returned) and bans go with it. */
  dropChannel(channelId: number): Subscription[] {
    const subs = [...this.subscriptions(channelId)];
    this.#subs.delete(channelId);
    this.#bans.delete(channelId);
    for (const sub of subs) {
      this.#leave(sub.accountId, channelId);
      this.touch(sub.accountId);
    }
    return subs;
  }

  /** An account was deleted (its rows went with it): it leaves every channel and ban list. */
  removeAccount(accountId: number): void {
    for (const id of [...this.channelIdsOf(accountId)]) this.remove(id, accountId);
    for (const bans of this.#bans.values()) bans.delete(accountId);
    this.#byAccount.delete(accountId);
    this.#revisions.delete(accountId);
  }

  /** The channel whose personal alias this is, for the account, by id. */
  aliasOwner(accountId: number, alias: string): number | undefined {
    const wanted = channelNameKey(alias);
    for (const id of this.channelIdsOf(accountId)) {
      if (this.subscription(id, accountId)?.aliases.some((a) => channelNameKey(a) === wanted))
        return id;
    }
    return undefined;
  }

  /** An account's name changed, or it logged in: lists show its current name. */
  noteName(accountId: number, name: string): void {
    for (const id of this.channelIdsOf(accountId)) {
      const sub = this.subscription(id, accountId);
      if (sub !== undefined) sub.accountName = name;
    }
  }

  // ---- bans ------------------------------------------------------------------------------

  isBanned(channelId: number, accountId: number): boolean {
    return this.#bans.get(channelId)?.has(accountId) === true;
  }

  /** By name. */
  bans(channelId: number): ChannelBan[] {
    return [...(this.#bans.get(channelId)?.values() ?? [])].sort((a, b) =>
      a.accountName.localeCompare(b.accountName),
    );
  }

  setBan(channelId: number, ban: ChannelBan): void {
    let bans = this.#bans.get(channelId);
    if (bans === undefined) this.#bans.set(channelId, (bans = new Map()));
    bans.set(ban.accountId, ban);
  }

  removeBan(channelId: number, accountId: number): boolean {
    return this.#bans.get(channelId)?.delete(accountId) === true;
  }

  // ---- revisions -------------------------------------------------------------------------

  revision(accountId: number): number {
    return this.#revisions.get(accountId) ?? 0;
  }

  /** The account's channels or aliases changed. */
  touch(accountId: number): void {
    this.#revisions.set(accountId, this.revision(accountId) + 1);
  }

  #put(channelId: number, sub: Subscription): void {
    let subs = this.#subs.get(channelId);
    if (subs === undefined) this.#subs.set(channelId, (subs = new Map()));
    subs.set(sub.accountId, sub);
    const ids = this.channelIdsOf(sub.accountId);
    if (!ids.includes(channelId))
      this.#byAccount.set(sub.accountId, Object.freeze(ids.concat(channelId)));
  }

  #leave(accountId: number, channelId: number): void {
    const ids = this.#byAccount.get(accountId);
    if (ids === undefined || !ids.includes(channelId)) return;
    const rest = ids.filter((id) => id !== channelId);
    if (rest.length === 0) this.#byAccount.delete(accountId);
    else this.#byAccount.set(accountId, Object.freeze(rest.slice()));
  }
}
