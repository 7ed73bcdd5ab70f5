/**
 * A clock that moves only when told: `advance(ms)` runs every wake-up that falls due on the
 * way, in time order, each at its own instant (`now()` reads that instant inside it), awaiting
 * what each returns before the next. Tests of scripts, tickers, delays and game time use it
 * (WorldTestKit `advance`), so nothing waits for real time.
 */
import type { Clock, ClockTimer } from './clock.ts';

interface Wake {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void | Promise<unknown>;
  cancelled: boolean;
}

/** At most this many wake-ups in one advance: a timer re-arming at 0 ms is a bug, not a loop. */
const MAX_WAKES_PER_ADVANCE = 1_000_000;

export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #wakes: Wake[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  wakeIn(ms: number, fn: () => void | Promise<unknown>): ClockTimer {
    const wake: Wake = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#wakes.push(wake);
    return {
      cancel: () => {
        wake.cancelled = true;
      },
    };
  }

  /** Moves time forward by `ms`, running what falls due on the way. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`advance needs a time of 0 or more, not ${ms}`);
    const target = this.#now + ms;
    for (let n = 0; ; n++) {
      if (n >= MAX_WAKES_PER_ADVANCE) {
        throw new Error(`more than ${MAX_WAKES_PER_ADVANCE} wake-ups in one advance`);
      }
      const next = this.#nextDue(target);
      if (next === undefined) break;
      this.#wakes.splice(this.#wakes.indexOf(next), 1);
      this.#now = next.at;
      await next.fn();
      // Let what the wake-up started without awaiting (commits, hooks) settle too.
      await settle();
    }
    this.#now = target;
  }

  /** Wake-ups armed and not yet run or cancelled. */
  get pending(): number {
    return this.#wakes.filter((w) => !w.cancelled).length;
  }

  #nextDue(target: number): Wake | undefined {
    this.#wakes = this.#wakes.filter((w) => !w.cancelled);
    let best: Wake | undefined;
    for (const w of this.#wakes) {
      if (w.at > target) continue;
      if (best === undefined || w.at < best.at || (w.at === best.at && w.seq < best.seq)) best = w;
    }
    return best;
  }
}

/** A few turns of the event loop: enough for chained promises and a SQLite commit. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
