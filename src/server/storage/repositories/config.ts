/**
 * Server config: key → value entries the game keeps in the database rather than in its
 * settings file because they change while it runs (bans, login throttles). Values use the
 * attribute codec, so a throttle's Date comes back as a Date. Keys are namespaced by the
 * caller with a prefix ("ban:", "throttle:"), which `list(prefix)` selects.
 */
import type { Kysely } from 'kysely';
import { decodeValue, encodeValue } from '../attribute-codec.ts';
import type { Database } from '../schema.ts';
import type { ConfigRepository } from '../types.ts';
import { guard, type RepositoryContext } from './context.ts';

export function configLabel(key: string): string {
  return `server config '${key}'`;
}

export async function writeEncodedConfig(
  db: Kysely<Database>,
  key: string,
  encoded: string,
): Promise<void> {
  const updatedAt = new Date().toISOString();
  await db
    .insertInto('server_config')
    .values({ key, value: encoded, updated_at: updatedAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: encoded, updated_at: updatedAt }))
    .execute();
}

export function createConfigRepository(ctx: RepositoryContext): ConfigRepository {
  const { db } = ctx;
  return {
    get: (key) =>
      guard(ctx, '', async () => {
        const row = await db
          .selectFrom('server_config')
          .select('value')
          .where('key', '=', key)
          .executeTakeFirst();
        return row === undefined ? undefined : decodeValue(row.value, configLabel(key));
      }),

    set: (key, value) => {
      const encoded = encodeValue(value, configLabel(key));
      return guard(ctx, '', () => writeEncodedConfig(db, key, encoded));
    },

    delete: (key) =>
      guard(ctx, '', async () => {
        const result = await db
          .deleteFrom('server_config')
          .where('key', '=', key)
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    list: (prefix = '') =>
      guard(ctx, '', async () => {
        // substr rather than LIKE: a prefix may hold % or _. Both count code points, not UTF-16.
        const rows = await db
          .selectFrom('server_config')
          .select(['key', 'value'])
          .where((eb) =>
            eb(eb.fn('substr', ['key', eb.val(1), eb.val([...prefix].length)]), '=', prefix),
          )
          .orderBy('key')
          .execute();
        return rows.map((row) => ({
          key: row.key,
          value: decodeValue(row.value, configLabel(row.key)),
        }));
      }),
  };
}
