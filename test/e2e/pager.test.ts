/**
 * The pager and the text tools, black-box over telnet: a client that reports its height (NAWS)
 * reads a long description a page at a time (next, back, quit, other input runs), one that
 * does not gets it whole, `option PAGER = off` turns paging off; a reload ends the paging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';
import { naws, negotiation, OPTION } from '../support/telnet-wire.ts';

async function connect(
  game: GameProcess,
  name: string,
  password: string,
  options: { create?: boolean; height?: number } = {},
): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  if (options.height !== undefined) {
    c.writeRaw(Buffer.concat([negotiation('WILL', OPTION.NAWS), naws(80, options.height)]));
  }
  await c.waitFor('Welcome');
  if (options.create !== false) {
    await c.exchange(`create ${name} "${password}"`, '[Y/n]');
    await c.exchange('y', 'was created');
  }
  await c.exchange(`connect ${name} "${password}"`, `You become ${name}.`);
  return c;
}

const TALE = Array.from({ length: 20 }, (_, i) => `Tale line ${i + 1}.`);

describe('paging long text over telnet', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' },
    });
    await game.createSuperuser('Root', 'seven silver keys');
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('pages for a client that told its height, and only for it', async () => {
    const root = await connect(game, 'Root', 'seven silver keys', { create: false });
    await root.exchange(`desc here = ${TALE.join('|/')}`, 'The description was set');
    // No NAWS: the whole text at once.
    const whole = await root.exchange('look', 'Tale line 20.');
    expect(whole).not.toContain('[Page');

    // 12 rows high: 10 rows of text a page (the room's name, then the tale).
    const ann = await connect(game, 'Ann', 'quiet harbor lights', { height: 12 });
    const first = await ann.exchange('look', '[Page 1/');
    expect(first).toContain('Tale line 9.');
    expect(first).not.toContain('Tale line 10.');
    const second = await ann.exchange('n', '[Page 2/');
    expect(second).toContain('Tale line 10.');
    expect(second).not.toContain('Tale line 9.');
    await ann.exchange('back', '[Page 1/');
    await ann.exchange('q', 'Left the pager.');

    // Other input leaves the pager and runs.
    await ann.exchange('look', '[Page 1/');
    await ann.exchange('say Enough.', 'You say, "Enough."');
    await root.waitFor('Ann says, "Enough."');

    // The player turns it off, for this and later logins.
    await ann.exchange('option PAGER = off', 'PAGER set to false');
    const unpaged = await ann.exchange('look', 'Tale line 20.');
    expect(unpaged).not.toContain('[Page');
    await ann.exchange('option PAGER = on', 'PAGER set to true');

    // A reload ends the paging: the next line runs as a command again.
    await ann.exchange('look', '[Page 1/');
    expect((await game.launcher(['reload'])).code).toBe(0);
    await game.waitForServer('running');
    await ann.exchange('top', "Command 'top' is not available");
    root.close();
    ann.close();
  });
});
