/**
 * The `waystone` launcher as a user runs it: init, start (background and foreground), a second
 * start, status, stop, and the clear failures (port taken, bad setting, stop when stopped).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive, readPortalState, runPaths } from '../../src/shared/run-files.ts';
import {
  makeGameDir,
  runLauncher,
  testEnv,
  waitUntil,
  WAYSTONE_BIN,
} from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const started: string[] = [];
const blockers: Server[] = [];

afterEach(async () => {
  for (const dir of started.splice(0)) await runLauncher(['stop', '--game-dir', dir]);
  for (const b of blockers.splice(0)) b.close();
});

describe('waystone launcher', () => {
  it('init makes a game directory that starts, reports status, refuses a second start, and stops', async () => {
    const dir = join(tmpdir(), `waystone-init-${process.pid}-${Date.now()}`);
    const init = await runLauncher(['init', dir]);
    expect(init.code).toBe(0);
    expect(existsSync(join(dir, 'settings.ts'))).toBe(true);
    expect(existsSync(join(dir, 'connection-screen.txt'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type).toBe('module');
    expect((await runLauncher(['init', dir])).code).toBe(2);

    const before = await runLauncher(['status', '--game-dir', dir]);
    expect(before.code).toBe(3);
    expect(before.out).toContain('Portal: NOT RUNNING');

    const start = await runLauncher(['start', '--game-dir', dir]);
    started.push(dir);
    expect(start.out).toMatch(/Portal: RUNNING \(pid \d+\)/);
    expect(start.out).toMatch(/Server: RUNNING \(pid \d+\)/);
    expect(start.code).toBe(0);
    const paths = runPaths(dir);
    const portalPid = readPortalState(paths)!.pid;
    const serverPid = Number(readFileSync(paths.serverPid, 'utf8'));
    expect(existsSync(paths.portalLog)).toBe(true);

    const again = await runLauncher(['start', '--game-dir', dir]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('already running');

    const status = await runLauncher(['status', '--game-dir', dir]);
    expect(status.code).toBe(0);
    expect(status.out).toContain(`Portal: RUNNING (pid ${portalPid})`);
    expect(status.out).toContain(`Server: RUNNING (pid ${serverPid})`);

    const player = await TelnetClient.open(readPortalState(paths)!.ports['telnet']!);
    await player.waitFor('Welcome');

    const stop = await runLauncher(['stop', '--game-dir', dir]);
    expect(stop.code).toBe(0);
    expect(stop.out).toContain('Waystone stopped.');
    await player.closed;
    expect(player.text).toContain('shutting down');
    expect(isProcessAlive(portalPid)).toBe(false);
    await waitUntil('the Server to exit', () => !isProcessAlive(serverPid), 5000);
    expect(existsSync(paths.portalPid)).toBe(false);

    const stopAgain = await runLauncher(['stop', '--game-dir', dir]);
    expect(stopAgain.code).toBe(0);
    expect(stopAgain.out).toContain('not running');
    expect((await runLauncher(['status', '--game-dir', dir])).code).toBe(3);
    expect((await runLauncher(['reload', '--game-dir', dir])).code).toBe(3);
  });

  it('fails to start with a clear message when a port is taken', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    const dir = makeGameDir();
    const start = await runLauncher(['start', '--game-dir', dir], {
      WAYSTONE_TELNET_PORT: String(port),
    });
    started.push(dir);
    expect(start.code).toBe(1);
    expect(start.out).toContain(`Port ${port}`);
    expect(start.out).toContain('telnetPort');
    expect(start.out).toContain('already in use');
  });

  it('fails to start with the reason when the Server cannot run, and leaves nothing running', async () => {
    const dir = makeGameDir();
    // A connection screen that cannot be read makes the Server fail at start.
    rmSync(join(dir, 'connection-screen.txt'));
    mkdirSync(join(dir, 'connection-screen.txt'));
    const start = await runLauncher(['start', '--game-dir', dir]);
    started.push(dir);
    expect(start.code).toBe(1);
    expect(start.out).toContain('failed to start');
    expect(start.out).toContain('EISDIR');
    await waitUntil(
      'the Portal to stop',
      async () => (await runLauncher(['status', '--game-dir', dir])).code === 3,
    );
  });

  it('refuses an invalid setting from the environment, naming it', async () => {
    const dir = makeGameDir();
    const start = await runLauncher(['start', '--game-dir', dir], { WAYSTONE_TELNET_PORT: 'lots' });
    expect(start.code).toBe(2);
    expect(start.out).toContain('telnetPort');
    expect(start.out).toContain('WAYSTONE_TELNET_PORT');
  });

  it('says so when the directory is not a game', async () => {
    const res = await runLauncher(['status', '--game-dir', tmpdir()]);
    expect(res.code).toBe(2);
    expect(res.out).toContain('not a Waystone game directory');
  });

  it('runs in the foreground until Ctrl-C, then stops both processes cleanly with exit 0', async () => {
    const dir = makeGameDir();
    const child = spawn(
      process.execPath,
      [WAYSTONE_BIN, 'start', '--foreground', '--game-dir', dir],
      {
        env: testEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const paths = runPaths(dir);
    await waitUntil(
      'the Server to start',
      () => existsSync(paths.serverPid) && readPortalState(paths),
    );
    const status = await waitUntil('status RUNNING', async () => {
      const s = await runLauncher(['status', '--game-dir', dir]);
      return s.out.includes('Server: RUNNING') ? s : null;
    });
    expect(status.code).toBe(0);
    const serverPid = Number(readFileSync(paths.serverPid, 'utf8'));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await waitUntil('the Server to exit', () => !isProcessAlive(serverPid), 5000);
  });
});
