/**
 * A new game as its author gets it: `waystone init` into an empty directory, then the game's
 * own `npm test` (`waystone test`), which must pass as made, and fail when one of the game's
 * tests fails or when its code has a type error. Also what git sees of a game that has run,
 * and the warning about a port another program holds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLauncher } from '../support/game-process.ts';

const temp = mkdtempSync(join(tmpdir(), 'waystone-template-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `npm test` in the game, as its author types it; killed if it outlives `timeoutMs`. */
function npmTest(dir: string, timeoutMs = 150_000): Promise<{ code: number; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  delete env['WAYSTONE_GAME_DIR'];
  return new Promise((resolve) => {
    const child = spawn('npm', ['test'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => chunks.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out: Buffer.concat(chunks).toString() });
    });
  });
}

const hasGit = spawnSync('git', ['--version']).status === 0;

describe('a game made by waystone init', () => {
  const dir = join(temp, 'Tavern');

  it('is named after its directory and says how to test it', async () => {
    const init = await runLauncher(['init', dir]);
    expect(init.code).toBe(0);
    expect(init.out).toContain('npm test');
    expect(readFileSync(join(dir, 'settings.ts'), 'utf8')).toContain("serverName: 'Tavern',");
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts.test).toBe('waystone test');
  });

  it('passes its own npm test: the type check and the tests of its commands and world', async () => {
    const { code, out } = await npmTest(dir);
    expect(out).toContain('Type check passed.');
    expect(out).toMatch(/commands\/roll\.test\.ts/);
    expect(out).toMatch(/world\/world\.test\.ts/);
    expect(out).toContain('waystone test: type check passed, tests passed.');
    expect(code).toBe(0);
  }, 180_000);

  it('fails its npm test when one of its tests fails', async () => {
    const file = join(dir, 'commands', 'broken.test.ts');
    writeFileSync(
      file,
      "import { expect, it } from 'vitest';\n\nit('adds up', () => expect(1 + 1).toBe(3));\n",
    );
    try {
      const { code, out } = await npmTest(dir);
      expect(out).toContain('adds up');
      expect(out).toContain('waystone test: type check passed, tests FAILED.');
      expect(code).not.toBe(0);
    } finally {
      rmSync(file);
    }
  }, 180_000);

  it('fails its npm test when its code has a type error', async () => {
    const file = join(dir, 'commands', 'typo.ts');
    writeFileSync(file, "export const sides: number = 'six';\n");
    try {
      const { code, out } = await npmTest(dir);
      expect(out).toMatch(/commands\/typo\.ts\(1,14\): error TS2322/);
      expect(out).toContain('waystone test: type check FAILED, tests passed.');
      expect(code).not.toBe(0);
    } finally {
      rmSync(file);
    }
  }, 180_000);

  it.skipIf(!hasGit)('keeps its database, logs, run files, keys and secrets out of git', () => {
    const files = [
      'game.sqlite3',
      'game.sqlite3-wal',
      'logs/server.log',
      'run/portal.pid',
      'certs/ssh-host-rsa.key',
      'certs/telnet-tls.crt',
      '.env',
    ];
    for (const file of files) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), 'x');
    }
    const git = (...args: string[]) =>
      spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).stdout.trim();
    git('init', '-q');
    const seen = git('status', '--porcelain', '--untracked-files=all').split('\n');
    expect(seen).toContain('?? settings.ts');
    expect(seen).toContain('?? commands/roll.test.ts');
    expect(seen).toContain('?? tsconfig.json');
    expect(
      seen.filter((line) => /sqlite3|logs\/|run\/|certs\/|\.env|node_modules/.test(line)),
    ).toEqual([]);
  });
});

describe('waystone init and the ports a new game needs', () => {
  it('warns about a port another program holds, naming the setting to change', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as AddressInfo).port;
    try {
      const dir = join(temp, 'Crowded');
      const init = await runLauncher(['init', dir], { WAYSTONE_TELNET_PORT: String(busy) });
      expect(init.code).toBe(0);
      expect(init.out).toContain(
        `Warning: port ${busy} (telnetPort) on 127.0.0.1 is in use by another program.`,
      );
      expect(init.out).toContain('WAYSTONE_TELNET_PORT');
      expect(init.out).not.toMatch(/\(webPort\)|\(linkPort\)/);
    } finally {
      blocker.close();
    }
  });
});
