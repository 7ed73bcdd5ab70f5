/**
 * The WebSocket endpoint refuses pages on other sites (cross-site WebSocket hijacking): a raw
 * `ws` client sends the Origin a browser would, and a foreign one gets HTTP 403 before any
 * upgrade, while the game's own page, a listed origin and clients without an Origin get in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { GameProcess } from '../support/game-process.ts';

/** Opens a WebSocket with this Origin (none when undefined): 'open' or the HTTP status. */
function handshake(port: number, origin: string | undefined): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, origin === undefined ? {} : { origin });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

describe('WebSocket Origin check', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: { WAYSTONE_WEB_ALLOWED_ORIGINS: 'https://play.example.com' },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('refuses a foreign Origin with 403 before the upgrade', async () => {
    expect(await handshake(game.webPort, 'https://evil.example')).toBe(403);
    expect(await handshake(game.webPort, 'null')).toBe(403);
    expect(await handshake(game.webPort, `http://127.0.0.1:${game.webPort + 1}`)).toBe(403);
  });

  it("lets in the game's own page, a listed origin, and clients without an Origin", async () => {
    expect(await handshake(game.webPort, `http://127.0.0.1:${game.webPort}`)).toBe('open');
    expect(await handshake(game.webPort, 'https://play.example.com')).toBe('open');
    expect(await handshake(game.webPort, undefined)).toBe('open');
  });
});
