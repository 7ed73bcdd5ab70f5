/**
 * Migration 5: builders' content kept in the database — stored prototypes (`spawn/save`,
 * server/prototypes/) and help entries (`sethelp`, commands/help-entries.ts). Both are small
 * sets the Server holds in memory and writes through; the tables are keyed by the name
 * lower-cased (`key_lower`), so "Goblin" and "goblin" are one prototype, one help topic.
 *
 * A prototype's body is attribute-codec text (a JSON object of its fields); a help entry's
 * aliases a JSON list of strings. Neither refers to other rows: a prototype names its parents
 * by key, and may outlive them (resolving then says which parent is missing).
 */
import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('prototypes')
    .addColumn('key_lower', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('help_entries')
    .addColumn('key_lower', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('locks', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export const prototypesAndHelp: Migration = { version: 5, name: '005-prototypes-help', up };
