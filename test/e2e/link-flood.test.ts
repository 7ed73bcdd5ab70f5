/**
 * A flood of input from connections that never log in must not swamp the link (issue 12 §2).
 *
 * A logged-in player talks while FLOODERS raw telnet sockets, spread over several 127.0.0.x
 * source addresses, write 6 KB lines as fast as TCP lets them. The player must get every answer,
 * the Server must be the same process afterwards, and neither log may show LINK_OVERFLOW. The
 * answer latency and the two processes' peak memory are printed, so the figures can be reported;
 * the only timed assertion is a generous bound per answer.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssBytes } from '../../src/loadtest/process-memory.ts';
import { GameProcess } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const FLOODERS = 200;
/** Source addresses the flooders are spread over (127.0.0.2 …), ten sockets each. */
const ADDRESSES = 20;
const FLOOD_MS = 10_000;
const PROBE_EVERY_MS = 200;
const ANSWER_BOUND_MS = 5000;
/** Ten 6 KB lines per write: the per-session line cap of the attack run. */
const BURST = Buffer.from(`${'x'.repeat(6000)}\r\n`.repeat(10));
/** Writes one flooder may make at most (a bound on the loop, far above what 10 s allow). */
const MAX_WRITES = 20_000;

const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };

interface Flooder {
  socket: Socket;
  writes: number;
  closed: boolean;
}

function openFlooder(port: number, index: number): Promise<Flooder> {
  const localAddress = `127.0.0.${2 + (index % ADDRESSES)}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    const flooder: Flooder = { socket, writes: 0, closed: false };
    socket.once('connect', () => resolve(flooder));
    socket.once('error', reject);
    socket.on('close', () => (flooder.closed = true));
    // It reads (and throws away) what the game says, so only its input is under test.
    socket.on('data', () => undefined);
  });
}

/** Writes bursts whenever the socket takes them, until `deadline` or MAX_WRITES. */
function blast(flooder: Flooder, deadline: number): void {
  const pump = (): void => {
    while (!flooder.closed && Date.now() < deadline && flooder.writes < MAX_WRITES) {
      flooder.writes += 1;
      if (!flooder.socket.write(BURST)) {
        flooder.socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const mb = (bytes: number | null): string =>
  bytes === null ? '?' : `${(bytes / 1024 / 1024).toFixed(0)} MB`;

describe('a flood of input from connections that never log in', () => {
  let game: GameProcess;
  const flooders: Flooder[] = [];

  beforeAll(async () => {
    game = await GameProcess.start({ env: FAST_HASH });
  });

  afterAll(async () => {
    for (const f of flooders) f.socket.destroy();
    await game?.stop();
  });

  it('leaves a logged-in player answered, the Server up and the link unbroken', async () => {
    const player = await TelnetClient.open(game.telnetPort);
    await player.waitFor('Welcome to Testgame');
    await player.exchange('create Wren "quiet harbor lights"', '[Y/n]');
    await player.exchange('yes', 'was created');
    await player.exchange('connect Wren "quiet harbor lights"', 'You are logged in');
    const before = await game.status();
    const serverPid = before.server.pid!;
    const idlePortal = rssBytes(game.portal.pid!);
    const idleServer = rssBytes(serverPid);

    for (let i = 0; i < FLOODERS; i++) flooders.push(await openFlooder(game.telnetPort, i));
    const floodStart = Date.now();
    const deadline = floodStart + FLOOD_MS;
    for (const f of flooders) blast(f, deadline);

    let peakPortal = 0;
    let peakServer = 0;
    const latencies: number[] = [];
    const late: string[] = [];
    // Probes run one after another, one every PROBE_EVERY_MS, while the flood lasts.
    for (let n = 1; Date.now() < deadline && n <= FLOOD_MS / PROBE_EVERY_MS; n++) {
      const tick = Date.now();
      const sent = Date.now();
      try {
        await player.exchange(`say probe ${n}`, `You say, "probe ${n}"`, ANSWER_BOUND_MS);
        latencies.push(Date.now() - sent);
      } catch {
        late.push(`probe ${n}`);
        latencies.push(Date.now() - sent);
      }
      peakPortal = Math.max(peakPortal, rssBytes(game.portal.pid!) ?? 0);
      peakServer = Math.max(peakServer, rssBytes(serverPid) ?? 0);
      const wait = tick + PROBE_EVERY_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }

    const cutOff = flooders.filter((f) => f.closed).length;
    for (const f of flooders) f.socket.destroy();
    // After the flood the player is still answered, by the same Server.
    await player.exchange('say after the flood', 'You say, "after the flood"', 15_000);
    const after = await game.status();
    const logs = game.portalLog() + game.serverLog();

    const sorted = [...latencies].sort((a, b) => a - b);
    const written = flooders.reduce((sum, f) => sum + f.writes, 0) * BURST.length;
    console.log(
      `link flood: ${FLOODERS} flooders over ${ADDRESSES} addresses for ${FLOOD_MS / 1000} s, ` +
        `${mb(written)} handed to their sockets, ${cutOff} cut off; ` +
        `${latencies.length} answers to the logged-in player, p50 ${percentile(sorted, 50)} ms, ` +
        `p90 ${percentile(sorted, 90)} ms, max ${sorted[sorted.length - 1]} ms, late ${late.length}; ` +
        `RSS Portal ${mb(idlePortal)} idle, ${mb(peakPortal)} peak; ` +
        `Server ${mb(idleServer)} idle, ${mb(peakServer)} peak; ` +
        `link congested: ${/congested/.test(logs) ? 'yes' : 'no'}, ` +
        `LINK_OVERFLOW: ${logs.includes('LINK_OVERFLOW') ? 'yes' : 'no'}, ` +
        `Server restarts: ${after.server.restarts - before.server.restarts}`,
    );

    expect(late).toEqual([]);
    expect(latencies.length).toBeGreaterThanOrEqual(10);
    expect(after.server.pid).toBe(serverPid);
    expect(after.server.restarts).toBe(before.server.restarts);
    expect(logs).not.toContain('LINK_OVERFLOW');
    expect(game.portalLog()).not.toContain('Server link closed');
    player.close();
  });
});
