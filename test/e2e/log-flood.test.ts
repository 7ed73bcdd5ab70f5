/**
 * Log amplification, black-box (issue 12 §4): a client's bytes must never become log volume.
 * Before, the 5 bytes `IAC SB ECHO IAC LF` (a subnegotiation cut short) wrote one info line
 * each: 10 MB of them wrote 397 MB of log. Now the first malformed sequence of a connection is
 * logged, the connection is closed once it keeps on (TELNET_MALFORMED, logged once), and every
 * line a client can cause goes through a rate-limited log.
 *
 * Each case sends its flood to a real game and measures how much the Portal's log grew.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { GameProcess, waitUntil } from '../support/game-process.ts';

/** IAC SB ECHO IAC LF: the malformed subnegotiation of the report. */
const MALFORMED = Buffer.from([0xff, 0xfa, 0x01, 0xff, 0x0a]);
const FLOOD_BYTES = 2 * 1024 * 1024;
/** How much the log may grow for one flood (it grew 38× the flood before). */
const LOG_BUDGET = 50 * 1024;

/** Writes `total` bytes of `unit` repeated, as fast as the socket takes them, until it closes. */
async function flood(socket: Socket, unit: Buffer, total: number): Promise<number> {
  const chunk = Buffer.concat(Array.from({ length: Math.ceil(65_536 / unit.length) }, () => unit));
  let sent = 0;
  let closed = false;
  let wake: (() => void) | null = null;
  const wakeUp = (): void => {
    wake?.();
    wake = null;
  };
  socket.once('close', () => {
    closed = true;
    wakeUp();
  });
  socket.on('drain', wakeUp);
  socket.on('error', () => undefined);
  socket.resume(); // read (and drop) what the game says, so it never waits on us
  while (sent < total && !closed) {
    const ok = socket.write(chunk);
    sent += chunk.length;
    if (!ok && !closed) await new Promise<void>((resolve) => (wake = resolve));
  }
  return sent;
}

function closedPromise(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

describe('log amplification', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: {
        WAYSTONE_TELNET_TLS_ENABLED: 'true',
        WAYSTONE_TELNET_TLS_PORT: '0',
        WAYSTONE_TELNET_TLS_INTERFACE: '127.0.0.1',
      },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  /** Runs `attack`, then waits for the log to settle; returns how many bytes it grew by. */
  async function logGrowth(attack: () => Promise<void>): Promise<number> {
    const before = game.portalLog().length;
    await attack();
    // Whatever the attack causes is written by now or never: give it a moment, then measure.
    let last = -1;
    await waitUntil('the log to settle', async () => {
      const now = game.portalLog().length;
      const settled = now === last;
      last = now;
      await new Promise((r) => setTimeout(r, 200));
      return settled;
    });
    return game.portalLog().length - before;
  }

  it('2 MB of malformed subnegotiations over telnet: closed as TELNET_MALFORMED, log bounded', async () => {
    let sent = 0;
    const grown = await logGrowth(async () => {
      const socket = netConnect(game.telnetPort, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      sent = await flood(socket, MALFORMED, FLOOD_BYTES);
      await closedPromise(socket);
    });
    expect(grown).toBeLessThan(LOG_BUDGET);
    const closes = game.portalLogEntries().filter((e) => e['code'] === 'TELNET_MALFORMED');
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ address: '127.0.0.1', last: 'TELNET_SB_UNTERMINATED' });
    // The game closed it long before the flood was over.
    expect(sent).toBeLessThanOrEqual(FLOOD_BYTES + 65_540);
    await waitUntil('no sessions', async () => (await game.status()).sessions.total === 0);
  });

  it('the same over telnet/TLS', async () => {
    const grown = await logGrowth(async () => {
      const socket = tlsConnect({
        port: game.state.ports['telnetTls']!,
        host: '127.0.0.1',
        rejectUnauthorized: false,
      });
      await new Promise((resolve) => socket.once('secureConnect', resolve));
      await flood(socket, MALFORMED, FLOOD_BYTES);
      await closedPromise(socket);
    });
    expect(grown).toBeLessThan(LOG_BUDGET);
    expect(game.portalLogEntries().filter((e) => e['code'] === 'TELNET_MALFORMED')).toHaveLength(2);
  });

  it('many connections misbehaving at once: still a bounded log', async () => {
    const grown = await logGrowth(async () => {
      const attacks: Array<Promise<void>> = [];
      for (let i = 0; i < 30; i += 1) {
        attacks.push(
          (async () => {
            const socket = netConnect(game.telnetPort, '127.0.0.1');
            await new Promise((resolve) => socket.once('connect', resolve));
            // Half send broken telnet, half send HTTP to the telnet port.
            if (i % 2 === 0) await flood(socket, MALFORMED, 256 * 1024);
            else socket.resume().write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
            await closedPromise(socket);
          })(),
        );
      }
      await Promise.all(attacks);
    });
    // 30 connections: a connect and a disconnect line each where a session began, and at most
    // a handful of lines per code per minute for the rest.
    expect(grown).toBeLessThan(LOG_BUDGET);
    const http = game.portalLogEntries().filter((e) => e['code'] === 'TELNET_HTTP_REQUEST');
    expect(http.length).toBeLessThanOrEqual(5);
  });

  it('a webclient sending messages that do not decode is closed as WEBSOCKET_MALFORMED', async () => {
    let closeCode = 0;
    const grown = await logGrowth(async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${game.webPort}/ws`);
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.on('error', () => undefined);
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      for (let i = 0; i < 10_000 && ws.readyState === ws.OPEN; i += 1) ws.send('not json');
      closeCode = await closed;
    });
    expect(closeCode).toBe(1000);
    expect(grown).toBeLessThan(LOG_BUDGET);
    expect(game.portalLogEntries().filter((e) => e['code'] === 'WEBSOCKET_MALFORMED')).toHaveLength(
      1,
    );
  });
});
