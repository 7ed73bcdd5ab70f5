/**
 * The real calendar (proleptic Gregorian, UTC) for game time: a game instant is milliseconds
 * since 1970-01-01T00:00Z, as a JavaScript Date holds it, and the calendar shows `{ year, month,
 * day, hour, minute, second }` with month 1–12 and day 1–31, as people write dates.
 */
import {
  clockText,
  nextMatch,
  wantedValues,
  type Calendar,
  type PeriodScheme,
  type TimeComponents,
  type TimeSpec,
} from './calendar.ts';

const UNITS = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;

/** The widest each unit below the year can be, for checking a wanted time. */
const LIMITS: Record<string, readonly [number, number]> = {
  month: [1, 12],
  day: [1, 31],
  hour: [0, 23],
  minute: [0, 59],
  second: [0, 59],
};

const FIXED_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** An instant from calendar values; fields past `values` take their first value. */
function instant(values: readonly number[]): number {
  const [year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0] = values;
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(instant([year, month + 1, 1]) - 1).getUTCDate();
}

const scheme: PeriodScheme = {
  units: UNITS,
  values(ms) {
    const d = new Date(ms);
    return [
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ];
  },
  range(level, prefix) {
    if (UNITS[level] === 'day') return [1, daysInMonth(prefix[0] ?? 1970, prefix[1] ?? 1)];
    return LIMITS[UNITS[level] ?? ''] ?? [0, 0];
  },
  start: (_level, prefix, value) => instant([...prefix, value]),
  // 29 February comes back within 8 years (1896 → 1904, 2096 → 2104).
  lookahead: 8,
};

export class GregorianCalendar implements Calendar {
  readonly units: readonly string[] = UNITS;

  components(gameMs: number): TimeComponents {
    const values = scheme.values(gameMs);
    return Object.fromEntries(UNITS.map((u, i) => [u, values[i] ?? 0]));
  }

  next(afterMs: number, spec: TimeSpec): number | null {
    const wanted = wantedValues(UNITS, spec, (unit, _level, value) => {
      const limits = LIMITS[unit];
      if (limits === undefined || (value >= limits[0] && value <= limits[1])) return null;
      return `A game time's ${unit} is ${limits[0]} to ${limits[1]}, not ${value}.`;
    });
    return nextMatch(scheme, afterMs, wanted);
  }

  unitMs(unit: string): number | null {
    return FIXED_MS[unit] ?? null;
  }

  format(c: TimeComponents): string {
    const date = [
      String(c['year'] ?? 0).padStart(4, '0'),
      String(c['month'] ?? 1).padStart(2, '0'),
      String(c['day'] ?? 1).padStart(2, '0'),
    ].join('-');
    return `${date} ${clockText(c['hour'] ?? 0, c['minute'] ?? 0, c['second'] ?? 0)}`;
  }
}
