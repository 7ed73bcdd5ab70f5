/**
 * The PostgreSQL backend: a `pg` Pool behind kysely, for games that outgrow one file or run on
 * several hosts. Opening checks that the server answers, so a wrong URL or a stopped server is
 * reported at start with the host and port (the caller decides whether to retry).
 *
 * pg emits 'error' on a pooled client whose connection drops while nobody is querying it; with
 * no listener that event would crash the Server. Every client gets a listener, and the lost
 * connection surfaces instead as a failed query, which the unit of work retries.
 */
import { createRequire } from 'node:module';
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import { errorCode, errorMessage, type Backend, type DbErrorKind } from './backend.ts';
import type { Database } from './schema.ts';

/** The part of pg's Pool used here (pg ships no types, and none are installed). */
interface RawPool extends PostgresPool {
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'connect', listener: (client: RawClient) => void): this;
  query(text: string): Promise<unknown>;
}
interface RawClient {
  on(event: 'error', listener: (err: Error) => void): void;
}
type RawPoolConstructor = new (config: Record<string, unknown>) => RawPool;

const require = createRequire(import.meta.url);

/** An arbitrary constant: the advisory lock key every Waystone migration takes. */
const MIGRATION_LOCK_KEY = 7_734_001;

export interface PostgresOptions {
  url: string;
  /** Most connections the pool opens. */
  poolSize: number;
  /** How long opening one connection may take before it counts as unreachable. */
  connectTimeoutMs: number;
  log: Logger;
}

export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Host, port, database and user of a postgres:// URL, with libpq's defaults. */
export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new WaystoneError('STORAGE_BAD_URL', `databaseUrl is not a valid URL: ${url}`, {
      cause: err,
    });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new WaystoneError(
      'STORAGE_BAD_URL',
      `databaseUrl must be empty (the embedded SQLite file) or start with postgres://; got ` +
        `${parsed.protocol}//…`,
    );
  }
  const user = decodeURIComponent(parsed.username) || 'postgres';
  return {
    host: decodeURIComponent(parsed.hostname) || 'localhost',
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user,
    user,
  };
}

export async function openPostgres(options: PostgresOptions): Promise<Backend> {
  const target = parsePostgresUrl(options.url);
  const location = `postgres://${target.user}@${target.host}:${target.port}/${target.database}`;
  const explain = (err: unknown) => explainPostgres(err, target);
  const { Pool } = require('pg') as { Pool: RawPoolConstructor };
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    keepAlive: true,
    application_name: 'waystone',
  });
  const log = options.log;
  pool.on('error', (err) =>
    log.warn({ err: errorMessage(err) }, 'idle PostgreSQL connection lost'),
  );
  pool.on('connect', (client) =>
    client.on('error', (err) =>
      log.warn({ err: errorMessage(err) }, 'PostgreSQL connection lost while in use'),
    ),
  );
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw explain(err) ?? unreachable(target, err);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    location,
    db,
    beginSql: 'begin',
    lockForMigration: async (tx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    },
    idColumn: (col) => col.primaryKey().generatedByDefaultAsIdentity(),
    classify: classifyPostgres,
    explain,
    close: () => db.destroy(),
  };
}

const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg reports a dropped or timed-out connection as a plain Error with one of these messages. */
const LOST_CONNECTION =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|connection ended/i;

export function classifyPostgres(err: unknown): DbErrorKind {
  const code = errorCode(err) ?? '';
  if (code === '23505') return 'duplicate';
  if (code.startsWith('23')) return 'constraint';
  if (
    code.startsWith('08') || // connection exception
    code === '57P01' || // admin_shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now (starting up, recovering)
    code === '53300' || // too_many_connections
    code === '53100' || // disk_full
    code === '40001' || // serialization_failure
    code === '40P01' || // deadlock_detected
    TRANSIENT_NODE_CODES.has(code)
  ) {
    return 'transient';
  }
  if (code === '' && LOST_CONNECTION.test(errorMessage(err))) return 'transient';
  return 'permanent';
}

export function explainPostgres(err: unknown, target: PostgresTarget): WaystoneError | null {
  const code = errorCode(err) ?? '';
  const where = `${target.host}:${target.port}`;
  if (code === '28P01' || code === '28000') {
    return new WaystoneError(
      'STORAGE_REFUSED',
      `PostgreSQL at ${where} refused user "${target.user}" (${errorMessage(err)}). Check the ` +
        'user and password in databaseUrl and pg_hba.conf.',
      { cause: err },
    );
  }
  if (code === '3D000') {
    return new WaystoneError(
      'STORAGE_REFUSED',
      `PostgreSQL at ${where} has no database "${target.database}". Create it ` +
        `(createdb -h ${target.host} -p ${target.port} ${target.database}) or fix databaseUrl.`,
      { cause: err },
    );
  }
  if (classifyPostgres(err) === 'transient') return unreachable(target, err);
  return null;
}

function unreachable(target: PostgresTarget, err: unknown): WaystoneError {
  const code = errorCode(err);
  return new WaystoneError(
    'STORAGE_UNREACHABLE',
    `PostgreSQL at ${target.host}:${target.port} (database "${target.database}") is not ` +
      `answering (${code ?? errorMessage(err)}). Is the server running and is databaseUrl right?`,
    { cause: err },
  );
}
