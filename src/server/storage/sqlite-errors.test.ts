/**
 * A database file that is read-only, in a read-only folder, corrupt, locked by another
 * program, or not a file at all: each gives its own coded error naming the file.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isWaystoneError, type ErrorCode } from '../../shared/errors.ts';
import { openStorage } from './open-storage.ts';
import { silentLog } from './test-support.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

function gameDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'waystone-sqlite-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

async function openCode(dir: string, file = 'game.sqlite3', busyTimeoutMs = 200) {
  try {
    const storage = await openStorage({
      gameDir: dir,
      databaseUrl: '',
      databaseFile: file,
      log: silentLog,
      busyTimeoutMs,
    });
    await storage.close();
    return { code: 'ok' as const, message: '' };
  } catch (err) {
    if (!isWaystoneError(err)) throw err;
    return { code: err.code, message: err.message };
  }
}

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PROBE = fileURLToPath(new URL('./test-open-probe.ts', import.meta.url));
const isRoot = process.getuid?.() === 0;

/**
 * Opens as a user the file permissions apply to: root ignores them, so under root the probe
 * runs as the `nobody` user.
 */
function openAsUnprivileged(dir: string): { ok: boolean; code: ErrorCode | null; message: string } {
  const node = [process.execPath, '--import', 'tsx', PROBE, dir, 'game.sqlite3'];
  const [file, args] = isRoot
    ? ['runuser', ['-u', 'nobody', '--', ...node]]
    : [node[0]!, node.slice(1)];
  const out = execFileSync(file, args, { cwd: REPO, timeout: 30_000, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as never;
}

function makeDatabase(dir: string): Promise<unknown> {
  return openStorage({
    gameDir: dir,
    databaseUrl: '',
    databaseFile: 'game.sqlite3',
    log: silentLog,
  }).then((s) => s.close());
}

describe('SQLite file problems', () => {
  it('creates the file (and its folder) on first open', async () => {
    const dir = gameDir();
    expect((await openCode(dir, 'data/nested/game.sqlite3')).code).toBe('ok');
  });

  it('reports a read-only database file', async () => {
    const dir = gameDir();
    await makeDatabase(dir);
    chmodSync(join(dir, 'game.sqlite3'), 0o444);
    const result = openAsUnprivileged(dir);
    expect(result.code).toBe('STORAGE_READ_ONLY');
    expect(result.message).toContain(join(dir, 'game.sqlite3'));
  });

  it('reports a database in a read-only folder', async () => {
    const dir = gameDir();
    await makeDatabase(dir);
    chmodSync(join(dir, 'game.sqlite3'), 0o666);
    chmodSync(dir, 0o555);
    const result = openAsUnprivileged(dir);
    expect(result.code).toBe('STORAGE_READ_ONLY');
    expect(result.message).toContain(dir);
  });

  it('reports a file that is not a database', async () => {
    const dir = gameDir();
    writeFileSync(join(dir, 'game.sqlite3'), 'these are my notes, not a database\n'.repeat(200));
    const result = await openCode(dir);
    expect(result.code).toBe('STORAGE_CORRUPT');
    expect(result.message).toContain(join(dir, 'game.sqlite3'));
    expect(result.message).toMatch(/backup/);
  });

  it('reports a database with a damaged header', async () => {
    const dir = gameDir();
    writeFileSync(
      join(dir, 'game.sqlite3'),
      Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84, 0xff)]),
    );
    expect((await openCode(dir)).code).toBe('STORAGE_CORRUPT');
  });

  it('reports a database another program holds locked', async () => {
    const dir = gameDir();
    await makeDatabase(dir);
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => {
      exec(sql: string): void;
      close(): void;
    };
    const other = new Database(join(dir, 'game.sqlite3'));
    other.exec('begin exclusive');
    try {
      const started = Date.now();
      const result = await openCode(dir, 'game.sqlite3', 300);
      expect(result.code).toBe('STORAGE_LOCKED');
      expect(result.message).toContain(join(dir, 'game.sqlite3'));
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      other.exec('rollback');
      other.close();
    }
    expect((await openCode(dir)).code).toBe('ok');
  });

  it('reports a path that is a folder', async () => {
    const dir = gameDir();
    mkdirSync(join(dir, 'game.sqlite3'));
    expect((await openCode(dir)).code).toBe('STORAGE_CANT_OPEN');
  });

  it('refuses a databaseUrl that is neither empty nor postgres://', async () => {
    await expect(
      openStorage({
        gameDir: gameDir(),
        databaseUrl: 'mysql://u:secret@h/db',
        databaseFile: 'x',
        log: silentLog,
      }),
    ).rejects.toMatchObject({
      code: 'STORAGE_BAD_URL',
      message: expect.not.stringContaining('secret'),
    });
  });

  it('opens an in-memory database for tests', async () => {
    const storage = await openStorage({
      gameDir: '',
      databaseUrl: '',
      databaseFile: ':memory:',
      log: silentLog,
    });
    expect(storage.location).toBe(':memory:');
    await storage.config.set('k', 1);
    expect(await storage.config.get('k')).toBe(1);
    await storage.close();
  });
});
