/**
 * Test-only: runs a suite on every storage backend, as the design asks (STYLE.md §10). Each
 * call of `fresh()` gives the settings of a new, empty database (a file in a temporary game
 * directory, or a new database on the throwaway PostgreSQL of test/support/postgres.ts), and
 * everything opened is closed after each test. Nothing in the storage layer imports this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  postgresAvailability,
  startTestPostgres,
  type TestPostgres,
} from '../../../test/support/postgres.ts';
import type { Backend } from './backend.ts';
import { openStorage, type OpenStorageOptions } from './open-storage.ts';
import { openPostgres } from './postgres-backend.ts';
import { openSqlite } from './sqlite-backend.ts';
import type { Storage, StorageBackendKind } from './types.ts';

export const silentLog = pino({ level: 'silent' });

export interface BackendCase {
  name: StorageBackendKind;
  /** Why this backend's tests are skipped, or '' when they run. */
  skipReason: string;
}

/** SQLite always; PostgreSQL when its server binaries are installed. */
export function backendCases(): BackendCase[] {
  const pg = postgresAvailability();
  return [
    { name: 'sqlite', skipReason: '' },
    { name: 'postgres', skipReason: pg.available ? '' : pg.reason },
  ];
}

/** Where one test database lives: what openStorage needs besides the log. */
export type DatabaseTarget = Pick<OpenStorageOptions, 'gameDir' | 'databaseUrl' | 'databaseFile'>;

export interface BackendFixture {
  /** A new empty database. */
  fresh(): Promise<DatabaseTarget>;
  /** Opens (and later closes) a Storage on `target` (a fresh one by default). */
  open(target?: DatabaseTarget, options?: Partial<OpenStorageOptions>): Promise<Storage>;
  /** The raw backend on `target`, without migrations, for tests that poke at SQL. */
  raw(target: DatabaseTarget): Promise<Backend>;
  /** The PostgreSQL server, for outage tests (undefined on SQLite). */
  postgres(): TestPostgres | undefined;
}

/** Call inside a describe: installs the hooks that start and clean up the backend. */
export function useBackend(kind: StorageBackendKind): BackendFixture {
  let server: TestPostgres | undefined;
  const dirs: string[] = [];
  const open: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    if (kind === 'postgres') server = await startTestPostgres();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await server?.destroy();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const fresh = async (): Promise<DatabaseTarget> => {
    const gameDir = mkdtempSync(join(tmpdir(), 'waystone-storage-'));
    dirs.push(gameDir);
    if (kind === 'sqlite') return { gameDir, databaseUrl: '', databaseFile: 'game.sqlite3' };
    if (server === undefined) throw new Error('the test PostgreSQL is not running');
    return { gameDir, databaseUrl: await server.createDatabase(), databaseFile: 'unused' };
  };

  return {
    fresh,
    async open(target, options = {}) {
      const storage = await openStorage({
        ...(target ?? (await fresh())),
        log: silentLog,
        ...options,
      });
      open.push(storage);
      return storage;
    },
    async raw(target) {
      const backend =
        target.databaseUrl === ''
          ? await openSqlite({
              file: join(target.gameDir, target.databaseFile),
              busyTimeoutMs: 1000,
            })
          : await openPostgres({
              url: target.databaseUrl,
              poolSize: 2,
              connectTimeoutMs: 2000,
              log: silentLog,
            });
      open.push(backend);
      return backend;
    },
    postgres: () => server,
  };
}
