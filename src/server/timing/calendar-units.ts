/**
 * A game's own calendar (Evennia's TIME_UNITS / custom_gametime): named units of fixed length
 * in game seconds, e.g. `{ second: 1, minute: 60, hour: 3600, day: 86400, season: 7776000,
 * year: 31104000 }` — 90-day seasons, four to a 360-day year. A game instant is milliseconds
 * from the calendar's zero; each unit shows how many whole ones have passed inside the next
 * larger unit, counting from 0 as a clock's hours do (day 0 is a season's first day, year 0
 * the calendar's first year). The largest unit just counts up.
 *
 * Units need not divide each other: with 91-day seasons in a 360-day year, the fourth season
 * is cut short at 87 days and the year starts again at season 0.
 */
import { WaystoneError } from '../../shared/errors.ts';
import {
  clockText,
  nextMatch,
  wantedValues,
  type Calendar,
  type PeriodScheme,
  type TimeComponents,
  type TimeSpec,
} from './calendar.ts';

/** Unit names are words: they become keys of components and of schedules. */
const UNIT_NAME = /^[a-z][A-Za-z0-9]*$/;

export class UnitCalendar implements Calendar {
  readonly units: readonly string[];
  /** Unit lengths in game ms, largest first (parallel to `units`). */
  readonly #lengths: readonly number[];
  readonly #scheme: PeriodScheme;

  /** `units`: name → length in game seconds (whole and positive, no two the same). */
  constructor(units: Readonly<Record<string, number>>) {
    const entries = Object.entries(units);
    if (entries.length === 0) {
      throw new WaystoneError('TIME_INVALID', 'A game calendar needs at least one unit.');
    }
    for (const [name, seconds] of entries) {
      if (!UNIT_NAME.test(name)) {
        throw new WaystoneError(
          'TIME_INVALID',
          `A calendar unit's name is a word starting with a lower-case letter, not '${name}'.`,
        );
      }
      if (!Number.isSafeInteger(seconds) || seconds <= 0) {
        throw new WaystoneError(
          'TIME_INVALID',
          `Calendar unit '${name}' must be a whole number of game seconds above 0, not ${seconds}.`,
        );
      }
    }
    entries.sort((a, b) => b[1] - a[1]);
    for (let i = 1; i < entries.length; i++) {
      const [a, b] = [entries[i - 1], entries[i]];
      if (a && b && a[1] === b[1]) {
        throw new WaystoneError(
          'TIME_INVALID',
          `Calendar units '${a[0]}' and '${b[0]}' have the same length; give each unit one name.`,
        );
      }
    }
    this.units = entries.map(([name]) => name);
    this.#lengths = entries.map(([, seconds]) => seconds * 1000);
    const lengths = this.#lengths;
    const length = (level: number): number => lengths[level] ?? 1;
    /** Start and end of the period `prefix` names (a cut-short one ends early). */
    const bounds = (prefix: readonly number[]): [number, number] => {
      let [start, end] = [0, Number.POSITIVE_INFINITY];
      prefix.forEach((v, level) => {
        start += v * length(level);
        end = Math.min(end, start + length(level));
      });
      return [start, end];
    };
    this.#scheme = {
      units: this.units,
      values: (ms) => {
        let rest = Math.max(0, ms);
        return lengths.map((len) => {
          const v = Math.floor(rest / len);
          rest -= v * len;
          return v;
        });
      },
      range: (level, prefix) => {
        const [start, end] = bounds(prefix);
        return [0, Math.ceil((end - start) / length(level)) - 1];
      },
      start: (level, prefix, value) => bounds(prefix)[0] + value * length(level),
      // Every period of the largest unit is laid out alike: the next one has what this lacks.
      lookahead: 1,
    };
  }

  components(gameMs: number): TimeComponents {
    const values = this.#scheme.values(gameMs);
    return Object.fromEntries(this.units.map((u, i) => [u, values[i] ?? 0]));
  }

  next(afterMs: number, spec: TimeSpec): number | null {
    const wanted = wantedValues(this.units, spec, (unit, level, value) => {
      const larger = this.#lengths[level - 1];
      const most =
        larger === undefined ? Infinity : Math.ceil(larger / (this.#lengths[level] ?? 1));
      if (value >= 0 && value < most) return null;
      return `A game time's ${unit} counts from 0 to ${most - 1}, not ${value}.`;
    });
    return nextMatch(this.#scheme, afterMs, wanted);
  }

  unitMs(unit: string): number | null {
    return this.#lengths[this.units.indexOf(unit)] ?? null;
  }

  /**
   * "Year 3, season 2, day 15, 06:30:00": the units named hour, minute (and second), when they
   * are the smallest, read as a clock; the others as "name value", largest first.
   */
  format(c: TimeComponents): string {
    const clock = ['hour', 'minute', 'second'];
    const tail = this.units.slice(-3).filter((u) => clock.includes(u));
    const asClock =
      tail[0] === 'hour' &&
      tail[1] === 'minute' &&
      this.units.slice(this.units.length - tail.length).join() === tail.join();
    const named = asClock ? this.units.slice(0, this.units.length - tail.length) : this.units;
    const parts = named.map((u) => `${u} ${c[u] ?? 0}`);
    if (asClock) {
      parts.push(
        clockText(
          c['hour'] ?? 0,
          c['minute'] ?? 0,
          tail[2] === 'second' ? (c['second'] ?? 0) : undefined,
        ),
      );
    }
    const text = parts.join(', ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
}
