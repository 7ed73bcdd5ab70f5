/**
 * Test support: a throwaway PostgreSQL server for the storage tests (and any test that wants
 * to run on both backends). It initdb's a cluster into a temporary folder, starts it on
 * 127.0.0.1 at a port the OS picked, with trust authentication and fsync off, hands out a
 * fresh database per caller, and deletes everything when destroyed. PostgreSQL refuses to run
 * as root, so under root the server commands run as the `postgres` OS user via runuser.
 *
 * When the binaries are missing, `postgresAvailability()` says why, and the suites use it to
 * SKIP their PostgreSQL half visibly (never pass it silently). Every wait here is bounded.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOST = '127.0.0.1';
const OS_USER = 'postgres';
/** Bounds on every external step: initdb, start, stop, one SQL statement. */
const COMMAND_TIMEOUT_MS = 60_000;
const PG_CTL_WAIT_S = 30;

export interface PostgresAvailability {
  available: boolean;
  /** Where initdb and pg_ctl are, when available. */
  binDir: string;
  /** Why not, when not. */
  reason: string;
}

/**
 * Finds the PostgreSQL server binaries: $WAYSTONE_TEST_PG_BIN, else the newest
 * /usr/lib/postgresql/<major>/bin (Debian/Ubuntu), else /usr/local/pgsql/bin.
 */
export function postgresAvailability(): PostgresAvailability {
  const candidates: string[] = [];
  if (process.env.WAYSTONE_TEST_PG_BIN) candidates.push(process.env.WAYSTONE_TEST_PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((major) => join(debian, major, 'bin')));
  }
  candidates.push('/usr/local/pgsql/bin');
  const binDir = candidates.find((dir) =>
    ['initdb', 'pg_ctl', 'postgres'].every((bin) => existsSync(join(dir, bin))),
  );
  if (binDir === undefined) {
    return {
      available: false,
      binDir: '',
      reason: `no PostgreSQL server binaries (looked in ${candidates.join(', ')}; set WAYSTONE_TEST_PG_BIN)`,
    };
  }
  if (isRoot() && osUserIds() === undefined) {
    return {
      available: false,
      binDir,
      reason: `running as root and there is no "${OS_USER}" OS user to run PostgreSQL as`,
    };
  }
  return { available: true, binDir, reason: '' };
}

export interface TestPostgres {
  readonly host: string;
  readonly port: number;
  /** Creates an empty database and returns its postgres:// URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server ('fast' ends sessions cleanly; 'immediate' is like a crash). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port (after stop). */
  start(): Promise<void>;
  /** Stops it and deletes its files. */
  destroy(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const availability = postgresAvailability();
  if (!availability.available) throw new Error(`PostgreSQL unavailable: ${availability.reason}`);
  const bin = (name: string) => join(availability.binDir, name);
  const root = mkdtempSync(join(tmpdir(), 'waystone-pg-'));
  const ids = isRoot() ? osUserIds() : undefined;
  if (ids !== undefined) chownSync(root, ids.uid, ids.gid);
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  const port = await freePort();

  const pgCtl = (...args: string[]) => runAsDbUser(bin('pg_ctl'), ['-D', dataDir, ...args]);
  const start = async () => {
    try {
      await pgCtl(
        '-l',
        logFile,
        '-w',
        '-t',
        String(PG_CTL_WAIT_S),
        '-o',
        `-p ${port} -h ${HOST} -k ${root} -F -c max_connections=100`,
        'start',
      );
    } catch (err) {
      throw new Error(`PostgreSQL did not start: ${String(err)}\n${tail(logFile)}`, { cause: err });
    }
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pgCtl('-w', '-t', String(PG_CTL_WAIT_S), '-m', mode, 'stop');
  };

  try {
    await runAsDbUser(bin('initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await start();
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }

  // If the test process ends without destroy() (a crash, a closed pipe), the server would
  // outlive it; stop it synchronously on the way out.
  const onExit = () => {
    try {
      const [file, argv] = asDbUser(bin('pg_ctl'), ['-D', dataDir, '-m', 'immediate', 'stop']);
      execFileSync(file, argv, { timeout: 10_000, stdio: 'ignore', cwd: tmpdir() });
    } catch {
      // Already stopped.
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let counter = 0;
  return {
    host: HOST,
    port,
    async createDatabase(name = `waystone_test_${process.pid}_${++counter}`) {
      await adminQuery(port, `create database "${name.replace(/"/g, '""')}"`);
      return `postgres://postgres@${HOST}:${port}/${encodeURIComponent(name)}`;
    },
    stop,
    start,
    async destroy() {
      process.off('exit', onExit);
      await stop('immediate').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on right now (PostgreSQL takes it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface PgClient {
  connect(): Promise<void>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
}
type PgClientConstructor = new (config: Record<string, unknown>) => PgClient;

async function adminQuery(port: number, text: string): Promise<void> {
  const { Client } = createRequire(import.meta.url)('pg') as { Client: PgClientConstructor };
  const client = new Client({
    host: HOST,
    port,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 10_000,
    query_timeout: COMMAND_TIMEOUT_MS,
  });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function asDbUser(command: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', OS_USER, '--', command, ...args]] : [command, args];
}

function runAsDbUser(command: string, args: string[]): Promise<string> {
  const [file, argv] = asDbUser(command, args);
  return new Promise((resolve, reject) => {
    // cwd: the postgres user may not be allowed into the test's working directory.
    execFile(file, argv, { timeout: COMMAND_TIMEOUT_MS, cwd: tmpdir() }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function osUserIds(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${OS_USER}:`));
  const fields = line?.split(':');
  if (fields === undefined || fields.length < 4) return undefined;
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no server log)';
  }
}
