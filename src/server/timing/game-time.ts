/**
 * Game time (Evennia's gametime and custom_gametime): a clock of the game's world that runs
 * `factor` times as fast as the real one, starting at the game's `epoch` when the game first
 * started, and shown in a calendar — the real one, or the game's own units.
 *
 *   game time = epoch + (real now − first start) × factor
 *
 * The first start is stored once in the database (config key `gametime.firstStart`), so game
 * time carries on across reloads and restarts, and real time while the game was down counts
 * too: a game stopped for a night finds its world a night (× factor) later. (Evennia counts
 * only the time its server ran, unless TIME_IGNORE_DOWNTIMES.) Changing the factor or the epoch
 * recomputes the game time from the first start: the world's clock jumps.
 *
 * Game instants are milliseconds, as the Clock's are: since the calendar's zero, which for the
 * real calendar is 1970-01-01T00:00Z (so `new Date(gameTime.now())` is the game's date). Real
 * instants and waits are the Clock's milliseconds.
 *
 * `schedule` keeps its timer in memory, on the Server's TimerQueue: it is gone after a reload.
 * Something that must run at a game hour across reloads is a persistent script whose interval
 * is `realSecondsPer('hour')` and whose first run is `realMsUntil({ minute: 0 })` away.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { ConfigRepository } from '../storage/types.ts';
import type { Calendar, TimeComponents, TimeSpec } from './calendar.ts';
import { calendarFor } from './calendar-for.ts';
import type { Clock } from './clock.ts';
import type { Timer, TimerCallback, TimerQueue } from './timer-queue.ts';

/** Where the first start is kept (Storage's config repository). */
export const FIRST_START_KEY = 'gametime.firstStart';

export interface GameTimeSettings {
  /** Game seconds per real second (`timeFactor`). */
  readonly factor: number;
  /**
   * The game time at the first start (`timeGameEpoch`): an ISO date (real calendar), game
   * seconds from the calendar's zero, or null — the real time of the first start for the real
   * calendar, the calendar's zero for the game's own.
   */
  readonly epoch: string | number | null;
  /** `timeUnits`: null for the real calendar, or unit name → length in game seconds. */
  readonly units: Readonly<Record<string, number>> | null;
}

export interface ScheduleOptions {
  /** Fire every time the calendar shows the time again, not only the first. */
  repeat?: boolean;
  /** Names the timer in error reports. */
  label?: string;
}

/** A schedule made by `gameTime.schedule`. */
export interface GameTimeSchedule {
  /** When it fires next, in clock milliseconds; null once cancelled or done. */
  readonly nextAt: number | null;
  cancel(): void;
}

export class GameTime {
  readonly calendar: Calendar;
  readonly factor: number;
  /** The epoch as given; resolved against the first start by `restore`. */
  readonly #epoch: string | number | null;
  readonly #realCalendar: boolean;
  #firstStart: number | null = null;
  #epochMs = 0;
  #format: (components: TimeComponents) => string;
  /** Schedules made before the first start was loaded, armed by `restore`. */
  #waiting: Array<() => void> = [];

  constructor(
    private readonly clock: Clock,
    private readonly timers: TimerQueue,
    settings: GameTimeSettings,
  ) {
    if (!(settings.factor > 0) || !Number.isFinite(settings.factor)) {
      throw new WaystoneError(
        'TIME_INVALID',
        `The time factor is game seconds per real second, above 0; not ${settings.factor}.`,
      );
    }
    this.factor = settings.factor;
    this.calendar = calendarFor(settings.units);
    this.#epoch = settings.epoch;
    this.#realCalendar = settings.units === null;
    if (typeof settings.epoch === 'string') {
      if (settings.units !== null) {
        throw new WaystoneError(
          'TIME_INVALID',
          'A date as the game epoch needs the real calendar; with timeUnits give game seconds.',
        );
      }
      if (Number.isNaN(Date.parse(settings.epoch))) {
        throw new WaystoneError(
          'TIME_INVALID',
          `The game epoch '${settings.epoch}' is not a date.`,
        );
      }
    }
    if (typeof settings.epoch === 'number') {
      const floor = settings.units === null ? -Infinity : 0;
      if (!Number.isFinite(settings.epoch) || settings.epoch < floor) {
        throw new WaystoneError(
          'TIME_INVALID',
          `The game epoch is game seconds from the calendar's zero${floor === 0 ? ', 0 or more' : ''}; not ${settings.epoch}.`,
        );
      }
    }
    this.#format = (c) => this.calendar.format(c);
  }

  /**
   * Reads the game's first start from the database, storing now as the first start on the
   * game's very first run. The Server does this when it opens the world, before any game code
   * reads the time.
   */
  async restore(config: Pick<ConfigRepository, 'get' | 'set'>): Promise<void> {
    const stored = await config.get(FIRST_START_KEY);
    let first: number;
    if (stored === undefined) {
      first = this.clock.now();
      await config.set(FIRST_START_KEY, new Date(first));
    } else if (stored instanceof Date && !Number.isNaN(stored.getTime())) {
      first = stored.getTime();
    } else {
      throw new WaystoneError(
        'STORAGE_CORRUPT_VALUE',
        `The stored ${FIRST_START_KEY} is not a date: ${JSON.stringify(stored)}.`,
      );
    }
    this.#firstStart = first;
    const epoch = this.#epoch;
    this.#epochMs =
      typeof epoch === 'string'
        ? Date.parse(epoch)
        : typeof epoch === 'number'
          ? epoch * 1000
          : this.#realCalendar
            ? first // the game starts at the real time of its first start
            : 0; // the game's own calendar starts at its zero
    for (const arm of this.#waiting.splice(0)) arm();
  }

  /** The real instant (clock ms) the game first started. */
  get firstStart(): number {
    return this.#ready();
  }

  /** The game time now, in game milliseconds from the calendar's zero. */
  now(): number {
    return this.gameMsAt(this.clock.now());
  }

  /** The game time at a real instant (clock ms). */
  gameMsAt(realMs: number): number {
    // Rounded to whole game ms: a wake-up computed by realMsAt then reads exactly its target.
    return Math.round(this.#epochMs + (realMs - this.#ready()) * this.factor);
  }

  /** The first real instant (whole clock ms) at which the game time is `gameMs` or later. */
  realMsAt(gameMs: number): number {
    return Math.ceil(this.#ready() + (gameMs - this.#epochMs) / this.factor);
  }

  /** What the calendar shows now (or at game instant `gameMs`). */
  components(gameMs = this.now()): TimeComponents {
    return this.calendar.components(gameMs);
  }

  /** One unit's value now: `gameTime.value('hour')`. */
  value(unit: string, gameMs = this.now()): number {
    const v = this.components(gameMs)[unit];
    if (v === undefined) {
      throw new WaystoneError(
        'TIME_INVALID',
        `The game calendar has no unit '${unit}'; its units are ${this.calendar.units.join(', ')}.`,
      );
    }
    return v;
  }

  /** The game time as players read it (the `time` command): the calendar's, or `useFormat`'s. */
  format(gameMs = this.now()): string {
    return this.#format(this.components(gameMs));
  }

  /** Replace the text `format` gives ("the third day of Spring"). */
  useFormat(format: (components: TimeComponents) => string): void {
    this.#format = format;
  }

  /** Real seconds one game `unit` lasts (`realSecondsPer('hour')` is 1800 at factor 2). */
  realSecondsPer(unit: string): number {
    const ms = this.calendar.unitMs(unit);
    if (ms === null) {
      throw new WaystoneError(
        'TIME_INVALID',
        this.calendar.units.includes(unit)
          ? `A game ${unit} has no fixed length in the real calendar.`
          : `The game calendar has no unit '${unit}'; its units are ${this.calendar.units.join(', ')}.`,
      );
    }
    return ms / 1000 / this.factor;
  }

  /**
   * Real milliseconds until the calendar next shows `at` (Evennia's real_seconds_until):
   * `{ hour: 6 }` is the next 06:00:00 — units smaller than the smallest given start at 0 —
   * and always in the future (at 06:00:00 exactly, the next day's). Throws TIME_INVALID for
   * an unknown unit, a value out of range, or a time that never comes.
   */
  realMsUntil(at: TimeSpec): number {
    return this.realMsAt(this.#nextGameMs(this.now(), at)) - this.clock.now();
  }

  /**
   * Call `callback` when the calendar next shows `at` (and, with `repeat`, every time after),
   * on the TimerQueue, in memory: a reload forgets it (see the top of this file), and the
   * game's `setup(game)` makes it again on the next start — made there, before the world
   * opens, it is armed once the first start is loaded. A repeating schedule that fires late
   * (the process was busy) fires once and goes on from now, without catching up the times it
   * missed. What the callback throws is logged; a repeat goes on.
   */
  schedule(callback: TimerCallback, at: TimeSpec, options: ScheduleOptions = {}): GameTimeSchedule {
    this.calendar.next(0, at); // an unknown unit or a value out of range fails here, at once
    const label = options.label ?? `game time ${JSON.stringify(at)}`;
    let timer: Timer | null = null;
    let cancelled = false;
    const arm = (): void => {
      if (cancelled) return;
      let target = this.#nextGameMs(this.now(), at);
      const armed = this.timers.at(
        this.realMsAt(target),
        () => {
          // Re-armed before the callback runs, so one that throws still repeats, and one that
          // cancels its own schedule stops it.
          if (options.repeat === true) {
            const next = this.calendar.next(Math.max(target, this.now()), at);
            if (next !== null) {
              target = next;
              armed.reschedule(this.realMsAt(next));
            }
          }
          return callback();
        },
        label,
      );
      timer = armed;
    };
    if (this.#firstStart === null) this.#waiting.push(arm);
    else arm();
    return {
      get nextAt() {
        return timer?.scheduled === true ? timer.dueAt : null;
      },
      cancel: () => {
        cancelled = true;
        timer?.cancel();
      },
    };
  }

  #nextGameMs(after: number, at: TimeSpec): number {
    const next = this.calendar.next(after, at);
    if (next === null) {
      throw new WaystoneError(
        'TIME_INVALID',
        `The game time ${JSON.stringify(at)} never comes again (now: ${this.format(after)}).`,
      );
    }
    return next;
  }

  #ready(): number {
    if (this.#firstStart === null) {
      throw new WaystoneError(
        'GAMETIME_NOT_READY',
        "Game time is read once the world is open: the game's first start is not loaded yet " +
          '(read it in onWorldCreated, hooks and commands, not in setup(game)).',
      );
    }
    return this.#firstStart;
  }
}
