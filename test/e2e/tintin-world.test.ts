/**
 * The default world through a real MUD client: TinTin++ (inside tmux) creates an account, walks
 * from Limbo through the courtyard to the bell tower, picks up the lantern and rings the bell;
 * then a superuser builds a room, the game reloads, and the room is still there. Skipped,
 * visibly, when TinTin++ or tmux is not installed (.ci/run installs both).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, runLauncher } from '../support/game-process.ts';
import { runTinTin, TINTIN_AVAILABLE, type TinTinRun } from '../support/tintin.ts';

const ENV = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
  WAYSTONE_ACCOUNT_CREATION_LIMIT: '50',
};

describe.skipIf(!TINTIN_AVAILABLE)('TinTin++ in the default world', () => {
  let game: GameProcess;
  const runs: TinTinRun[] = [];

  /** Types `line` and waits for `expected` in what comes after it. */
  async function step(tt: TinTinRun, line: string, expected: string): Promise<string> {
    const mark = tt.logText().length;
    tt.type(line);
    const text = await tt.waitForLog(expected, 20_000, mark);
    return text.slice(mark);
  }

  beforeAll(async () => {
    // A game made as a user makes one: `waystone init` copies the default game, world and all.
    const dir = join(mkdtempSync(join(tmpdir(), 'waystone-tt-world-')), 'demo');
    expect((await runLauncher(['init', dir])).code).toBe(0);
    const su = [
      'createsuperuser',
      '--game-dir',
      dir,
      '--name',
      'Root',
      '--password',
      'sevensilverkeys9',
    ];
    expect((await runLauncher(su, ENV)).code).toBe(0);
    game = await GameProcess.start({ dir, env: ENV });
  });

  afterAll(async () => {
    for (const tt of runs) tt.stop();
    await game?.stop();
  });

  it('a new player walks from Limbo to the bell tower, takes the lantern and rings the bell', async () => {
    const tt = runTinTin(game.telnetPort, { after: [] });
    runs.push(tt);
    await tt.waitForLog('Welcome to demo');
    await step(tt, 'create Tess silverlantern42', '[Y/n]');
    await step(tt, 'y', 'was created');
    await step(tt, 'connect Tess silverlantern42', 'You become Tess.');
    expect(await step(tt, 'north', 'Courtyard')).toContain('brass lantern');
    await step(tt, 'get lantern', 'You pick up a brass lantern.');
    expect(await step(tt, 'east', 'Library')).toContain('worn book');
    await step(tt, 'west', 'Courtyard');
    await step(tt, 'up', 'Bell Tower');
    await step(tt, 'ring', 'BONG!');
    await step(tt, 'inventory', 'brass lantern');
    await step(tt, 'quit', 'Good bye!');
  });

  it('a superuser builds a room that is still there after a reload', async () => {
    const tt = runTinTin(game.telnetPort, { after: [] });
    runs.push(tt);
    await tt.waitForLog('Welcome to demo');
    await step(tt, 'connect Root sevensilverkeys9', 'You become Root.');
    await step(tt, 'dig Observatory = west, east', 'Created exit east');
    await step(tt, 'west', 'Observatory');
    await step(tt, 'describe here = Brass telescopes point at the stars.', 'description was set');

    const mark = tt.logText().length;
    expect((await game.launcher(['reload'])).code).toBe(0);
    await tt.waitForLog('Server restarted', 30_000, mark);
    expect(await step(tt, 'look', 'Brass telescopes point at the stars.')).toContain('Observatory');
    await step(tt, 'east', 'Limbo');
    await step(tt, 'west', 'Observatory');
    await step(tt, 'quit', 'Good bye!');
  });
});
