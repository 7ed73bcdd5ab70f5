/**
 * The SQLite database and the -wal and -shm files beside it are owner-only (0600): they hold
 * every account's password hash.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from './open-storage.ts';
import { silentLog } from './test-support.ts';
import { newAccountRow } from './test-values.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('SQLite file modes', () => {
  it('creates the database, its -wal and -shm 0600, and a new folder for it 0700', async () => {
    const gameDir = mkdtempSync(join(tmpdir(), 'waystone-sqlite-mode-'));
    dirs.push(gameDir);
    const storage = await openStorage({
      gameDir,
      databaseUrl: '',
      databaseFile: 'data/game.sqlite3',
      log: silentLog,
    });
    try {
      await storage.accounts.create(newAccountRow('Ann'));
      const file = join(gameDir, 'data', 'game.sqlite3');
      expect(modeOf(join(gameDir, 'data'))).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        expect(existsSync(path), path).toBe(true);
        expect(modeOf(path).toString(8), path).toBe('600');
      }
    } finally {
      await storage.close();
    }
  });
});
