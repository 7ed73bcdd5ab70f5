/**
 * Telnet over TLS, black-box: a TLS client (accepting the self-signed development certificate
 * the game made at first start) sees the connection screen, creates an account and logs in;
 * the session is `telnet/ssl`; plain telnet on the TLS port never becomes a session.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, waitUntil } from '../support/game-process.ts';
import { stripTelnet, TelnetClient } from '../support/telnet-client.ts';

const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };

class TlsPlayer {
  text = '';
  constructor(readonly socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => (this.text += stripTelnet(chunk).toString('utf8')));
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<TlsPlayer> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () =>
        resolve(new TlsPlayer(socket)),
      );
      socket.once('error', reject);
    });
  }

  async say(line: string, expected: string | RegExp): Promise<string> {
    const mark = this.text.length;
    this.socket.write(`${line}\r\n`);
    return this.waitFor(expected, mark);
  }

  waitFor(expected: string | RegExp, from = 0): Promise<string> {
    return waitUntil(
      `${String(expected)} over TLS; got:\n${this.text}`,
      () => {
        const slice = this.text.slice(from);
        return (typeof expected === 'string' ? slice.includes(expected) : expected.test(slice))
          ? slice
          : null;
      },
      15_000,
    );
  }
}

describe('telnet over TLS', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: {
        ...FAST_HASH,
        WAYSTONE_TELNET_TLS_ENABLED: 'true',
        WAYSTONE_TELNET_TLS_PORT: '0',
        WAYSTONE_TELNET_TLS_INTERFACE: '127.0.0.1',
      },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('made a self-signed certificate at first start, key readable by the owner only', () => {
    const key = join(game.dir, 'certs', 'telnet-tls.key');
    expect(existsSync(join(game.dir, 'certs', 'telnet-tls.crt'))).toBe(true);
    expect(statSync(key).mode & 0o077).toBe(0);
  });

  it('shows the connection screen; create and connect work', async () => {
    const port = game.state.ports['telnetTls']!;
    const c = await TlsPlayer.open(port);
    expect(c.socket.getPeerCertificate().subject?.CN).toBe('localhost');
    await c.waitFor('Welcome to Testgame');
    await c.say('create Corvin "slate harbor morning"', '[Y/n]');
    await c.say('y', 'was created');
    await c.say('connect Corvin "slate harbor morning"', 'You are logged in');
    await c.say('who', /Corvin/);
    await c.say('quit', 'Good bye!');
    await waitUntil(
      'the TLS session to close',
      async () => (await game.status()).sessions.total === 0,
    );
    const log = game.portalLogEntries();
    const connected = log.filter((e) => e['activity'] === 'connected');
    expect(connected.some((e) => e['protocol'] === 'telnet/ssl')).toBe(true);
  });

  it('plain telnet on the TLS port never becomes a session', async () => {
    const plain = await TelnetClient.open(game.state.ports['telnetTls']!);
    plain.send('look');
    await plain.closed;
    expect((await game.status()).sessions.total).toBe(0);
  });
});
