/**
 * What a storage backend supplies beyond kysely's dialect: how to begin a write transaction,
 * how to serialise migrations between processes, and how to read its driver's errors. The
 * rest of the storage layer (migrations, repositories, units of work) is backend-neutral.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { WaystoneError } from '../../shared/errors.ts';
import type { Database } from './schema.ts';
import type { StorageBackendKind } from './types.ts';

/**
 * How a failed statement should be handled. `transient` means retrying the whole transaction
 * later can succeed (connection lost, server restarting, file locked, disk full).
 */
export type DbErrorKind = 'duplicate' | 'constraint' | 'transient' | 'permanent';

export interface Backend {
  readonly kind: StorageBackendKind;
  /** A file path or postgres://user@host:port/database (never the password). */
  readonly location: string;
  readonly db: Kysely<Database>;
  /** SQL that opens a write transaction (SQLite takes the write lock up front). */
  readonly beginSql: string;
  /** Runs first inside the migration transaction so two processes cannot migrate at once. */
  lockForMigration(tx: Kysely<Database>): Promise<void>;
  /** Makes `col` an auto-generated integer primary key that never reuses a deleted id. */
  idColumn(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  classify(err: unknown): DbErrorKind;
  /** A coded error telling the operator what is wrong and what to do, or null if unknown. */
  explain(err: unknown): WaystoneError | null;
  close(): Promise<void>;
}

/** The driver's error code (SQLite name, PostgreSQL SQLSTATE or Node errno name), if any. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Node 20 reports a refused multi-address connect as an AggregateError of the attempts.
  const inner = (err as { errors?: unknown }).errors;
  return Array.isArray(inner) ? inner.map(errorCode).find((c) => c !== undefined) : undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
