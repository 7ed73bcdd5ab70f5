/**
 * Help entries written in game (migration 5): `sethelp` saves and deletes them, and the help
 * registry (commands/help-entries.ts) reads them all when the world opens. Aliases are a JSON
 * list of strings; the lock string is stored as written (it was parsed before it got here).
 */
import { WaystoneError } from '../../../shared/errors.ts';
import type { HelpEntryRepository, HelpEntryRow } from '../types.ts';
import { guard, type RepositoryContext } from './context.ts';

export function createHelpEntryRepository(ctx: RepositoryContext): HelpEntryRepository {
  const { db } = ctx;
  return {
    save: (row) =>
      guard(ctx, '', async () => {
        const now = new Date().toISOString();
        const aliases = JSON.stringify(row.aliases);
        const fields = {
          key: row.key,
          category: row.category,
          aliases,
          text: row.text,
          locks: row.locks,
        };
        await db
          .insertInto('help_entries')
          .values({ key_lower: row.key.toLowerCase(), ...fields, created_at: now, updated_at: now })
          .onConflict((oc) => oc.column('key_lower').doUpdateSet({ ...fields, updated_at: now }))
          .execute();
      }),

    delete: (key) =>
      guard(ctx, '', async () => {
        const result = await db
          .deleteFrom('help_entries')
          .where('key_lower', '=', key.toLowerCase())
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    list: () =>
      guard(ctx, '', async () => {
        const rows = await db.selectFrom('help_entries').selectAll().orderBy('key_lower').execute();
        return rows.map((row): HelpEntryRow => ({
          key: row.key,
          category: row.category,
          aliases: parseAliases(row.aliases, row.key),
          text: row.text,
          locks: row.locks,
          createdAt: new Date(row.created_at),
          updatedAt: new Date(row.updated_at),
        }));
      }),
  };
}

function parseAliases(text: string, key: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw corrupt(key, err);
  }
  if (!Array.isArray(value) || !value.every((a) => typeof a === 'string')) throw corrupt(key);
  return value;
}

function corrupt(key: string, cause?: unknown): WaystoneError {
  return new WaystoneError(
    'STORAGE_CORRUPT_VALUE',
    `The aliases of help entry '${key}' are not a JSON list of strings (edited by hand?).`,
    { cause },
  );
}
