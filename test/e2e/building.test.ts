/**
 * Evennia's building set over real telnet, as a builder would use it: an Admin makes a player
 * a Builder (`@perm *Bea = Builder`), who tunnels north and walks both ways, renames, aliases,
 * tags, finds, copies, sets nested values and examines them, destroys after saying yes, and
 * quells — her building commands refused, over a reload too — until she unquells.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Sends a line; resolves with what arrived after it, colour codes gone, once `expected` has. */
async function say(c: TelnetClient, line: string, expected: string | RegExp): Promise<string> {
  const mark = c.text.length;
  c.send(line);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const got = c.text.slice(mark).replace(ANSI, '');
    if (typeof expected === 'string' ? got.includes(expected) : expected.test(got)) return got;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${String(expected)} after '${line}'; got:\n${got}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function connect(game: GameProcess, name: string, password: string, create: boolean) {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  if (create) {
    await say(c, `create ${name} "${password}"`, '[Y/n]');
    await say(c, 'y', 'was created');
  }
  await say(c, `connect ${name} "${password}"`, `You become ${name}.`);
  return c;
}

describe('building over telnet with the Evennia set', () => {
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

  it('a new Builder tunnels, names, tags, finds, copies, sets, examines, destroys and quells', async () => {
    const root = await connect(game, 'Root', 'seven silver keys', false);
    const bea = await connect(game, 'Bea', 'pale moon rising', true);
    await say(bea, '@tunnel north = Garden', "Command '@tunnel' is not available");

    await say(root, '@perm *Bea = Builder', 'Gave account Bea Builder.');
    await bea.waitFor('Root gave you the permission Builder.');

    const dug = await say(bea, 'tunnel north = Garden', /Created exit south\(#\d+\) from Garden/);
    expect(dug).toMatch(/Created room Garden\(#\d+\)/);
    expect(dug).toMatch(/Created exit north\(#\d+\) from Limbo to Garden \(aliases: n\)/);
    await say(bea, 'north', 'Garden');
    await root.waitFor('Bea leaves for Garden.');
    await say(bea, 'south', 'Limbo');
    await say(bea, 'n', 'Garden');

    await say(bea, '@create bell', /You create a new DefaultObject: bell\(#\d+\)/);
    await say(bea, 'drop bell', 'You drop a bell');
    await say(bea, '@name bell = bronze bell;gong', /is now called bronze bell\(#\d+\)/);
    await say(bea, '@alias gong = chime', /Aliases of bronze bell\(#\d+\) now: gong, chime/);
    await say(bea, '@tag chime = brass:material', /Tagged bronze bell\(#\d+\): brass\[material\]/);
    await say(
      bea,
      '@find chime',
      /1 match for 'chime':\s+bronze bell\(#\d+\) DefaultObject in Garden/,
    );
    await say(bea, '@find/tag brass:material', /1 match for tag brass\[material\]:\s+bronze bell/);
    await say(
      bea,
      '@copy gong = tin bell;tin',
      /Copied bronze bell\(#\d+\) to tin bell\(#\d+\) in Garden/,
    );

    await say(
      bea,
      "@set gong/peal = {'notes': ['c', 'e'], 'loud': True}",
      /peal = \{"notes":\["c","e"\],"loud":true\}\./,
    );
    await say(bea, "@set gong/peal['notes'][1] = g", /peal\['notes'\]\[1\] = "g"\./);
    const shown = await say(bea, '@examine gong', /Attributes\s+peal +/);
    expect(shown).toMatch(/peal +\{"notes":\["c","g"\],"loud":true\}/);
    expect(shown).toMatch(/Aliases +gong, chime/);
    expect(shown).toMatch(/Tags +brass\[material\]/);
    expect(shown).toMatch(/Location +Garden\(#\d+\)/);
    // The copy kept its tags and attributes as they were.
    await say(bea, '@examine tin bell', /Tags +brass\[material\]/);

    await say(bea, '@destroy tin bell', /Destroy tin bell\(#\d+\)\? \[yes\/no\]/);
    await say(bea, 'no', /tin bell\(#\d+\) was not destroyed/);
    await say(bea, '@destroy tin bell', '[yes/no]');
    await say(bea, 'yes', /tin bell\(#\d+\) was destroyed\./);
    await say(bea, '@find tin bell', "Nothing matches 'tin bell'.");

    await say(bea, '@quell', "Quelling to Bea's permissions (none). Use unquell");
    await say(bea, '@dig Den', "Command '@dig' is not available");
    // Quell is kept with the account: a reload does not undo it.
    expect((await game.launcher(['reload'])).code).toBe(0);
    await say(bea, 'look', 'Garden');
    await say(bea, '@tunnel east = Den', "Command '@tunnel' is not available");
    await say(
      bea,
      '@unquell',
      "Unquelled: you play with your account's permissions (Player, Builder)",
    );
    await say(bea, '@dig Den', /Created room Den\(#\d+\)/);

    root.close();
    bea.close();
  });

  it('destroy/override takes a character someone plays out of character first', async () => {
    const root = await connect(game, 'Root', 'seven silver keys', false);
    const cy = await connect(game, 'Cyd', 'green hills roll', true);
    await say(root, '@destroy Cyd', /Cyd\(#\d+\) is being played; use destroy\/override/);
    await say(root, '@destroy/override/force Cyd', /Cyd\(#\d+\) was destroyed\./);
    await cy.waitFor('You go OOC.');
    await say(root, '@find/char Cyd', "Nothing matches 'Cyd', characters.");
    root.close();
    cy.close();
  });
});
