/**
 * Migration 4: channels (server/comms/). A channel row holds its typeclass, description, lock
 * string and aliases (a JSON list); its subscribers, bans and message history are rows of their
 * own that go with the channel or the account (ON DELETE CASCADE). A message keeps the name it
 * was sent under as text, so history still reads right after the sender is gone (or when the
 * sender was never an account here: `nick@IRC`).
 *
 * `key_lower` makes a channel name unique whatever its case ("Public" and "public" are one
 * channel); history is read newest first by (channel_id, id), which the index covers, and kept
 * to a bounded length by the repository on every write.
 */
import type { Kysely } from 'kysely';
import type { Migration, MigrationContext } from './migration.ts';

async function up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('id', 'integer', idColumn)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('key_lower', 'text', (c) => c.notNull().unique())
    .addColumn('typeclass', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('locks', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('channel_subscriptions')
    .addColumn('channel_id', 'integer', (c) =>
      c.notNull().references('channels.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'integer', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_subscriptions_pk', ['channel_id', 'account_id'])
    .execute();
  await db.schema
    .createIndex('channel_subscriptions_account_idx')
    .on('channel_subscriptions')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('channel_bans')
    .addColumn('channel_id', 'integer', (c) =>
      c.notNull().references('channels.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'integer', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_bans_pk', ['channel_id', 'account_id'])
    .execute();
  await db.schema
    .createIndex('channel_bans_account_idx')
    .on('channel_bans')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('channel_messages')
    .addColumn('id', 'integer', idColumn)
    .addColumn('channel_id', 'integer', (c) =>
      c.notNull().references('channels.id').onDelete('cascade'),
    )
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('sender_account_id', 'integer', (c) =>
      c.references('accounts.id').onDelete('set null'),
    )
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_messages_channel_idx')
    .on('channel_messages')
    .columns(['channel_id', 'id'])
    .execute();
  await db.schema
    .createIndex('channel_messages_sender_idx')
    .on('channel_messages')
    .column('sender_account_id')
    .execute();
}

export const channels: Migration = { version: 4, name: '004-channels', up };
