/**
 * Channels, their subscriptions and bans (migration 4). The comms layer (server/comms/) loads
 * them all when the Server opens and keeps them in memory; these are its writes and that load.
 */
import type { Selectable, Updateable } from 'kysely';
import { WaystoneError } from '../../../shared/errors.ts';
import type { ChannelsTable } from '../schema.ts';
import type {
  ChannelBanRow,
  ChannelPatch,
  ChannelRepository,
  ChannelRow,
  ChannelSubscriptionRow,
  NewChannel,
} from '../types.ts';
import { guard, type RepositoryContext } from './context.ts';

export function createChannelRepository(ctx: RepositoryContext): ChannelRepository {
  const { db } = ctx;
  const duplicate = (key: string): string => `A channel called '${key}'`;
  return {
    create: (channel: NewChannel) =>
      guard(ctx, duplicate(channel.key), async () => {
        const row = await db
          .insertInto('channels')
          .values({
            key: channel.key,
            key_lower: channel.key.toLowerCase(),
            typeclass: channel.typeclass,
            description: channel.description,
            locks: channel.locks,
            aliases: JSON.stringify(channel.aliases),
            created_at: new Date().toISOString(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toChannel(row);
      }),

    update: (id, patch: ChannelPatch) =>
      guard(ctx, duplicate(patch.key ?? ''), async () => {
        const columns = toColumns(patch);
        if (Object.keys(columns).length === 0) return true;
        const result = await db
          .updateTable('channels')
          .set(columns)
          .where('id', '=', id)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      }),

    // Subscriptions, bans and messages go with it (ON DELETE CASCADE).
    delete: (id) =>
      guard(ctx, '', async () => {
        const result = await db.deleteFrom('channels').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    list: () =>
      guard(ctx, '', async () => {
        const rows = await db.selectFrom('channels').selectAll().orderBy('id').execute();
        return rows.map(toChannel);
      }),

    subscribe: (channelId, accountId) =>
      guard(ctx, '', async () => {
        const result = await db
          .insertInto('channel_subscriptions')
          .values({
            channel_id: channelId,
            account_id: accountId,
            muted: 0,
            aliases: '[]',
            created_at: new Date().toISOString(),
          })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
      }),

    unsubscribe: (channelId, accountId) =>
      guard(ctx, '', async () => {
        const result = await db
          .deleteFrom('channel_subscriptions')
          .where('channel_id', '=', channelId)
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    updateSubscription: (channelId, accountId, patch) =>
      guard(ctx, '', async () => {
        const columns: { muted?: number; aliases?: string } = {};
        if (patch.muted !== undefined) columns.muted = patch.muted ? 1 : 0;
        if (patch.aliases !== undefined) columns.aliases = JSON.stringify(patch.aliases);
        if (Object.keys(columns).length === 0) return true;
        const result = await db
          .updateTable('channel_subscriptions')
          .set(columns)
          .where('channel_id', '=', channelId)
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      }),

    listSubscriptions: () =>
      guard(ctx, '', async () => {
        const rows = await db
          .selectFrom('channel_subscriptions as s')
          .innerJoin('accounts as a', 'a.id', 's.account_id')
          .select(['s.channel_id', 's.account_id', 's.muted', 's.aliases', 'a.name'])
          .orderBy('s.channel_id')
          .orderBy('s.account_id')
          .execute();
        return rows.map((row): ChannelSubscriptionRow => ({
          channelId: row.channel_id,
          accountId: row.account_id,
          accountName: row.name,
          muted: row.muted === 1,
          aliases: stringList(row.aliases, `subscription aliases of account #${row.account_id}`),
        }));
      }),

    ban: (channelId, accountId, reason) =>
      guard(ctx, '', async () => {
        const existing = await db
          .updateTable('channel_bans')
          .set({ reason })
          .where('channel_id', '=', channelId)
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        if (existing.numUpdatedRows > 0n) return false;
        await db
          .insertInto('channel_bans')
          .values({
            channel_id: channelId,
            account_id: accountId,
            reason,
            created_at: new Date().toISOString(),
          })
          .execute();
        return true;
      }),

    unban: (channelId, accountId) =>
      guard(ctx, '', async () => {
        const result = await db
          .deleteFrom('channel_bans')
          .where('channel_id', '=', channelId)
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    listBans: () =>
      guard(ctx, '', async () => {
        const rows = await db
          .selectFrom('channel_bans as b')
          .innerJoin('accounts as a', 'a.id', 'b.account_id')
          .select(['b.channel_id', 'b.account_id', 'b.reason', 'b.created_at', 'a.name'])
          .orderBy('b.channel_id')
          .orderBy('b.account_id')
          .execute();
        return rows.map((row): ChannelBanRow => ({
          channelId: row.channel_id,
          accountId: row.account_id,
          accountName: row.name,
          reason: row.reason,
          createdAt: new Date(row.created_at),
        }));
      }),
  };
}

function toChannel(row: Selectable<ChannelsTable>): ChannelRow {
  return {
    id: row.id,
    key: row.key,
    typeclass: row.typeclass,
    description: row.description,
    locks: row.locks,
    aliases: stringList(row.aliases, `aliases of channel '${row.key}'`),
    createdAt: new Date(row.created_at),
  };
}

function toColumns(patch: ChannelPatch): Updateable<ChannelsTable> {
  const columns: Updateable<ChannelsTable> = {};
  if (patch.key !== undefined) {
    columns.key = patch.key;
    columns.key_lower = patch.key.toLowerCase();
  }
  if (patch.description !== undefined) columns.description = patch.description;
  if (patch.locks !== undefined) columns.locks = patch.locks;
  if (patch.aliases !== undefined) columns.aliases = JSON.stringify(patch.aliases);
  return columns;
}

/** A JSON list of strings as stored; anything else is damage worth a loud error. */
function stringList(text: string, what: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string')) return parsed;
  } catch {
    // reported below
  }
  throw new WaystoneError('STORAGE_CORRUPT_VALUE', `The ${what} are not a JSON list of strings.`);
}
