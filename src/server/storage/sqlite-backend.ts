/**
 * The embedded backend: one better-sqlite3 connection to a file in the game directory.
 *
 * Durability: WAL with synchronous=FULL. In WAL mode NORMAL already survives `kill -9` (the
 * commit is in the OS page cache), but it can lose the last commits on a power cut or kernel
 * crash; FULL fsyncs the WAL at every commit so "committed" means "on disk", which is what the
 * persistence contract promises players. One connection is enough: better-sqlite3 is
 * synchronous and kysely serialises use of it, so transactions never interleave in-process;
 * BEGIN IMMEDIATE makes a writer from another process wait (busy_timeout) instead of failing.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { WaystoneError } from '../../shared/errors.ts';
import { ensurePrivateFile, makePrivateDir } from '../../shared/private-files.ts';
import { errorCode, errorMessage, type Backend, type DbErrorKind } from './backend.ts';
import type { Database } from './schema.ts';

export const MEMORY_FILE = ':memory:';

/** The part of better-sqlite3 used here (the package ships no types, and none are installed). */
interface RawDatabase extends SqliteDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
}
type RawDatabaseConstructor = new (file: string, options?: { timeout?: number }) => RawDatabase;

const require = createRequire(import.meta.url);

export interface SqliteOptions {
  /** Absolute path, or ':memory:' for a throwaway database (tests). */
  file: string;
  /** How long a statement waits for another process's lock before STORAGE_LOCKED. */
  busyTimeoutMs: number;
}

export async function openSqlite(options: SqliteOptions): Promise<Backend> {
  const { file, busyTimeoutMs } = options;
  const memory = file === MEMORY_FILE;
  const explain = (err: unknown) => explainSqlite(err, file, busyTimeoutMs);
  if (!memory) {
    try {
      makePrivateDir(dirname(file));
    } catch (err) {
      throw explainFs(err, file);
    }
    createOwnerOnly(file);
  }
  let raw: RawDatabase;
  try {
    const RawDatabase = require('better-sqlite3') as RawDatabaseConstructor;
    raw = new RawDatabase(file, { timeout: busyTimeoutMs });
  } catch (err) {
    throw explain(err) ?? err;
  }
  try {
    configure(raw, memory, busyTimeoutMs);
  } catch (err) {
    raw.close();
    throw explain(err) ?? err;
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(raw, STATEMENT_CACHE_SIZE) }),
  });
  return {
    kind: 'sqlite',
    location: file,
    db,
    beginSql: 'begin immediate',
    lockForMigration: async () => {
      // BEGIN IMMEDIATE already holds the only write lock the file has.
    },
    idColumn: (col) => col.primaryKey().autoIncrement(),
    classify: classifySqlite,
    explain,
    close: () => db.destroy(),
  };
}

/** Prepared statements kept for reuse (distinct SQL texts; the game uses a few dozen). */
const STATEMENT_CACHE_SIZE = 512;

/**
 * The database as kysely sees it, with its prepared statements kept by SQL text: kysely asks
 * for a new one for every query, and preparing was a sixth of the time a timer firing spent
 * (bench/timers.ts). A statement is only ever run to completion (`all`/`run`, never a stream),
 * so one can be used again at once. The least recently used goes past the bound.
 */
function withStatementCache(raw: SqliteDatabase, size: number): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const known = cache.get(sql);
      if (known !== undefined) {
        cache.delete(sql);
        cache.set(sql, known);
        return known;
      }
      const statement = raw.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/**
 * A new database file is made owner-only (0600) before SQLite opens it, and SQLite gives the
 * -wal and -shm files it creates beside it the database file's mode, so all three are private.
 * An existing file keeps its mode. A failure here is left to SQLite's own open just after,
 * which reports it with the file named (explainSqlite).
 */
function createOwnerOnly(file: string): void {
  try {
    ensurePrivateFile(file);
  } catch {
    // Reported by the open that follows.
  }
}

function configure(raw: RawDatabase, memory: boolean, busyTimeoutMs: number): void {
  raw.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  const mode = raw.pragma('journal_mode = WAL', { simple: true });
  if (!memory && mode !== 'wal') {
    throw new Error(`SQLite kept journal_mode=${String(mode)} instead of WAL`);
  }
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  // Reading the schema fails at once on a file that is not a database (SQLITE_NOTADB).
  raw.prepare('select count(*) from sqlite_master').all([]);
  if (!memory) {
    // SQLite opens an unwritable file read-only without a word; a write that is rolled back
    // finds out now, with the file named, rather than at the first command that saves.
    raw.exec('begin immediate');
    try {
      raw.exec('create table waystone_write_probe (x integer)');
    } finally {
      raw.exec('rollback');
    }
  }
}

export function classifySqlite(err: unknown): DbErrorKind {
  const code = errorCode(err) ?? '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return 'duplicate';
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return 'constraint';
  // Another process holding the lock, a permission or disk problem an operator can fix while
  // the game waits: pausing beats losing the write. Corruption is not retried.
  if (/^SQLITE_(BUSY|LOCKED|READONLY|CANTOPEN|FULL|IOERR)/.test(code)) return 'transient';
  return 'permanent';
}

export function explainSqlite(err: unknown, file: string, busyTimeoutMs = 0): WaystoneError | null {
  const code = errorCode(err) ?? '';
  const detail = `${errorMessage(err)}${code === '' ? '' : `, ${code}`}`;
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return new WaystoneError(
      'STORAGE_LOCKED',
      `The database file ${file} is locked by another program (waited ${busyTimeoutMs} ms; ` +
        `${detail}). Is another Waystone Server or a sqlite3 shell using it? Stop it and retry.`,
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new WaystoneError(
      'STORAGE_READ_ONLY',
      `The database file ${file} is read-only for this user (${detail}). The file and its ` +
        `folder ${dirname(file)} (which holds the -wal and -shm files) must both be writable: ` +
        'fix their permissions or owner, or set databaseFile to a writable place.',
      { cause: err },
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new WaystoneError(
      'STORAGE_CORRUPT',
      `The database file ${file} is not a SQLite database or is damaged (${detail}). Restore ` +
        'it from a backup, or move it aside to start an empty game (sqlite3 ".recover" may ' +
        'save what is left).',
      { cause: err },
    );
  }
  if (/^SQLITE_(CANTOPEN|FULL|IOERR)/.test(code)) {
    return new WaystoneError(
      'STORAGE_CANT_OPEN',
      `The database file ${file} cannot be opened or written (${detail}). Check that the path ` +
        'names a file (not a folder) and that the disk has room.',
      { cause: err },
    );
  }
  if (err instanceof Error && /journal_mode/.test(err.message)) {
    return new WaystoneError(
      'STORAGE_CANT_OPEN',
      `The database file ${file} cannot use write-ahead logging (${detail}); is it on a ` +
        'network file system? Keep it on a local disk.',
      { cause: err },
    );
  }
  return null;
}

function explainFs(err: unknown, file: string): WaystoneError {
  const code = errorCode(err);
  const readOnly = code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
  return new WaystoneError(
    readOnly ? 'STORAGE_READ_ONLY' : 'STORAGE_CANT_OPEN',
    `Cannot create the folder ${dirname(file)} for the database file ${file} ` +
      `(${errorMessage(err)}). Create it, make it writable, or set databaseFile elsewhere.`,
    { cause: err },
  );
}
