/**
 * Channel history (migration 4): each line said on a channel, newest last by id. Every write
 * trims the channel back to its bound in the same statement batch, so a busy channel's history
 * stays the size the game chose however long it runs.
 */
import type { Selectable } from 'kysely';
import type { ChannelMessagesTable } from '../schema.ts';
import type { ChannelMessageRepository, ChannelMessageRow } from '../types.ts';
import { atomic, guard, toCount, type RepositoryContext } from './context.ts';

export function createChannelMessageRepository(ctx: RepositoryContext): ChannelMessageRepository {
  const { db } = ctx;
  return {
    add: (message, keep) =>
      guard(ctx, '', () =>
        atomic(ctx, async (tx) => {
          const row = await tx
            .insertInto('channel_messages')
            .values({
              channel_id: message.channelId,
              sender_name: message.senderName,
              sender_account_id: message.senderAccountId,
              text: message.text,
              created_at: message.createdAt.toISOString(),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          // The newest `keep` stay: the first one past them (by the channel's id index) and
          // everything older goes.
          const oldestGone = await tx
            .selectFrom('channel_messages')
            .select('id')
            .where('channel_id', '=', message.channelId)
            .orderBy('id', 'desc')
            .limit(1)
            .offset(Math.max(1, Math.floor(keep)))
            .executeTakeFirst();
          if (oldestGone !== undefined) {
            await tx
              .deleteFrom('channel_messages')
              .where('channel_id', '=', message.channelId)
              .where('id', '<=', oldestGone.id)
              .execute();
          }
          return toMessage(row);
        }),
      ),

    recent: (channelId, { limit, skip = 0 }) =>
      guard(ctx, '', async () => {
        const rows = await db
          .selectFrom('channel_messages')
          .selectAll()
          .where('channel_id', '=', channelId)
          .orderBy('id', 'desc')
          .limit(Math.max(0, Math.floor(limit)))
          .offset(Math.max(0, Math.floor(skip)))
          .execute();
        return rows.reverse().map(toMessage);
      }),

    count: (channelId) =>
      guard(ctx, '', async () => {
        const row = await db
          .selectFrom('channel_messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('channel_id', '=', channelId)
          .executeTakeFirst();
        return toCount(row?.n);
      }),
  };
}

function toMessage(row: Selectable<ChannelMessagesTable>): ChannelMessageRow {
  return {
    id: row.id,
    channelId: row.channel_id,
    senderName: row.sender_name,
    senderAccountId: row.sender_account_id,
    text: row.text,
    createdAt: new Date(row.created_at),
  };
}
