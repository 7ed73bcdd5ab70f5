/**
 * Per-session limits, black-box: a client that never reads is cut off at the output cap
 * without anyone else noticing, and a flood of input is capped at the input rate. The clients
 * log in first: before login much smaller budgets apply (link-flood.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, waitUntil } from '../support/game-process.ts';
import { logInOverTelnet } from '../support/log-in.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };

describe('a client that never reads', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: {
        ...FAST_HASH,
        WAYSTONE_MAX_OUTPUT_BUFFER_BYTES: '65536',
        WAYSTONE_MAX_INPUT_RATE: '1000000',
      },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('is disconnected at the output cap, and other players never notice', async () => {
    const bystander = await TelnetClient.open(game.telnetPort);
    await bystander.waitFor('Welcome');
    const sleeper = await TelnetClient.open(game.telnetPort);
    await sleeper.waitFor('Welcome');
    await logInOverTelnet(sleeper, 'Sleeper');
    sleeper.socket.pause(); // stop reading: the kernel buffers fill, then the Portal's
    // ~350 bytes of help each: far more than the loopback socket buffers hold.
    sleeper.writeRaw('help\r\n'.repeat(60_000));
    await waitUntil(
      'the Portal to cut the sleeper off',
      () => game.portalLog().includes('output buffer overflow'),
      30_000,
    );
    await waitUntil(
      'the session to be gone',
      async () => (await game.status()).sessions.total === 1,
    );
    bystander.send('info');
    await bystander.waitFor('## END INFO');
    sleeper.close();
  });
});

describe('input faster than the rate cap', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({ env: { ...FAST_HASH, WAYSTONE_MAX_INPUT_RATE: '20' } });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('runs at most the cap, tells the player, and the session keeps working', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    await client.waitFor('Welcome');
    await logInOverTelnet(client, 'Flint');
    // Logging in took a few inputs; a second refills the bucket to the full burst.
    await new Promise((r) => setTimeout(r, 1100));
    client.writeRaw('say tick\r\n'.repeat(100));
    await client.waitFor('You entered commands too fast.');
    await new Promise((r) => setTimeout(r, 500));
    const ran = client.count('You say, "tick"');
    expect(ran).toBeGreaterThanOrEqual(20);
    expect(ran).toBeLessThan(40);
    expect(client.count('You entered commands too fast.')).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    const mark = client.text.length;
    client.send('say tock');
    await client.waitFor('You say, "tock"', 5000, mark);
    client.close();
  });
});
