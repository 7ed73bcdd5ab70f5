/**
 * Reload, crash and Portal restart, black-box: the promise that players stay connected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, waitUntil } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';
import { isProcessAlive } from '../../src/shared/run-files.ts';
import { createServer } from 'node:net';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const games: GameProcess[] = [];
const clients: TelnetClient[] = [];

async function startGame(env: Record<string, string> = {}): Promise<GameProcess> {
  const game = await GameProcess.start({ env });
  games.push(game);
  return game;
}

async function connectMany(game: GameProcess, n: number): Promise<TelnetClient[]> {
  const opened = await Promise.all(
    Array.from({ length: n }, () => TelnetClient.open(game.telnetPort)),
  );
  clients.push(...opened);
  await Promise.all(opened.map((c) => c.waitFor('Welcome to Testgame')));
  return opened;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(games.splice(0).map((g) => g.stop()));
});

describe('reload', () => {
  it('keeps 50 sessions connected, and runs a line typed during the reload after it', async () => {
    const game = await startGame();
    const players = await connectMany(game, 50);
    const statusBefore = await game.status();
    expect(statusBefore.sessions.total).toBe(50);

    // Each player types a line as soon as it hears the reload begin: the old Server is on its
    // way out, so the Portal must hold the line and hand it to the new Server.
    const typedDuring = players.map(async (p) => {
      const mark = p.text.length;
      await p.waitFor('Server restart initiated', 20_000, mark);
      const afterNotice = p.text.length;
      p.send('info');
      return afterNotice;
    });
    const reload = game.launcher(['reload']);
    const marks = await Promise.all(typedDuring);
    const { code, out } = await reload;
    expect(out).toContain('Server reloaded.');
    expect(code).toBe(0);

    await Promise.all(players.map((p, i) => p.waitFor('## END INFO', 20_000, marks[i])));
    for (const p of players) {
      expect(p.isClosed).toBe(false);
      expect(p.text).toContain('... Server restarted.');
      // The held line ran once, on the new Server.
      expect(p.count('## END INFO')).toBe(1);
    }
    const after = await game.status();
    expect(after.sessions.total).toBe(50);
    expect(after.server.pid).not.toBe(statusBefore.server.pid);
    expect(after.portal.pid).toBe(statusBefore.portal.pid);
  });

  it('loads the next Server while the old one still serves, then hands over to it', async () => {
    const game = await startGame();
    const [p] = await connectMany(game, 1);
    const before = await game.status();
    expect((await game.launcher(['reload'])).code).toBe(0);
    const after = await game.status();
    const entries = game.portalLogEntries();
    const at = (msg: string, pid: number | null): number =>
      entries.findIndex((e) => e['msg'] === msg && (pid === null || e['serverPid'] === pid));
    // The next Server loaded the game (code and setup) before the old one was asked to go.
    expect(after.server.pid).not.toBe(before.server.pid);
    const loaded = at('Server loaded the game', after.server.pid);
    expect(loaded).toBeGreaterThan(-1);
    expect(loaded).toBeLessThan(at('Server exited as asked', null));
    await p!.exchange('info', '## END INFO');
  });

  it('keeps per-session state (screen-reader mode) across a reload', async () => {
    const game = await startGame();
    const [p] = await connectMany(game, 1);
    p!.send('screenreader');
    await p!.waitFor('Screen reader mode on.');
    expect((await game.launcher(['reload'])).code).toBe(0);
    const mark = p!.text.length;
    p!.send('screenreader');
    await p!.waitFor('Screen reader mode off.', 15_000, mark);
  });

  it('holds input only up to its bound while the Server is away, and says so once', async () => {
    const game = await startGame({ WAYSTONE_MAX_HELD_INPUT_LINES: '3' });
    const [p] = await connectMany(game, 1);
    const serverPid = (await game.status()).server.pid!;
    process.kill(serverPid, 'SIGKILL');
    await p!.waitFor('stopped unexpectedly');
    const mark = p!.text.length;
    for (let i = 0; i < 6; i++) p!.send('info');
    await p!.waitFor('was not kept', 10_000, mark);
    await p!.waitFor('... Server restarted.', 20_000, mark);
    await waitUntil('three held lines to run', () => p!.count('## END INFO') === 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(p!.count('## END INFO')).toBe(3);
    expect(p!.count('was not kept')).toBe(1);
  });
});

describe('a Server that crashes', () => {
  it('is restarted; sessions survive and work again', async () => {
    const game = await startGame();
    const players = await connectMany(game, 5);
    const before = await game.status();
    process.kill(before.server.pid!, 'SIGKILL');
    await Promise.all(players.map((p) => p.waitFor('stopped unexpectedly')));
    await Promise.all(players.map((p) => p.waitFor('... Server restarted.')));
    const after = await game.waitForServer('running');
    expect(after.server.pid).not.toBe(before.server.pid);
    expect(after.server.restarts).toBe(1);
    expect(after.sessions.total).toBe(5);
    for (const p of players) {
      const mark = p.text.length;
      p.send('info');
      await p.waitFor('## END INFO', 10_000, mark);
      expect(p.isClosed).toBe(false);
    }
    // The status the launcher prints says so too.
    const { out } = await game.launcher(['status']);
    expect(out).toContain('1 crash restart');
  });
});

describe('a restarted Portal', () => {
  it('never hands an old session to a new connection, and the old orphaned Server is gone', async () => {
    const dir = makeGameDir();
    // Both Portals use the same link port, as they would in production. The orphaned Server
    // exits as soon as its Portal dies (its IPC channel closes), so it never meets the new one;
    // were it still there, the new Portal would refuse it (LINK_FOREIGN_SERVER, link-auth e2e).
    const env = { WAYSTONE_LINK_PORT: String(await freePort()) };
    const first = await GameProcess.start({ dir, env });
    games.push(first);
    const [old] = await connectMany(first, 1);
    old!.send('screenreader');
    await old!.waitFor('Screen reader mode on.');
    const orphanPid = (await first.status()).server.pid!;
    first.portal.kill('SIGKILL');
    await old!.closed;

    const second = await GameProcess.start({ dir, env });
    games.push(second);
    expect(second.state.bootId).not.toBe(first.state.bootId);
    const [fresh] = await connectMany(second, 1);
    // A brand-new session: defaults, not the old session's screen-reader state.
    fresh!.send('screenreader');
    await fresh!.waitFor('Screen reader mode on.');
    const status = await second.status();
    expect(status.sessions.total).toBe(1);
    expect(status.server.pid).not.toBe(orphanPid);
    // The old Server exited on its own, before it could try the new Portal.
    await waitUntil('the orphaned Server to exit', () => !isProcessAlive(orphanPid), 15_000);
    expect(second.portalLog()).not.toContain('LINK_FOREIGN_SERVER');
  });
});
