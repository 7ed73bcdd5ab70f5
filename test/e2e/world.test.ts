/**
 * The first playable slice of the world, black-box over telnet (multisession mode 0): a new
 * account gets a character in Limbo and puppets it at login; others in the room see it arrive,
 * speak, pose and leave — exactly once each, with player text neutralised; a reload keeps every
 * player in character without announcing them again. In the default game (as `waystone init`
 * makes it) the world moves on its own: a player in the Courtyard hears the bell toll the hour.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, runLauncher } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const say = (c: TelnetClient, line: string, expected: string | RegExp): Promise<string> =>
  c.exchange(line, expected);

async function player(game: GameProcess, name: string, password: string): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  await say(c, `create ${name} "${password}"`, '[Y/n]');
  await say(c, 'y', 'was created');
  await say(c, `connect ${name} "${password}"`, `You become ${name}.`);
  return c;
}

describe('the world, in character', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: {
        WAYSTONE_ARGON2_MEMORY_COST: '4096',
        WAYSTONE_ARGON2_TIME_COST: '1',
        WAYSTONE_ACCOUNT_CREATION_LIMIT: '50',
      },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('puts new characters in Limbo, where they see each other arrive, speak, pose and leave', async () => {
    const ann = await player(game, 'Ann', 'pale moon rising');
    await ann.waitFor('Limbo');
    const bob = await player(game, 'Bob', 'dark river flows');
    await ann.waitFor('Bob has entered the game.');
    await say(bob, 'look', /Limbo[\s\S]*Ann/);

    await say(ann, 'say Hello, Bob!', 'You say, "Hello, Bob!"');
    await bob.waitFor('Ann says, "Hello, Bob!"');
    await say(bob, ':waves.', 'Bob waves.');
    await ann.waitFor('Bob waves.');
    // Exactly once each.
    await new Promise((r) => setTimeout(r, 200));
    expect(bob.count('Ann says, "Hello, Bob!"')).toBe(1);
    expect(ann.count('Bob waves.')).toBe(1);

    bob.send('quit');
    await ann.waitFor('Bob has left the game.');
    ann.close();
  });

  it("neutralises what players say: no colour markup or escape codes reach others' screens", async () => {
    const cy = await player(game, 'Cyd', 'green hills roll');
    const di = await player(game, 'Dina', 'blue skies above');
    cy.writeRaw('say |rRED \u001b[31mansi\u001b[0m done\r\n');
    await di.waitFor('Cyd says, "');
    await di.waitFor('done"');
    const line = di.text.slice(di.text.lastIndexOf('Cyd says'));
    expect(line).toContain('|rRED');
    expect(line).not.toContain('\u001b');
    cy.close();
    di.close();
  });

  it('keeps players in character across a reload, without announcing them again', async () => {
    const eve = await player(game, 'Eve', 'quiet stars shine');
    const fay = await player(game, 'Fay', 'warm winds blow');
    await eve.waitFor('Fay has entered the game.');
    const mark = eve.text.length;
    expect((await game.launcher(['reload'])).code).toBe(0);
    await say(fay, 'say still here', 'You say, "still here"');
    await eve.waitFor('Fay says, "still here"', 15_000, mark);
    expect(eve.text.slice(mark)).not.toContain('has entered the game');
    await say(eve, 'look', /Limbo[\s\S]*Fay/);
    eve.close();
    fay.close();
  });
});

describe('the default world, moving on its own', () => {
  it('a player standing in the Courtyard hears the bell toll the hour without typing', async () => {
    // The default game as `waystone init` makes it, with a game hour of one real second.
    const dir = join(mkdtempSync(join(tmpdir(), 'waystone-living-')), 'demo');
    expect((await runLauncher(['init', dir])).code).toBe(0);
    const game = await GameProcess.start({
      dir,
      env: {
        WAYSTONE_ARGON2_MEMORY_COST: '4096',
        WAYSTONE_ARGON2_TIME_COST: '1',
        WAYSTONE_TIME_FACTOR: '3600',
      },
    });
    try {
      const ann = await player(game, 'Ann', 'pale moon rising');
      await say(ann, 'north', 'Courtyard');
      const mark = ann.text.length;
      await ann.waitFor(
        /From the Bell Tower, a bell tolls (\w+ o'clock|noon|midnight)\./,
        15_000,
        mark,
      );
      ann.close();
    } finally {
      await game.stop();
    }
  });
});
