/**
 * Scripts (migration 3): persistent, typeclassed timers and state attached to an object, an
 * account, or nothing (global). The script layer (server/scripts/) changes `fired`, `next_at`
 * and `paused_ms` in the same unit of work as the world changes a firing makes.
 */
import type { Selectable, Updateable } from 'kysely';
import { decodeValue, encodeValue } from '../attribute-codec.ts';
import type { ScriptsTable } from '../schema.ts';
import type {
  AttributeValue,
  CatchUp,
  NewScript,
  ScriptPatch,
  ScriptRepository,
  ScriptRow,
} from '../types.ts';
import { guard, type RepositoryContext } from './context.ts';

export function createScriptRepository(ctx: RepositoryContext): ScriptRepository {
  const { db } = ctx;
  return {
    create: (script: NewScript) => {
      const data = encodeValue(script.data, scriptLabel(script.key));
      return guard(ctx, 'That script', async () => {
        const row = await db
          .insertInto('scripts')
          .values({
            key: script.key,
            typeclass: script.typeclass,
            object_id: script.objectId,
            account_id: script.accountId,
            description: script.description,
            interval_ms: script.intervalMs,
            repeats: script.repeats,
            fired: script.fired,
            start_delay: script.startDelay ? 1 : 0,
            catch_up: script.catchUp,
            next_at: script.nextAt?.toISOString() ?? null,
            paused_ms: script.pausedMs,
            data,
            created_at: new Date().toISOString(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toScript(row);
      });
    },

    update: (id, patch: ScriptPatch) => {
      const columns = toColumns(patch);
      return guard(ctx, 'That script', async () => {
        if (Object.keys(columns).length === 0) return true;
        const result = await db
          .updateTable('scripts')
          .set(columns)
          .where('id', '=', id)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      });
    },

    delete: (id) =>
      guard(ctx, '', async () => {
        const result = await db.deleteFrom('scripts').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    list: () =>
      guard(ctx, '', async () => {
        const rows = await db.selectFrom('scripts').selectAll().orderBy('id').execute();
        return rows.map(toScript);
      }),
  };
}

function scriptLabel(key: string): string {
  return `script '${key}'`;
}

const CATCH_UPS: readonly CatchUp[] = ['once', 'skip', 'all'];

function toScript(row: Selectable<ScriptsTable>): ScriptRow {
  const data = decodeValue(row.data, scriptLabel(row.key));
  return {
    id: row.id,
    key: row.key,
    typeclass: row.typeclass,
    objectId: row.object_id,
    accountId: row.account_id,
    description: row.description,
    intervalMs: Number(row.interval_ms),
    repeats: row.repeats,
    fired: row.fired,
    startDelay: row.start_delay === 1,
    catchUp: (CATCH_UPS as readonly string[]).includes(row.catch_up)
      ? (row.catch_up as CatchUp)
      : 'once',
    nextAt: row.next_at === null ? null : new Date(row.next_at),
    pausedMs: row.paused_ms === null ? null : Number(row.paused_ms),
    data: isRecord(data) ? data : {},
    createdAt: new Date(row.created_at),
  };
}

function isRecord(value: AttributeValue): value is { [key: string]: AttributeValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !('$ref' in value)
  );
}

function toColumns(patch: ScriptPatch): Updateable<ScriptsTable> {
  const columns: Updateable<ScriptsTable> = {};
  if (patch.key !== undefined) columns.key = patch.key;
  if (patch.objectId !== undefined) columns.object_id = patch.objectId;
  if (patch.accountId !== undefined) columns.account_id = patch.accountId;
  if (patch.description !== undefined) columns.description = patch.description;
  if (patch.intervalMs !== undefined) columns.interval_ms = patch.intervalMs;
  if (patch.repeats !== undefined) columns.repeats = patch.repeats;
  if (patch.fired !== undefined) columns.fired = patch.fired;
  if (patch.startDelay !== undefined) columns.start_delay = patch.startDelay ? 1 : 0;
  if (patch.catchUp !== undefined) columns.catch_up = patch.catchUp;
  if (patch.nextAt !== undefined) columns.next_at = patch.nextAt?.toISOString() ?? null;
  if (patch.pausedMs !== undefined) columns.paused_ms = patch.pausedMs;
  if (patch.data !== undefined)
    columns.data = encodeValue(patch.data, scriptLabel(patch.key ?? ''));
  return columns;
}
