/**
 * Builders' prototypes (migration 5): `spawn/save` writes one, `spawn/delete` removes it, and the
 * prototype registry (server/prototypes/registry.ts) reads them all when the world opens. The
 * body is attribute-codec text, so every value a prototype may hold comes back as it went in.
 */
import { decodeValue, encodeValue } from '../attribute-codec.ts';
import type { AttributeValue, PrototypeRepository, PrototypeRow } from '../types.ts';
import { guard, type RepositoryContext } from './context.ts';

export function createPrototypeRepository(ctx: RepositoryContext): PrototypeRepository {
  const { db } = ctx;
  return {
    save: (row) => {
      const data = encodeValue(row.data, label(row.key));
      return guard(ctx, '', async () => {
        const now = new Date().toISOString();
        await db
          .insertInto('prototypes')
          .values({
            key_lower: row.key.toLowerCase(),
            key: row.key,
            data,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.column('key_lower').doUpdateSet({ key: row.key, data, updated_at: now }),
          )
          .execute();
      });
    },

    delete: (key) =>
      guard(ctx, '', async () => {
        const result = await db
          .deleteFrom('prototypes')
          .where('key_lower', '=', key.toLowerCase())
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    list: () =>
      guard(ctx, '', async () => {
        const rows = await db.selectFrom('prototypes').selectAll().orderBy('key_lower').execute();
        return rows.map((row): PrototypeRow => {
          const data = decodeValue(row.data, label(row.key));
          return {
            key: row.key,
            data: isMap(data) ? data : {},
            createdAt: new Date(row.created_at),
            updatedAt: new Date(row.updated_at),
          };
        });
      }),
  };
}

function isMap(value: AttributeValue): value is { [key: string]: AttributeValue } {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
  );
}

function label(key: string): string {
  return `prototype '${key}'`;
}
