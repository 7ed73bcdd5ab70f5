/**
 * A stranger on the link port, black-box. Before, any local process could connect as the
 * launcher (stop, reload, status) and take the Server role with a pid the status reply gave
 * away; a fake Server then read players' passwords. Now every peer proves the game's secret
 * (made owner-only at first start) by challenge and response, and the Server role goes only to
 * the process the Portal started (its one-time token): a stranger gets nothing, and the game
 * and its players carry on.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../src/cli/admin-client.ts';
import { FrameDecoder, encodeFrame } from '../../src/link/frame.ts';
import { connectLink } from '../../src/link/handshake.ts';
import { LINK_MAGIC, LINK_PROTOCOL_VERSION } from '../../src/link/version.ts';
import { LINK_SECRET_FILE, readLinkSecret } from '../../src/shared/link-secret.ts';
import { GameProcess } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';
import { connect, type Socket } from 'node:net';

function rawLink(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function everythingUntilClose(socket: Socket): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

describe('the link port against a stranger', () => {
  let game: GameProcess;
  let player: TelnetClient;

  beforeAll(async () => {
    game = await GameProcess.start();
    player = await TelnetClient.open(game.telnetPort);
    await player.waitFor('Welcome');
  });

  afterAll(async () => {
    player?.close();
    await game?.stop();
  });

  it('keeps the secret in an owner-only file', () => {
    const file = join(game.dir, LINK_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(game.dir, '.waystone')).mode & 0o777).toBe(0o700);
    expect(readLinkSecret(game.dir)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a launcher that cannot prove the secret: no status, no stop', async () => {
    const socket = await rawLink(game.linkPort);
    const answers = everythingUntilClose(socket);
    socket.write(
      encodeFrame([
        {
          t: 'hello',
          magic: LINK_MAGIC,
          version: LINK_PROTOCOL_VERSION,
          role: 'launcher',
          pid: process.pid,
          nonce: 'A'.repeat(43),
        },
      ]),
    );
    // Whatever the stranger sends after the challenge — a guessed proof, then a stop — is
    // refused before any of it is read as a request.
    await new Promise((r) => setTimeout(r, 200));
    socket.write(encodeFrame([{ t: 'answer', proof: 'B'.repeat(43) }]));
    socket.write(encodeFrame([{ t: 'adminStopAll' }]));
    const frames = new FrameDecoder().push(await answers);
    expect(frames.map((f) => (f[0] as { t: string }).t)).toEqual(['challenge', 'refused']);
    expect(frames[1]![0]).toMatchObject({ code: 'LINK_BAD_SECRET' });

    await expect(
      AdminClient.connect({ host: '127.0.0.1', port: game.linkPort, secret: 'a guess' }),
    ).rejects.toMatchObject({ code: 'LINK_BAD_SECRET' });
    expect(game.portalAlive).toBe(true);
    expect((await game.status()).server.state).toBe('running');
  });

  it("refuses the Server role to a process that holds the secret but is not the Portal's child", async () => {
    const status = await game.status();
    // Even with the secret (read as the game's owner could) and the real Server's pid, which
    // status gives away, the one-time token is missing.
    const error = await connectLink({
      host: '127.0.0.1',
      port: game.linkPort,
      role: 'server',
      pid: status.server.pid!,
      secret: readLinkSecret(game.dir)!,
    }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'LINK_FOREIGN_SERVER' });

    // The real Server is still the one linked: the player's commands reach the game.
    const after = await game.status();
    expect(after.server.pid).toBe(status.server.pid);
    await player.exchange('help', /connect/i);
    expect(player.isClosed).toBe(false);
  });

  it('lets the launcher in, with the secret from the game directory', async () => {
    const { code, out } = await game.launcher(['status']);
    expect(code).toBe(0);
    expect(out).toContain('Server: RUNNING');
  });
});
