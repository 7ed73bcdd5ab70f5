/**
 * Per-session limits, black-box: a client that never reads is cut off at the output cap
 * without anyone else noticing, and a flood of input is capped at the input rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, waitUntil } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

describe('a client that never reads', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: { WAYSTONE_MAX_OUTPUT_BUFFER_BYTES: '65536', WAYSTONE_MAX_INPUT_RATE: '1000000' },
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
    game = await GameProcess.start({ env: { WAYSTONE_MAX_INPUT_RATE: '20' } });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('runs at most the cap, tells the player, and the session keeps working', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    await client.waitFor('Welcome');
    client.writeRaw('info\r\n'.repeat(100));
    await client.waitFor('You entered commands too fast.');
    await new Promise((r) => setTimeout(r, 500));
    const ran = client.count('## END INFO');
    expect(ran).toBeGreaterThanOrEqual(20);
    expect(ran).toBeLessThan(40);
    expect(client.count('You entered commands too fast.')).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    const mark = client.text.length;
    client.send('info');
    await client.waitFor('## END INFO', 5000, mark);
    client.close();
  });
});
