/**
 * The entry point: chooses the backend from the settings (an empty databaseUrl means the
 * embedded SQLite file; a postgres:// URL means PostgreSQL), opens it, brings the schema up to
 * date (or refuses a database from a newer Waystone), and hands back the Storage. Every
 * failure is a coded WaystoneError naming the file or host and what to do.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import type { Backend } from './backend.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './commit-queue.ts';
import { DatabaseStorage } from './database-storage.ts';
import { assertNotTooNew, migrate, migrationStatus } from './migrator.ts';
import { openPostgres } from './postgres-backend.ts';
import { MEMORY_FILE, openSqlite } from './sqlite-backend.ts';
import type { Storage } from './types.ts';

export interface OpenStorageOptions {
  gameDir: string;
  /** '' selects SQLite (databaseFile); postgres://user:pass@host:port/db selects PostgreSQL. */
  databaseUrl: string;
  /** SQLite file, relative to gameDir unless absolute; ':memory:' for a throwaway database. */
  databaseFile: string;
  log: Logger;
  /**
   * Apply pending migrations while opening (default true). With false a database from a newer
   * Waystone is still refused, but an older one is left alone for `waystone migrate` to report
   * and upgrade with storage.migrate().
   */
  migrate?: boolean;
  /** The database became unreachable; commits are being retried. */
  onPaused?: (reason: string) => void;
  /** It is reachable again; waiting commits went through. */
  onResumed?: () => void;
  retry?: Partial<RetryPolicy>;
  /** SQLite: how long to wait for another process's lock (default 5000). */
  busyTimeoutMs?: number;
  /** PostgreSQL: most pooled connections (default 10). */
  poolSize?: number;
  /** PostgreSQL: how long one connection attempt may take (default 5000). */
  connectTimeoutMs?: number;
}

/** Commit tokens are only needed while a commit is retried; a day-old one is garbage. */
const COMMIT_LOG_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const log = options.log.child({ component: 'storage' });
  const backend = await openBackend(options, log);
  try {
    if (options.migrate ?? true) {
      await migrate(backend, log);
    } else {
      assertNotTooNew(backend, await migrationStatus(backend));
    }
    await pruneCommitLog(backend);
  } catch (err) {
    await backend.close().catch(() => undefined);
    throw err;
  }
  log.info({ backend: backend.kind, database: backend.location }, 'storage open');
  return new DatabaseStorage(
    backend,
    log,
    { onPaused: options.onPaused, onResumed: options.onResumed },
    { ...DEFAULT_RETRY, ...options.retry },
  );
}

function openBackend(options: OpenStorageOptions, log: Logger): Promise<Backend> {
  const url = options.databaseUrl.trim();
  if (url === '') {
    const file =
      options.databaseFile === MEMORY_FILE || isAbsolute(options.databaseFile)
        ? options.databaseFile
        : resolve(options.gameDir, options.databaseFile);
    return openSqlite({ file, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 });
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    return openPostgres({
      url,
      poolSize: options.poolSize ?? 10,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      log,
    });
  }
  return Promise.reject(
    new WaystoneError(
      'STORAGE_BAD_URL',
      `databaseUrl must be empty (the embedded SQLite file ${options.databaseFile}) or a ` +
        `postgres:// URL; got "${url.replace(/\/\/[^@/]*@/, '//…@')}".`,
    ),
  );
}

async function pruneCommitLog(backend: Backend): Promise<void> {
  const status = await migrationStatus(backend);
  if (status.current < 1) return;
  const cutoff = new Date(Date.now() - COMMIT_LOG_MAX_AGE_MS).toISOString();
  await backend.db.deleteFrom('waystone_commit_log').where('committed_at', '<', cutoff).execute();
}
