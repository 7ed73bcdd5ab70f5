import { describe, expect, it } from 'vitest';
import { WaystoneError } from '../shared/errors.ts';
import { describeStartFailure, formatStartFailure } from './start-failure.ts';

const gameDir = '/home/ann/mygame';

// The real tsx path (a broken file in a game, reloaded) is covered by test/e2e/reload-broken-code.
describe('describeStartFailure', () => {
  it("reads esbuild's syntax error report through the GAME_CODE wrapper", () => {
    const inner = new Error(
      `Transform failed with 1 error:\n${gameDir}/commands/wave.ts:30:6: ERROR: Expected ")" but found ";"`,
    );
    const err = new WaystoneError(
      'GAME_CODE',
      `Could not load ${gameDir}/game.ts: ${inner.message}`,
      {
        cause: inner,
      },
    );
    const failure = describeStartFailure(err, gameDir);
    expect(failure.code).toBe('GAME_CODE');
    expect(formatStartFailure(failure)).toBe('commands/wave.ts:30:6: Expected ")" but found ";"');
  });

  it('points at the first frame in the game for an exception thrown by setup', () => {
    const inner = new Error('no such room');
    inner.stack = [
      'Error: no such room',
      `    at buildWorld (file://${gameDir}/world/build.ts:12:11)`,
      `    at setup (file://${gameDir}/game.ts:8:3)`,
      '    at prepareServer (/opt/waystone/src/server/server.ts:200:13)',
    ].join('\n');
    const err = new WaystoneError('GAME_CODE', "The game's setup failed: no such room", {
      cause: inner,
    });
    expect(formatStartFailure(describeStartFailure(err, gameDir))).toBe(
      'world/build.ts:12:11: no such room',
    );
  });

  it('skips frames outside the game and in its node_modules', () => {
    const inner = new Error('bad');
    inner.stack = [
      'Error: bad',
      `    at lib (${gameDir}/node_modules/somelib/index.js:1:1)`,
      '    at engine (/opt/waystone/src/server/server.ts:3:4)',
    ].join('\n');
    const failure = describeStartFailure(
      new WaystoneError('GAME_CODE', 'setup failed: bad', { cause: inner }),
      gameDir,
    );
    expect(failure.location).toBeNull();
    expect(formatStartFailure(failure)).toBe('setup failed: bad');
  });

  it('keeps a config error as it is, with its code', () => {
    const failure = describeStartFailure(
      new WaystoneError('CONFIG_INVALID', 'telnetPort: expected a number (from settings.ts)'),
      gameDir,
    );
    expect(failure.code).toBe('CONFIG_INVALID');
    expect(formatStartFailure(failure)).toBe('telnetPort: expected a number (from settings.ts)');
  });
});
