import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { GregorianCalendar } from './calendar-gregorian.ts';
import { UnitCalendar } from './calendar-units.ts';

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SEASON = 90 * DAY;
const YEAR = 4 * SEASON;

/** The calendar many games use: 90-day seasons, four to a 360-day year. */
const SEASONS = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  season: 7776000,
  year: 31104000,
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isWaystoneError(err) ? err.code : String(err);
  }
  return undefined;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('the real calendar', () => {
  const cal = new GregorianCalendar();

  it('shows year, month 1–12, day 1–31, hour, minute, second in UTC', () => {
    const at = Date.UTC(2026, 2, 5, 6, 30, 15, 999);
    expect(cal.components(at)).toEqual({
      year: 2026,
      month: 3,
      day: 5,
      hour: 6,
      minute: 30,
      second: 15,
    });
    expect(cal.format(cal.components(at))).toBe('2026-03-05 06:30:15');
  });

  it('finds the next 06:00:00: today if it is still to come, else tomorrow', () => {
    expect(iso(cal.next(Date.UTC(2026, 2, 5, 5, 23, 10), { hour: 6 }))).toBe(
      '2026-03-05T06:00:00.000Z',
    );
    // At 06:00:00 exactly the next one is tomorrow's: "next" is always in the future.
    expect(iso(cal.next(Date.UTC(2026, 2, 5, 6, 0, 0), { hour: 6, minute: 0 }))).toBe(
      '2026-03-06T06:00:00.000Z',
    );
    expect(iso(cal.next(Date.UTC(2026, 11, 31, 7), { hour: 6 }))).toBe('2027-01-01T06:00:00.000Z');
    expect(iso(cal.next(Date.UTC(2026, 2, 5, 6, 45), { minute: 30 }))).toBe(
      '2026-03-05T07:30:00.000Z',
    );
  });

  it('skips months without the day and years without 29 February', () => {
    expect(iso(cal.next(Date.UTC(2026, 3, 10), { day: 31 }))).toBe('2026-05-31T00:00:00.000Z');
    expect(iso(cal.next(Date.UTC(2026, 2, 1), { month: 2, day: 29 }))).toBe(
      '2028-02-29T00:00:00.000Z',
    );
    // 2100 is not a leap year: the one after 2096 is 2104.
    expect(iso(cal.next(Date.UTC(2096, 2, 1), { month: 2, day: 29 }))).toBe(
      '2104-02-29T00:00:00.000Z',
    );
  });

  it('says never for a year gone or a day no month has, and refuses what no calendar shows', () => {
    expect(cal.next(Date.UTC(2026, 0, 1), { year: 2020 })).toBeNull();
    expect(cal.next(Date.UTC(2026, 0, 1), { month: 2, day: 30 })).toBeNull();
    expect(cal.next(Date.UTC(2026, 0, 1), { year: 2030, month: 6 })).toBe(Date.UTC(2030, 5, 1));
    expect(codeOf(() => cal.next(0, { hour: 24 }))).toBe('TIME_INVALID');
    expect(codeOf(() => cal.next(0, { month: 0 }))).toBe('TIME_INVALID');
    expect(codeOf(() => cal.next(0, { fortnight: 1 }))).toBe('TIME_INVALID');
    expect(codeOf(() => cal.next(0, { hour: 1.5 }))).toBe('TIME_INVALID');
    expect(codeOf(() => cal.next(0, {}))).toBe('TIME_INVALID');
  });

  it('reads years below 100 as themselves (not as 1900s)', () => {
    const year10 = new Date(0);
    year10.setUTCFullYear(10, 0, 1);
    const next = cal.next(year10.getTime(), { year: 50 });
    expect(next === null ? null : cal.components(next)).toMatchObject({
      year: 50,
      month: 1,
      day: 1,
    });
  });

  it('knows fixed unit lengths and that months and years have none', () => {
    expect(cal.unitMs('hour')).toBe(HOUR);
    expect(cal.unitMs('day')).toBe(DAY);
    expect(cal.unitMs('month')).toBeNull();
  });
});

describe("a game's own calendar", () => {
  const cal = new UnitCalendar(SEASONS);

  it('counts each unit from 0 inside the next larger one, carrying at the end of each', () => {
    const at = 1 * YEAR + 2 * SEASON + 15 * DAY + 6 * HOUR + 30 * MIN;
    expect(cal.components(at)).toEqual({
      year: 1,
      season: 2,
      day: 15,
      hour: 6,
      minute: 30,
      second: 0,
    });
    expect(cal.format(cal.components(at))).toBe('Year 1, season 2, day 15, 06:30:00');
    // The last second of year 0, then year 1 from its start.
    expect(cal.components(YEAR - S)).toEqual({
      year: 0,
      season: 3,
      day: 89,
      hour: 23,
      minute: 59,
      second: 59,
    });
    expect(cal.components(YEAR)).toEqual({
      year: 1,
      season: 0,
      day: 0,
      hour: 0,
      minute: 0,
      second: 0,
    });
    expect(cal.units).toEqual(['year', 'season', 'day', 'hour', 'minute', 'second']);
  });

  it('finds the next start of a season, a day and an hour', () => {
    const now = 2 * SEASON + 3 * DAY + 9 * HOUR; // year 0, season 2
    expect(cal.next(now, { season: 1 })).toBe(YEAR + SEASON);
    expect(cal.next(now, { season: 3 })).toBe(3 * SEASON);
    expect(cal.next(now, { hour: 6 })).toBe(2 * SEASON + 4 * DAY + 6 * HOUR);
    expect(cal.next(now, { hour: 12 })).toBe(2 * SEASON + 3 * DAY + 12 * HOUR);
    expect(cal.next(now, { day: 0, hour: 6 })).toBe(3 * SEASON + 6 * HOUR);
    expect(cal.next(now, { year: 0 })).toBeNull();
    expect(cal.next(now, { year: 5, season: 1 })).toBe(5 * YEAR + SEASON);
    expect(codeOf(() => cal.next(now, { season: 4 }))).toBe('TIME_INVALID');
    expect(codeOf(() => cal.next(now, { month: 1 }))).toBe('TIME_INVALID');
  });

  it('cuts a season short where units do not divide: the year starts again at season 0', () => {
    // 91-day seasons in a 360-day year: seasons 0–2 have 91 days, season 3 has 87.
    const cut = new UnitCalendar({ day: 86400, season: 91 * 86400, year: 360 * 86400 });
    expect(cut.components(359 * DAY)).toEqual({ year: 0, season: 3, day: 86 });
    expect(cut.components(360 * DAY)).toEqual({ year: 1, season: 0, day: 0 });
    // Day 89 is in every season but the cut-short one.
    expect(cut.next(3 * 91 * DAY, { day: 89 })).toBe(360 * DAY + 89 * DAY);
    expect(cut.format(cut.components(360 * DAY + 5 * DAY))).toBe('Year 1, season 0, day 5');
  });

  it('refuses units that are not whole positive seconds, badly named, or of equal length', () => {
    expect(codeOf(() => new UnitCalendar({}))).toBe('TIME_INVALID');
    expect(codeOf(() => new UnitCalendar({ day: 0 }))).toBe('TIME_INVALID');
    expect(codeOf(() => new UnitCalendar({ day: 1.5 }))).toBe('TIME_INVALID');
    expect(codeOf(() => new UnitCalendar({ 'a day': 86400 }))).toBe('TIME_INVALID');
    expect(codeOf(() => new UnitCalendar({ hr: 3600, hour: 3600 }))).toBe('TIME_INVALID');
  });
});
