/**
 * Building and playing, black-box over telnet: a builder (a superuser) digs a room, opens an
 * exit, describes and furnishes it; players walk through, get, give, drop, whisper, page and go
 * home — and everyone sees exactly what they should, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

/** Sends a line; resolves with what arrived after it once `expected` has. */
const say = (c: TelnetClient, line: string, expected: string | RegExp): Promise<string> =>
  c.exchange(line, expected);

async function connect(game: GameProcess, name: string, password: string, create = true) {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  if (create) {
    await say(c, `create ${name} "${password}"`, '[Y/n]');
    await say(c, 'y', 'was created');
  }
  await say(c, `connect ${name} "${password}"`, `You become ${name}.`);
  return c;
}

/** Lets stray duplicates arrive before counting (the assertion is on content, not on time). */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 300));

describe('building and playing the world over telnet', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: {
        WAYSTONE_ARGON2_MEMORY_COST: '4096',
        WAYSTONE_ARGON2_TIME_COST: '1',
        WAYSTONE_ACCOUNT_CREATION_LIMIT: '50',
      },
    });
    await game.createSuperuser('Root', 'seven silver keys');
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('a builder digs, opens, describes and furnishes; players walk, get, give, whisper, page and go home', async () => {
    const root = await connect(game, 'Root', 'seven silver keys', false);
    await say(root, 'help', /Building[\s\S]*dig/);
    await say(
      root,
      'dig Garden;g = north;n, south;s',
      /Created exit south\(#\d+\) from Garden to Limbo/,
    );
    await say(root, 'dig Loft', /Created room Loft\(#\d+\)/);
    await say(root, 'north', 'Garden');
    await say(root, 'describe here = A quiet garden full of |rroses.', 'The description was set');
    await say(root, 'open up;u, down;d = Loft', /Created exit down\(#\d+\) from Loft to Garden/);
    await say(root, 'create rose;flower', /You create a new DefaultObject: rose\(#\d+\)/);
    await say(root, 'drop rose', 'You drop a rose');

    const ann = await connect(game, 'Ann', 'pale moon rising');
    const bob = await connect(game, 'Bob', 'dark river flows');
    await ann.waitFor('Bob has entered the game.');

    // Ann walks north: Bob (left behind) sees her go, Root (in the garden) sees her come.
    const arrived = await say(ann, 'n', 'A quiet garden');
    // A builder's markup is obeyed: Ann's client claims no colour, so she reads plain text.
    expect(arrived).toContain('full of roses.');
    expect(arrived).not.toContain('|r');
    expect(arrived).not.toContain('\u001b[');
    expect(arrived).toContain('rose');
    await bob.waitFor('Ann leaves for Garden.');
    await root.waitFor('Ann arrives from Limbo.');

    await say(ann, 'get the rose', 'You pick up a rose.');
    await root.waitFor('Ann picks up a rose.');
    await say(bob, 'north', 'A quiet garden');
    await say(ann, 'give rose to bob', 'You give a rose to Bob.');
    await bob.waitFor('Ann gives you a rose.');
    await root.waitFor('Ann gives a rose to Bob.');
    await say(bob, 'inventory', /You are carrying:\s+a rose/);
    await say(bob, 'drop flower', 'You drop a rose.');
    await ann.waitFor('Bob drops a rose.');

    await say(ann, 'whisper bob = meet me upstairs', 'You whisper to Bob, "meet me upstairs"');
    await bob.waitFor('Ann whispers, "meet me upstairs"');
    await say(ann, 'u', 'Loft');
    await root.waitFor('Ann leaves for Loft.');
    await say(ann, 'page root, bob = up here', 'You paged Root, Bob with: "up here".');
    await root.waitFor('Ann pages: up here');
    await bob.waitFor('Ann pages: up here');

    await say(ann, 'home', "There's no place like home");
    await ann.waitFor('Limbo');

    await settle();
    // Exactly once each, and private words stayed private.
    expect(bob.count('Ann leaves for Garden.')).toBe(1);
    expect(root.count('Ann picks up a rose.')).toBe(1);
    expect(bob.count('Ann gives you a rose.')).toBe(1);
    expect(root.count('Ann gives a rose to Bob.')).toBe(1);
    expect(root.text).not.toContain('meet me upstairs');
    expect(ann.count('Bob drops a rose.')).toBe(1);
    expect(bob.count('Ann pages: up here')).toBe(1);
    // `page` alone shows it again.
    await say(bob, 'page', /Your latest pages:\s+Ann pages: up here/);

    root.close();
    ann.close();
    bob.close();
  });

  it('keeps building commands from players, and exits and rooms survive a reload', async () => {
    const cy = await connect(game, 'Cyd', 'green hills roll');
    await say(cy, 'dig Den', "Command 'dig' is not available");
    expect(await say(cy, 'help', 'whisper')).not.toContain('Building');
    expect((await game.launcher(['reload'])).code).toBe(0);
    await say(cy, 'north', 'A quiet garden');
    await say(cy, 'up', 'Loft');
    cy.close();
  });
});
