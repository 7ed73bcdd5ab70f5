/**
 * Migration 1: accounts, objects, attributes, tags, server config and the commit log.
 * Attributes and tags belong to an account or an object ("owner kind" + id), so they cannot
 * carry a foreign key; the repositories delete them together with their owner.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationContext } from './migration.ts';

async function up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'integer', idColumn)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('typeclass', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('is_superuser', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_guest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .execute();

  // Deleting an object must not leave others pointing at it: their reference becomes null
  // (game code moves contents home first; this is the floor under it).
  await db.schema
    .createTable('objects')
    .addColumn('id', 'integer', idColumn)
    .addColumn('typeclass', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('location_id', 'integer', (c) => c.references('objects.id').onDelete('set null'))
    .addColumn('home_id', 'integer', (c) => c.references('objects.id').onDelete('set null'))
    .addColumn('destination_id', 'integer', (c) => c.references('objects.id').onDelete('set null'))
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('locks', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Contents, exits leading somewhere, homes and an account's objects are all looked up by
  // these; the foreign keys' ON DELETE also scans them.
  for (const column of ['location_id', 'home_id', 'destination_id', 'account_id', 'key']) {
    await db.schema.createIndex(`objects_${column}_idx`).on('objects').column(column).execute();
  }

  await db.schema
    .createTable('attributes')
    .addColumn('owner_kind', 'text', (c) => c.notNull().check(ownerKindCheck()))
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attributes_pk', ['owner_kind', 'owner_id', 'category', 'name'])
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('owner_kind', 'text', (c) => c.notNull().check(ownerKindCheck()))
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['owner_kind', 'owner_id', 'category', 'tag'])
    .execute();
  await db.schema.createIndex('tags_tag_idx').on('tags').columns(['category', 'tag']).execute();

  await db.schema
    .createTable('server_config')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('waystone_commit_log')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('committed_at', 'text', (c) => c.notNull())
    .execute();
}

function ownerKindCheck() {
  return sql`owner_kind in ('account', 'object')`;
}

export const initial: Migration = { version: 1, name: '001-initial', up };
