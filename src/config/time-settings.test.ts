import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../shared/errors.ts';
import { buildConfig } from './load.ts';

function configError(values: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string {
  try {
    buildConfig('/tmp/g', values, env);
  } catch (err) {
    expect(isWaystoneError(err, 'CONFIG_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

const SEASONS = { second: 1, minute: 60, hour: 3600, day: 86400, season: 7776000, year: 31104000 };

describe('game time settings', () => {
  it('default to the real calendar at twice real speed from the first start', () => {
    const { config } = buildConfig('/tmp/g', {}, {});
    expect([config.timeFactor, config.timeGameEpoch, config.timeUnits]).toEqual([2, null, null]);
  });

  it('take a calendar of units with an epoch in game seconds, or a date epoch', () => {
    const custom = buildConfig(
      '/tmp/g',
      { timeUnits: SEASONS, timeGameEpoch: 1042 * 31104000 },
      {},
    );
    expect(custom.config.timeUnits).toEqual(SEASONS);
    const dated = buildConfig('/tmp/g', {}, { WAYSTONE_TIME_GAME_EPOCH: '1042-03-01T06:00:00Z' });
    expect(dated.config.timeGameEpoch).toBe('1042-03-01T06:00:00Z');
    expect(buildConfig('/tmp/g', {}, { WAYSTONE_TIME_FACTOR: '0.5' }).config.timeFactor).toBe(0.5);
  });

  it('refuse a stopped clock, a non-date, units of equal or fractional length, a date with units', () => {
    expect(configError({ timeFactor: 0 })).toMatch(/timeFactor/);
    expect(configError({ timeGameEpoch: 'the dawn of time' })).toMatch(/timeGameEpoch.*a date/);
    expect(configError({ timeUnits: { hour: 3600, hr: 3600 } })).toMatch(/same length/);
    expect(configError({ timeUnits: { day: 1.5 } })).toMatch(/timeUnits/);
    expect(configError({ timeUnits: {} })).toMatch(/at least one unit/);
    expect(configError({ timeUnits: SEASONS, timeGameEpoch: '2026-01-01' })).toMatch(
      /timeGameEpoch.*real calendar/,
    );
    expect(configError({ timeUnits: SEASONS, timeGameEpoch: -5 })).toMatch(/timeGameEpoch/);
  });
});
