/**
 * What a running game writes is for its own user only: the database (every password hash), the
 * logs, the TLS and SSH keys, the link secret and the run files. After `waystone start` with
 * every listener on, nothing the game made can be read by group or others.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPaths } from '../../src/shared/run-files.ts';
import { makeGameDir, runLauncher } from '../support/game-process.ts';

const started: string[] = [];
afterEach(async () => {
  for (const dir of started.splice(0)) await runLauncher(['stop', '--game-dir', dir]);
});

/** Group and other permission bits of a path, as octal text ('0' when owner-only). */
const openBits = (path: string) => (statSync(path).mode & 0o077).toString(8);

describe('file modes', () => {
  it('makes the database, logs, keys and run files owner-only', async () => {
    const dir = makeGameDir({
      telnetTlsEnabled: true,
      telnetTlsPort: 0,
      telnetTlsInterface: '127.0.0.1',
      sshEnabled: true,
      sshPort: 0,
      sshInterface: '127.0.0.1',
    });
    const start = await runLauncher(['start', '--game-dir', dir]);
    started.push(dir);
    expect(start.out).toMatch(/Server: RUNNING/);
    expect(start.code).toBe(0);

    const paths = runPaths(dir);
    const folders = [paths.runDir, paths.logDir, join(dir, 'certs'), join(dir, '.waystone')];
    for (const folder of folders) expect(openBits(folder), folder).toBe('0');
    const files = [
      join(dir, 'game.sqlite3'),
      join(dir, 'game.sqlite3-wal'),
      join(dir, 'game.sqlite3-shm'),
      paths.portalLog,
      paths.serverLog,
      ...folders.flatMap((folder) =>
        readdirSync(folder)
          // A certificate is public (every client is sent it); its folder is closed all the same.
          .filter((name) => !name.endsWith('.crt'))
          .map((name) => join(folder, name)),
      ),
    ];
    expect(files).toContain(join(dir, 'certs', 'telnet-tls.key'));
    expect(files).toContain(join(dir, 'certs', 'ssh-host-rsa.key'));
    expect(files).toContain(paths.portalState);
    for (const file of files) {
      expect(existsSync(file), file).toBe(true);
      expect(openBits(file), file).toBe('0');
    }
  });
});
