/**
 * Migration 2: each account's look-alike key (`name_skeleton`, accounts/names.ts
 * `nameSkeleton`), so a new name that a reader could take for an existing one (Cyrillic `Еѵе`
 * beside `Eve`) is found by an indexed lookup. Existing accounts get theirs here, computed from
 * their stored names, in the migration's transaction: afterwards every row has its key and no
 * code has to cope with a missing one.
 *
 * The index is not unique: databases made before this migration may already hold two names
 * that look alike, and they must keep working (the check applies to new names).
 */
import { sql, type Kysely } from 'kysely';
import { nameSkeleton } from '../../accounts/names.ts';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('name_skeleton', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  const { rows } = await sql<{ id: number; name: string }>`select id, name from accounts`.execute(
    db,
  );
  for (const { id, name } of rows) {
    await sql`update accounts set name_skeleton = ${nameSkeleton(name)} where id = ${id}`.execute(
      db,
    );
  }
  await db.schema
    .createIndex('accounts_name_skeleton_idx')
    .on('accounts')
    .column('name_skeleton')
    .execute();
}

export const nameSkeletons: Migration = { version: 2, name: '002-name-skeletons', up };
