/**
 * A real MUD client against a real game: TinTin++ connects, sees the connection screen, runs a
 * command and quits. Skipped, visibly, when TinTin++ or tmux is not installed (.ci/run
 * installs both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../support/game-process.ts';
import { runTinTin, TINTIN_AVAILABLE, type TinTinRun } from '../support/tintin.ts';

describe.skipIf(!TINTIN_AVAILABLE)('TinTin++', () => {
  let game: GameProcess;
  let tt: TinTinRun | undefined;

  beforeAll(async () => {
    game = await GameProcess.start();
  });

  afterAll(async () => {
    tt?.stop();
    await game?.stop();
  });

  it('connects, sees the connection screen, runs info, and quits cleanly', async () => {
    tt = runTinTin(game.telnetPort, {
      after: ['#delay {1} {#send {info}}', '#delay {2} {#send {quit}}', '#delay {4} {#end}'],
    });
    const text = await tt.waitForLog('Good bye!');
    expect(text).toContain('Welcome to Testgame');
    expect(text).toMatch(/## BEGIN INFO 1\.1\r?\nName: Testgame/);
    // TinTin++ reports the session closed by the game.
    await tt.waitForLog('DIED', 10_000);
  });
});
