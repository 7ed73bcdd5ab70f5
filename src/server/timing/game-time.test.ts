import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import type { AttributeValue } from '../storage/types.ts';
import { FIRST_START_KEY, GameTime, type GameTimeSettings } from './game-time.ts';
import { TimerQueue } from './timer-queue.ts';
import { VirtualClock } from './virtual-clock.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 1); // 2026-01-01T00:00Z, a Thursday

const SEASONS = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  season: 7776000,
  year: 31104000,
};

/** The config repository's get/set, in memory: what survives a restart. */
function memoryConfig() {
  const values = new Map<string, AttributeValue>();
  return {
    values,
    get: (key: string) => Promise.resolve(values.get(key)),
    set: (key: string, value: AttributeValue) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

async function setup(settings: Partial<GameTimeSettings> = {}, store = memoryConfig()) {
  const clock = new VirtualClock(START);
  const errors: string[] = [];
  const timers = new TimerQueue(clock, (err, label) => errors.push(`${label}: ${String(err)}`));
  const gameTime = new GameTime(clock, timers, {
    factor: 2,
    epoch: null,
    units: null,
    ...settings,
  });
  await gameTime.restore(store);
  return { clock, timers, gameTime, errors, store };
}

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (err) {
    return isWaystoneError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('game time', () => {
  it('starts at the real time of the first start and runs `factor` times as fast', async () => {
    const { clock, gameTime } = await setup();
    expect(gameTime.now()).toBe(START);
    expect(gameTime.format()).toBe('2026-01-01 00:00:00');
    await clock.advance(90 * MIN);
    expect(gameTime.format()).toBe('2026-01-01 03:00:00');
    expect(gameTime.components()).toMatchObject({ year: 2026, month: 1, day: 1, hour: 3 });
    expect(gameTime.value('hour')).toBe(3);
  });

  it('starts at the epoch when one is set: an ISO date, or game seconds', async () => {
    const { clock, gameTime } = await setup({ epoch: '1042-03-01T06:00:00Z' });
    expect(gameTime.format()).toBe('1042-03-01 06:00:00');
    await clock.advance(30 * MIN);
    expect(gameTime.format()).toBe('1042-03-01 07:00:00');
    const seconds = await setup({ epoch: 86_400 });
    expect(seconds.gameTime.format()).toBe('1970-01-02 00:00:00');
  });

  it('carries on across a restart from the stored first start, counting the downtime', async () => {
    const first = await setup({ factor: 3 });
    await first.clock.advance(HOUR);
    expect(first.store.values.get(FIRST_START_KEY)).toEqual(new Date(START));
    // The game was down for three hours, then a new Server (new clock reading) starts.
    const clock = new VirtualClock(START + 4 * HOUR);
    const later = new GameTime(clock, new TimerQueue(clock, () => undefined), {
      factor: 3,
      epoch: null,
      units: null,
    });
    await later.restore(first.store);
    expect(later.firstStart).toBe(START);
    expect(later.now()).toBe(START + 12 * HOUR);
    expect(later.format()).toBe('2026-01-01 12:00:00');
  });

  it('is not read before the first start is loaded, and refuses a corrupt stored one', async () => {
    const clock = new VirtualClock(START);
    const gameTime = new GameTime(clock, new TimerQueue(clock, () => undefined), {
      factor: 2,
      epoch: null,
      units: null,
    });
    expect(await codeOf(() => gameTime.now())).toBe('GAMETIME_NOT_READY');
    expect(await codeOf(() => gameTime.realMsUntil({ hour: 6 }))).toBe('GAMETIME_NOT_READY');
    const store = memoryConfig();
    store.values.set(FIRST_START_KEY, 'yesterday');
    expect(await codeOf(() => gameTime.restore(store))).toBe('STORAGE_CORRUPT_VALUE');
  });

  it('refuses a factor of 0 or less, a date epoch with a custom calendar, a bad date', async () => {
    expect(await codeOf(() => setup({ factor: 0 }))).toBe('TIME_INVALID');
    expect(await codeOf(() => setup({ units: SEASONS, epoch: '2026-01-01' }))).toBe('TIME_INVALID');
    expect(await codeOf(() => setup({ epoch: 'the dawn of time' }))).toBe('TIME_INVALID');
    expect(await codeOf(() => setup({ units: SEASONS, epoch: -1 }))).toBe('TIME_INVALID');
  });

  it("runs a game's own calendar from its zero, or from an epoch in game seconds", async () => {
    // One game day per real hour.
    const { clock, gameTime } = await setup({ units: SEASONS, factor: 24 });
    expect(gameTime.format()).toBe('Year 0, season 0, day 0, 00:00:00');
    await clock.advance(HOUR + 15 * MIN);
    expect(gameTime.components()).toEqual({
      year: 0,
      season: 0,
      day: 1,
      hour: 6,
      minute: 0,
      second: 0,
    });
    // 90 game days: the next season.
    await clock.advance(89 * HOUR);
    expect(gameTime.format()).toBe('Year 0, season 1, day 0, 06:00:00');
    const from1042 = await setup({ units: SEASONS, epoch: 1042 * 31_104_000 + 3_600 * 6 });
    expect(from1042.gameTime.format()).toBe('Year 1042, season 0, day 0, 06:00:00');
  });

  it('tells real time until a game time, and real seconds per game unit', async () => {
    const { clock, gameTime } = await setup();
    // Game 00:00 → 06:00 is 6 game hours, 3 real hours at factor 2.
    expect(gameTime.realMsUntil({ hour: 6 })).toBe(3 * HOUR);
    expect(gameTime.realMsUntil({ hour: 6, minute: 0 })).toBe(3 * HOUR);
    await clock.advance(3 * HOUR);
    expect(gameTime.format()).toBe('2026-01-01 06:00:00');
    // At 06:00 exactly: tomorrow's.
    expect(gameTime.realMsUntil({ hour: 6 })).toBe(12 * HOUR);
    expect(gameTime.realSecondsPer('hour')).toBe(1800);
    expect(gameTime.realSecondsPer('day')).toBe(43_200);
    expect(await codeOf(() => gameTime.realSecondsPer('month'))).toBe('TIME_INVALID');
    expect(await codeOf(() => gameTime.realSecondsPer('fortnight'))).toBe('TIME_INVALID');
    expect(await codeOf(() => gameTime.realMsUntil({ year: 2000 }))).toBe('TIME_INVALID');
    const custom = await setup({ units: SEASONS, factor: 24 });
    expect(custom.gameTime.realSecondsPer('day')).toBe(3600);
    expect(custom.gameTime.realMsUntil({ season: 1 })).toBe(90 * HOUR);
  });

  it('schedules a callback at a game hour, once', async () => {
    const { clock, gameTime } = await setup();
    const fired: string[] = [];
    const schedule = gameTime.schedule(() => void fired.push(gameTime.format()), { hour: 6 });
    expect(schedule.nextAt).toBe(START + 3 * HOUR);
    await clock.advance(3 * HOUR - 1);
    expect(fired).toEqual([]);
    await clock.advance(2 * DAY);
    expect(fired).toEqual(['2026-01-01 06:00:00']);
    expect(schedule.nextAt).toBeNull();
  });

  it('repeats every time the calendar shows it again, until cancelled', async () => {
    // Factor 7: a game hour is 514285.7 real ms; every firing still reads 06:00:00, not 05:59:59.
    const { clock, gameTime } = await setup({ factor: 7 });
    const fired: string[] = [];
    const schedule = gameTime.schedule(
      () => void fired.push(gameTime.format()),
      { hour: 6 },
      {
        repeat: true,
      },
    );
    await clock.advance(10 * HOUR); // 70 game hours
    expect(fired).toEqual(['2026-01-01 06:00:00', '2026-01-02 06:00:00', '2026-01-03 06:00:00']);
    schedule.cancel();
    await clock.advance(DAY);
    expect(fired).toHaveLength(3);
  });

  it('keeps repeating when its callback throws, reporting each error with its label', async () => {
    const { clock, gameTime, errors } = await setup({ units: SEASONS, factor: 24 });
    let runs = 0;
    gameTime.schedule(
      () => {
        runs += 1;
        throw new Error('the bell is cracked');
      },
      { hour: 12 },
      { repeat: true, label: 'noon bell' },
    );
    await clock.advance(3 * HOUR); // three game days
    expect(runs).toBe(3);
    expect(errors).toEqual(Array(3).fill('noon bell: Error: the bell is cracked'));
  });

  it("arms a schedule made in the game's setup, before the world opens, once it opens", async () => {
    const clock = new VirtualClock(START);
    const timers = new TimerQueue(clock, () => undefined);
    const gameTime = new GameTime(clock, timers, { factor: 2, epoch: null, units: null });
    const fired: string[] = [];
    const dawn = gameTime.schedule(() => void fired.push(gameTime.format()), { hour: 6 });
    const dropped = gameTime.schedule(() => void fired.push('dropped'), { hour: 7 });
    dropped.cancel();
    expect(await codeOf(() => gameTime.schedule(() => undefined, { hour: 25 }))).toBe(
      'TIME_INVALID',
    );
    expect(dawn.nextAt).toBeNull();
    await gameTime.restore(memoryConfig());
    expect(dawn.nextAt).toBe(START + 3 * HOUR);
    await clock.advance(DAY);
    expect(fired).toEqual(['2026-01-01 06:00:00']);
  });

  it('lets a game write its own time text', async () => {
    const { gameTime } = await setup({ units: SEASONS, factor: 24 });
    const seasons = ['Spring', 'Summer', 'Autumn', 'Winter'];
    gameTime.useFormat((c) => `Day ${(c['day'] ?? 0) + 1} of ${seasons[c['season'] ?? 0]}`);
    expect(gameTime.format()).toBe('Day 1 of Spring');
  });
});
