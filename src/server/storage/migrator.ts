/**
 * Applies the schema migrations and refuses a database written by a newer Waystone. The
 * version lives in its own table (one row per applied migration), read and written in the
 * same transaction as the migrations, under the backend's migration lock, so two processes
 * starting together cannot both migrate.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { WaystoneError, isWaystoneError } from '../../shared/errors.ts';
import type { Backend } from './backend.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration } from './migrations/migration.ts';
import { SCHEMA_TABLE, type Database } from './schema.ts';
import { inTransaction } from './transaction.ts';
import type { MigrationStatus } from './types.ts';

export async function migrationStatus(
  backend: Backend,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationStatus> {
  const tables = await backend.db.introspection.getTables();
  const current = tables.some((t) => t.name === SCHEMA_TABLE)
    ? await currentVersion(backend.db)
    : 0;
  return status(current, migrations);
}

/** Refuses (STORAGE_TOO_NEW) a database whose schema this code does not know. */
export function assertNotTooNew(backend: Backend, current: MigrationStatus): void {
  if (current.current <= current.latest) return;
  throw new WaystoneError(
    'STORAGE_TOO_NEW',
    `The database ${backend.location} is at schema version ${current.current}, but this ` +
      `Waystone knows versions up to ${current.latest}: a newer Waystone has migrated it. ` +
      'Upgrade Waystone, or restore a backup taken before the upgrade.',
  );
}

/** Applies every pending migration in one transaction; returns the names applied. */
export async function migrate(
  backend: Backend,
  log: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  checkOrder(migrations);
  try {
    return await inTransaction(backend, async (tx) => {
      await backend.lockForMigration(tx);
      await tx.schema
        .createTable(SCHEMA_TABLE)
        .ifNotExists()
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .execute();
      const current = status(await currentVersion(tx), migrations);
      assertNotTooNew(backend, current);
      const applied: string[] = [];
      for (const migration of migrations.filter((m) => m.version > current.current)) {
        await runOne(backend, tx, migration);
        applied.push(migration.name);
      }
      if (applied.length > 0) {
        log.info({ database: backend.location, applied }, 'database schema migrated');
      }
      return applied;
    });
  } catch (err) {
    if (isWaystoneError(err)) throw err;
    throw backend.explain(err) ?? err;
  }
}

async function runOne(backend: Backend, tx: Kysely<Database>, migration: Migration) {
  try {
    await migration.up(tx as unknown as Kysely<unknown>, { idColumn: backend.idColumn });
  } catch (err) {
    if (backend.explain(err) !== null) throw err;
    throw new WaystoneError(
      'STORAGE_MIGRATION_FAILED',
      `Migration ${migration.name} failed on ${backend.location} and was rolled back; the ` +
        `database is unchanged. (${err instanceof Error ? err.message : String(err)})`,
      { cause: err },
    );
  }
  await tx
    .insertInto('waystone_schema')
    .values({
      version: migration.version,
      name: migration.name,
      applied_at: new Date().toISOString(),
    })
    .execute();
}

async function currentVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('waystone_schema')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

function status(current: number, migrations: readonly Migration[]): MigrationStatus {
  return {
    current,
    latest: migrations.at(-1)?.version ?? 0,
    pending: migrations.filter((m) => m.version > current).map((m) => m.name),
  };
}

/** A programming error, caught by the tests: versions must run 1, 2, 3… */
function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}`);
  });
}
