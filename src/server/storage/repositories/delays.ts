/** Persistent delays (migration 3): a method of an object, called once when due. */
import { decodeValue, encodeValue } from '../attribute-codec.ts';
import type { DelayRepository } from '../types.ts';
import { guard, type RepositoryContext } from './context.ts';

export function createDelayRepository(ctx: RepositoryContext): DelayRepository {
  const { db } = ctx;
  return {
    create: (row) => {
      const args = encodeValue(row.args, delayLabel(row));
      return guard(ctx, 'That delay', async () => {
        const stored = await db
          .insertInto('delays')
          .values({
            object_id: row.objectId,
            method: row.method,
            args,
            due_at: row.dueAt.toISOString(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { ...row, id: stored.id };
      });
    },

    delete: (id) =>
      guard(ctx, '', async () => {
        const result = await db.deleteFrom('delays').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    list: () =>
      guard(ctx, '', async () => {
        const rows = await db.selectFrom('delays').selectAll().orderBy('id').execute();
        return rows.map((row) => {
          const base = { id: row.id, objectId: row.object_id, method: row.method };
          const args = decodeValue(row.args, delayLabel(base));
          return { ...base, args: Array.isArray(args) ? args : [], dueAt: new Date(row.due_at) };
        });
      }),
  };
}

function delayLabel(row: { objectId: number; method: string }): string {
  return `delay #${row.objectId}.${row.method}`;
}
