/**
 * A calendar turns a game instant (milliseconds from the calendar's zero) into what a clock on
 * the wall shows — `{ year, month, day, hour, minute, second }` for the real calendar, or the
 * units a game names for its own (`{ year, season, day, hour, minute, second }`) — and finds
 * the next instant when it will show given values ("the next 06:00"), which is how game-time
 * schedules know when to wake.
 *
 * Both calendars are nested periods, largest unit first: a year holds months, a month days, and
 * so on. `nextMatch` searches that nesting, so the two calendars only say how their periods are
 * laid out (calendar-gregorian.ts, calendar-units.ts).
 */
import { WaystoneError } from '../../shared/errors.ts';

/** What a calendar shows at an instant, unit name → value (`{ hour: 6, minute: 30, … }`). */
export type TimeComponents = Readonly<Record<string, number>>;

/**
 * A wanted time, some units of the calendar → values: `{ hour: 6 }` is "06:00:00", `{ season:
 * 2, day: 0 }` the start of season 2. Units smaller than the smallest one given are 0 (the start
 * of that period); larger ones not given are free (the next time it comes).
 */
export type TimeSpec = Readonly<Record<string, number>>;

export interface Calendar {
  /** The unit names, largest first. */
  readonly units: readonly string[];
  /** What the calendar shows at a game instant (whole units; milliseconds are dropped). */
  components(gameMs: number): TimeComponents;
  /**
   * The first game instant strictly after `afterMs` at which the calendar shows `spec`, or null
   * if it never will (a year that has passed). Throws TIME_INVALID for an unknown unit or a
   * value the unit cannot have.
   */
  next(afterMs: number, spec: TimeSpec): number | null;
  /** The length of one unit in game milliseconds, or null where it varies (months, years). */
  unitMs(unit: string): number | null;
  /** A default text for players: "2026-03-05 06:30:00", "Year 3, season 2, day 15, 06:30:00". */
  format(components: TimeComponents): string;
}

/** How a calendar lays out its periods, for `nextMatch`. Levels index `units`. */
export interface PeriodScheme {
  readonly units: readonly string[];
  /** Every unit's value at a game instant, largest first. */
  values(ms: number): number[];
  /**
   * The values unit `level` (not the largest) takes inside the period that `prefix` (the values
   * of the larger units) names: [first, last].
   */
  range(level: number, prefix: readonly number[]): readonly [number, number];
  /** Where the period with `value` of unit `level`, inside `prefix`, starts (game ms). */
  start(level: number, prefix: readonly number[], value: number): number;
  /**
   * How many periods of the largest unit to try after the current one before a time with that
   * unit free is declared never to come (a calendar whose periods repeat needs 1 or 2; the
   * Gregorian one needs 8 for 29 February).
   */
  readonly lookahead: number;
}

/**
 * The first instant strictly after `after` at which `wanted` (a value or undefined per level)
 * shows and every unit smaller than the smallest wanted one is at its start. Walks the periods
 * from the one holding `after`, largest unit first, skipping periods that cannot match.
 */
export function nextMatch(
  scheme: PeriodScheme,
  after: number,
  wanted: ReadonlyArray<number | undefined>,
): number | null {
  let last = -1;
  wanted.forEach((v, i) => {
    if (v !== undefined) last = i;
  });
  if (last === -1) throw new WaystoneError('TIME_INVALID', 'A game time needs at least one unit.');
  const here = scheme.values(after);

  // `onPath`: the period `prefix` names holds `after`, so values before `after`'s are past.
  const search = (level: number, prefix: number[], onPath: boolean): number | null => {
    const want = wanted[level];
    const current = here[level] ?? 0;
    let [lo, hi] =
      level === 0 ? [current, current + scheme.lookahead] : scheme.range(level, prefix);
    if (onPath) lo = current;
    if (want !== undefined) {
      if (want < lo || (level !== 0 && want > hi)) return null;
      lo = hi = want;
    }
    for (let v = lo; v <= hi; v++) {
      if (level === last) {
        const start = scheme.start(level, prefix, v);
        if (start > after) return start;
        continue;
      }
      const found = search(level + 1, [...prefix, v], onPath && v === current);
      if (found !== null) return found;
    }
    return null;
  };
  return search(0, [], true);
}

/** `spec` as one value or undefined per unit, refusing unknown units and non-integers. */
export function wantedValues(
  units: readonly string[],
  spec: TimeSpec,
  check: (unit: string, level: number, value: number) => string | null,
): Array<number | undefined> {
  const wanted: Array<number | undefined> = units.map(() => undefined);
  for (const [unit, value] of Object.entries(spec)) {
    const level = units.indexOf(unit);
    if (level === -1) {
      throw new WaystoneError(
        'TIME_INVALID',
        `The game calendar has no unit '${unit}'; its units are ${units.join(', ')}.`,
      );
    }
    if (!Number.isInteger(value)) {
      throw new WaystoneError(
        'TIME_INVALID',
        `A game time's ${unit} must be a whole number, not ${String(value)}.`,
      );
    }
    const problem = check(unit, level, value);
    if (problem !== null) throw new WaystoneError('TIME_INVALID', problem);
    wanted[level] = value;
  }
  return wanted;
}

/** "06:30:00" */
export function clockText(hour: number, minute: number, second?: number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return second === undefined
    ? `${two(hour)}:${two(minute)}`
    : `${two(hour)}:${two(minute)}:${two(second)}`;
}
