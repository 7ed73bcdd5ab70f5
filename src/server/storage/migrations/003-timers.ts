/**
 * Migration 3: what keeps time in a living world — scripts, ticker subscriptions, the next tick
 * of each ticker interval, and persistent delays (server/scripts/). Each row carries its own
 * schedule (`next_at`, an ISO time), which the Server changes in the same transaction as the
 * world changes the firing made: that is what makes a timer fire exactly once across a crash.
 *
 * Rows belong to an object or an account and go with it (ON DELETE CASCADE). Intervals are
 * milliseconds in a double: an integer column is 32 bits on PostgreSQL, and a game-year
 * interval is longer than that.
 */
import type { Kysely } from 'kysely';
import type { Migration, MigrationContext } from './migration.ts';

async function up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('scripts')
    .addColumn('id', 'integer', idColumn)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('typeclass', 'text', (c) => c.notNull())
    .addColumn('object_id', 'integer', (c) => c.references('objects.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('interval_ms', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('repeats', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start_delay', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('catch_up', 'text', (c) => c.notNull().defaultTo('once'))
    .addColumn('next_at', 'text')
    .addColumn('paused_ms', 'double precision')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  for (const column of ['object_id', 'account_id', 'key']) {
    await db.schema.createIndex(`scripts_${column}_idx`).on('scripts').column(column).execute();
  }

  await db.schema
    .createTable('ticker_subscriptions')
    .addColumn('id', 'integer', idColumn)
    .addColumn('interval_ms', 'double precision', (c) => c.notNull())
    .addColumn('object_id', 'integer', (c) =>
      c.notNull().references('objects.id').onDelete('cascade'),
    )
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('idstring', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('args', 'text', (c) => c.notNull().defaultTo('[]'))
    .addUniqueConstraint('ticker_subscriptions_unique', [
      'interval_ms',
      'object_id',
      'method',
      'idstring',
    ])
    .execute();
  await db.schema
    .createIndex('ticker_subscriptions_object_idx')
    .on('ticker_subscriptions')
    .column('object_id')
    .execute();

  await db.schema
    .createTable('ticker_intervals')
    .addColumn('interval_ms', 'double precision', (c) => c.primaryKey())
    .addColumn('next_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('delays')
    .addColumn('id', 'integer', idColumn)
    .addColumn('object_id', 'integer', (c) =>
      c.notNull().references('objects.id').onDelete('cascade'),
    )
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('args', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delays_object_idx').on('delays').column('object_id').execute();
}

export const timers: Migration = { version: 3, name: '003-timers', up };
