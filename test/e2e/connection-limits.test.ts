/**
 * Connection admission, black-box (issue 12 §5), over raw sockets from several loopback source
 * addresses (Linux routes all of 127/8 to lo, so `localAddress: '127.0.0.2'` is another
 * client address; 127.0.0.1 and ::1 are exempt from the per-address limits by default):
 *
 * - the per-address cap refuses the N+1th connection from one address, across protocols,
 *   with a line saying why, while another address still connects;
 * - the per-address new-connection rate;
 * - the global cap (which applies to exempt addresses too), logged as CONNECTIONS_FULL;
 * - webclient sessions waiting for their browser are bounded;
 * - a connection that does not log in is closed after unloggedInTimeoutSeconds; one that has
 *   logged in is not;
 * - under a low open-file limit, 'auto' keeps the Portal below it: players past the cap are
 *   told so, and `waystone status` still answers (before, it blamed "another program").
 *
 * Every wait is bounded (waitUntil, or a timeout on the socket).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { nodeArgsFor, PORTAL_ENTRY } from '../../src/shared/entrypoints.ts';
import { readPortalState, runPaths } from '../../src/shared/run-files.ts';
import {
  GameProcess,
  makeGameDir,
  runLauncher,
  testEnv,
  waitUntil,
} from '../support/game-process.ts';
import { stripTelnet } from '../support/telnet-client.ts';

const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };

/** A telnet connection from a chosen source address, keeping what it reads as text. */
class Raw {
  text = '';
  isClosed = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.text += stripTelnet(chunk).toString('utf8')));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        resolve();
      }),
    );
  }

  static open(port: number, from: string): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress: from });
      socket.once('connect', () => resolve(new Raw(socket)));
      socket.once('error', reject);
    });
  }

  waitFor(pattern: string, timeoutMs = 15_000): Promise<string> {
    return waitUntil(
      `"${pattern}"; got:\n${this.text}`,
      () => (this.text.includes(pattern) ? this.text : null),
      timeoutMs,
    );
  }

  /** Resolves once the game has closed the connection. */
  async waitClosed(timeoutMs = 15_000): Promise<void> {
    await waitUntil(
      `the game to close the connection; got:\n${this.text}`,
      () => this.isClosed,
      timeoutMs,
    );
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A WebSocket to /ws from a chosen source address; resolves once open, or with the refusal. */
function openWs(
  port: number,
  from: string,
  csessid?: string,
): Promise<{ ws: WebSocket } | { status: number }> {
  const query = csessid === undefined ? '' : `?csessid=${csessid}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { localAddress: from });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', reject); // once settled, later errors change nothing
  });
}

describe('connection limits', () => {
  let game: GameProcess;
  const opened: Raw[] = [];
  const open = async (from: string): Promise<Raw> => {
    const raw = await Raw.open(game.telnetPort, from);
    opened.push(raw);
    return raw;
  };
  /** Closes every connection made so far and waits until the Portal has let them all go. */
  const closeAll = async (): Promise<void> => {
    for (const raw of opened.splice(0)) raw.close();
    await waitUntil(
      'every session to close',
      async () => (await game.status()).sessions.total === 0,
    );
  };

  beforeAll(async () => {
    game = await GameProcess.start({
      env: {
        WAYSTONE_MAX_CONNECTIONS_PER_ADDRESS: '3',
        // A burst of 8, then one every 7.5 s: nothing refills during a test.
        WAYSTONE_NEW_CONNECTIONS_PER_ADDRESS: '8',
        WAYSTONE_NEW_CONNECTIONS_WINDOW_SECONDS: '60',
        WAYSTONE_MAX_CONNECTIONS: '10',
        WAYSTONE_MAX_WAITING_WEB_SESSIONS: '2',
      },
    });
  });

  afterAll(async () => {
    for (const raw of opened) raw.close();
    await game?.stop();
  });

  it('refuses the connection past the per-address cap, on any port; other addresses connect', async () => {
    const three = [await open('127.0.0.2'), await open('127.0.0.2'), await open('127.0.0.2')];
    await Promise.all(three.map((c) => c.waitFor('Welcome to Testgame')));

    const fourth = await open('127.0.0.2');
    await fourth.waitFor('Too many connections from your address at once.');
    await fourth.waitClosed();
    expect(fourth.text).not.toContain('Welcome');

    // The web port counts too: the WebSocket upgrade is answered 429.
    expect(await openWs(game.webPort, '127.0.0.2')).toEqual({ status: 429 });

    const other = await open('127.0.0.3');
    await other.waitFor('Welcome to Testgame');

    // One closes: the address may connect again.
    three[0]!.close();
    const again = await waitUntil('a free slot for 127.0.0.2', async () => {
      const c = await open('127.0.0.2');
      await waitUntil('an answer', () => c.text.length > 0 || c.isClosed);
      return c.text.includes('Welcome') ? c : null;
    });
    expect(again.text).toContain('Welcome to Testgame');

    const refusals = game
      .portalLogEntries()
      .filter((e) => e['code'] === 'ADDRESS_CONNECTION_LIMIT');
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals[0]).toMatchObject({ address: '127.0.0.2' });
    await closeAll();
  });

  it('limits how fast one address opens new connections', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const c = await open('127.0.0.4');
      await waitUntil('an answer', () => c.text.length > 0 || c.isClosed);
      codes.push(c.text.includes('Too many new connections') ? 'rate' : 'ok');
      c.close();
      // Never more than the per-address cap at once: only the rate can refuse.
      await waitUntil(
        'the Portal to see it closed',
        async () => (await game.status()).sessions.total === 0,
      );
    }
    expect(codes).toEqual([...Array(8).fill('ok'), 'rate', 'rate']);
    const other = await open('127.0.0.5');
    await other.waitFor('Welcome to Testgame');
    expect(game.portalLogEntries().some((e) => e['code'] === 'ADDRESS_CONNECTION_RATE')).toBe(true);
    await closeAll();
  });

  it('refuses everyone past maxConnections, exempt addresses too, and says so in the log', async () => {
    const held: Raw[] = [];
    for (let i = 0; i < 10; i += 1) held.push(await open(`127.0.1.${i + 1}`));
    await Promise.all(held.map((c) => c.waitFor('Welcome')));
    const eleventh = await open('127.0.0.1');
    await eleventh.waitFor('The game cannot take more connections right now.');
    await eleventh.waitClosed();
    const full = game.portalLogEntries().find((e) => e['code'] === 'CONNECTIONS_FULL');
    expect(full?.['level']).toBe(40);
    expect(String(full?.['msg'])).toContain('maxConnections 10');

    held[0]!.close();
    await waitUntil('room again', async () => {
      const c = await open('127.0.0.1');
      await waitUntil('an answer', () => c.text.length > 0 || c.isClosed);
      return c.text.includes('Welcome');
    });
    await closeAll();
  });

  it('keeps at most maxWaitingWebSessions webclient sessions without a connection', async () => {
    for (let i = 0; i < 4; i += 1) {
      const opened = await openWs(game.webPort, '127.0.0.1', randomUUID());
      if (!('ws' in opened)) throw new Error(`refused: ${opened.status}`);
      opened.ws.terminate(); // gone without a close frame: the session waits for it
      await new Promise((resolve) => opened.ws.once('close', resolve));
    }
    const status = await waitUntil('two sessions left waiting', async () => {
      const s = await game.status();
      return s.sessions.total === 2 ? s : null;
    });
    expect(status.sessions.total).toBe(2);
    expect(game.portalLogEntries().filter((e) => e['code'] === 'WEB_SESSION_EVICTED')).toHaveLength(
      2,
    );
  });
});

describe('the unlogged-in timeout', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: { ...FAST_HASH, WAYSTONE_UNLOGGED_IN_TIMEOUT_SECONDS: '4' },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('closes a connection that does not log in, and not one that did', async () => {
    const idle = await Raw.open(game.telnetPort, '127.0.0.6');
    const player = await Raw.open(game.telnetPort, '127.0.0.7');
    await Promise.all([idle.waitFor('Welcome'), player.waitFor('Welcome')]);
    player.send('create Wren "copper lantern evening"');
    await player.waitFor('[Y/n]');
    player.send('y');
    await player.waitFor('was created');
    player.send('connect Wren "copper lantern evening"');
    await player.waitFor('You are logged in');

    await idle.waitFor('Timed out waiting for login.', 10_000);
    await idle.waitClosed();
    expect(game.portalLogEntries().some((e) => e['code'] === 'LOGIN_TIMEOUT')).toBe(true);

    // Well past the timeout, the logged-in player is still there and playing.
    await new Promise((r) => setTimeout(r, 1500));
    expect(player.isClosed).toBe(false);
    const mark = player.text.length;
    player.send('who');
    await waitUntil('who to answer', () => player.text.slice(mark).includes('Wren'));
    player.close();
  });

  it('closes an idle webclient too', async () => {
    const opened = await openWs(game.webPort, '127.0.0.8');
    if (!('ws' in opened)) throw new Error(`refused: ${opened.status}`);
    const frames: string[] = [];
    opened.ws.on('message', (data) => frames.push(String(data)));
    const code = await new Promise<number>((resolve) => opened.ws.once('close', resolve));
    expect(code).toBe(1000);
    expect(frames.some((f) => f.includes('Timed out waiting for login.'))).toBe(true);
  });
});

describe('a Portal under a low open-file limit', () => {
  it("'auto' keeps it below the limit: refusals say why, and status still answers", async () => {
    const dir = makeGameDir();
    const paths = runPaths(dir);
    const args = nodeArgsFor(PORTAL_ENTRY, ['--game-dir', dir, '--server-log', paths.serverLog]);
    // 300 descriptors, soft and hard (Node raises its soft limit to the hard one at start).
    const quoted = [process.execPath, ...args].map((a) => `'${a}'`).join(' ');
    const portal = spawn('/bin/sh', ['-c', `ulimit -n 300 && exec ${quoted}`], {
      cwd: dir,
      env: testEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    portal.stdout.on('data', (d: Buffer) => (log += d.toString()));
    portal.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const sockets: Socket[] = [];
    try {
      const state = await waitUntil('the Portal to start', () => readPortalState(paths), 30_000);
      await waitUntil('the game to be ready', () => log.includes('is ready'), 30_000);
      let welcomed = 0;
      let refused = 0;
      for (let i = 0; i < 250; i += 1) {
        const socket = connect(state.ports['telnet']!, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.on('data', (d: Buffer) => {
          const text = d.toString('latin1');
          if (text.includes('Welcome')) welcomed += 1;
          if (text.includes('The game cannot take more connections')) refused += 1;
        });
        sockets.push(socket);
      }
      await waitUntil('every connection to be answered', () => welcomed + refused === 250, 30_000);
      // 300 less the reserve of 128 for the Portal's own files.
      expect(welcomed).toBe(172);
      expect(log).toContain('maxConnections 172, open-file limit 300');
      const status = await runLauncher(['status', '--game-dir', dir]);
      expect(status.out).toContain('Sessions: 172 connected');
      expect(status.code).toBe(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await runLauncher(['stop', '--game-dir', dir]);
      await waitUntil('the Portal to exit', () => portal.exitCode !== null, 15_000).catch(() =>
        portal.kill('SIGKILL'),
      );
    }
  });
});
