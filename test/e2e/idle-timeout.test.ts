/**
 * The idle timeout over real telnet: with idleTimeoutSeconds set, a logged-in player who sends
 * nothing is logged out and disconnected with a goodbye, while a connection still at the login
 * screen is left alone (the timeout is for logged-in sessions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };
const IDLE_SECONDS = 2;

describe('idle timeout', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: { ...FAST_HASH, WAYSTONE_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS) },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('disconnects a logged-in player idle too long, with a goodbye', async () => {
    const waiting = await TelnetClient.open(game.telnetPort);
    await waiting.waitFor('Welcome to Testgame');
    const c = await TelnetClient.open(game.telnetPort);
    await c.waitFor('Welcome to Testgame');
    await c.exchange('create Dozer "sleepy river stones"', '[Y/n]');
    await c.exchange('y', 'was created');
    await c.exchange('connect Dozer "sleepy river stones"', 'You are logged in.');
    const loggedInAt = Date.now();
    await c.waitFor('You have been idle too long; goodbye.', 15_000);
    await c.closed;
    // Not before its time, and soon after (a sweep every second for a 2 s timeout).
    const after = (Date.now() - loggedInAt) / 1000;
    expect(after).toBeGreaterThanOrEqual(IDLE_SECONDS - 0.2);
    expect(after).toBeLessThan(IDLE_SECONDS + 5);
    // The connection at the login screen, silent as long, is still open.
    expect(waiting.isClosed).toBe(false);
    await waiting.exchange('look', 'Welcome to Testgame');
    waiting.close();
  });
});
