/**
 * Ticker subscriptions and the next tick of each interval (migration 3). Many objects share
 * one interval; the interval's row is the one schedule their tick commits with.
 */
import { decodeValue, encodeValue } from '../attribute-codec.ts';
import type { TickerRepository } from '../types.ts';
import { guard, type RepositoryContext } from './context.ts';

export function createTickerRepository(ctx: RepositoryContext): TickerRepository {
  const { db } = ctx;
  return {
    subscribe: (row) => {
      const args = encodeValue(row.args, tickerLabel(row));
      return guard(ctx, 'That ticker subscription', async () => {
        await db
          .insertInto('ticker_subscriptions')
          .values({
            interval_ms: row.intervalMs,
            object_id: row.objectId,
            method: row.method,
            idstring: row.idstring,
            args,
          })
          .onConflict((oc) =>
            oc.columns(['interval_ms', 'object_id', 'method', 'idstring']).doUpdateSet({ args }),
          )
          .execute();
      });
    },

    unsubscribe: (key) =>
      guard(ctx, '', async () => {
        const result = await db
          .deleteFrom('ticker_subscriptions')
          .where('interval_ms', '=', key.intervalMs)
          .where('object_id', '=', key.objectId)
          .where('method', '=', key.method)
          .where('idstring', '=', key.idstring)
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    list: () =>
      guard(ctx, '', async () => {
        const rows = await db
          .selectFrom('ticker_subscriptions')
          .selectAll()
          .orderBy('id')
          .execute();
        return rows.map((row) => {
          const sub = {
            intervalMs: Number(row.interval_ms),
            objectId: row.object_id,
            method: row.method,
            idstring: row.idstring,
          };
          const args = decodeValue(row.args, tickerLabel(sub));
          return { ...sub, args: Array.isArray(args) ? args : [] };
        });
      }),

    setNextTick: (intervalMs, nextAt) =>
      guard(ctx, '', async () => {
        const next = nextAt.toISOString();
        await db
          .insertInto('ticker_intervals')
          .values({ interval_ms: intervalMs, next_at: next })
          .onConflict((oc) => oc.column('interval_ms').doUpdateSet({ next_at: next }))
          .execute();
      }),

    deleteInterval: (intervalMs) =>
      guard(ctx, '', async () => {
        await db.deleteFrom('ticker_intervals').where('interval_ms', '=', intervalMs).execute();
      }),

    listIntervals: () =>
      guard(ctx, '', async () => {
        const rows = await db.selectFrom('ticker_intervals').selectAll().execute();
        return rows.map((row) => ({
          intervalMs: Number(row.interval_ms),
          nextAt: new Date(row.next_at),
        }));
      }),
  };
}

function tickerLabel(row: { intervalMs: number; objectId: number; method: string }): string {
  return `ticker #${row.objectId}.${row.method} every ${row.intervalMs} ms`;
}
