/**
 * How many command lines the Server runs, for the `server` command's "commands per second": a
 * total, and a rate over the last minute kept in 60 one-second buckets, so the memory is fixed
 * however busy the game is. The Server records every line a session types and every line an
 * object runs (`obj.execute`); time comes from the world's clock, so a test's virtual clock
 * moves the window.
 */
import type { Clock } from '../../../timing/clock.ts';

/** The window the rate is taken over. */
export const METER_WINDOW_SECONDS = 60;

export class CommandMeter {
  #total = 0;
  /** Lines in each second of the window, by second number modulo the window. */
  readonly #counts = new Array<number>(METER_WINDOW_SECONDS).fill(0);
  /** Which second each bucket holds (a bucket from an older lap counts as empty). */
  readonly #seconds = new Array<number>(METER_WINDOW_SECONDS).fill(-1);

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** One line was run. */
  record(): void {
    const second = Math.floor(this.clock.now() / 1000);
    const i = second % METER_WINDOW_SECONDS;
    if (this.#seconds[i] !== second) {
      this.#seconds[i] = second;
      this.#counts[i] = 0;
    }
    this.#counts[i] = (this.#counts[i] ?? 0) + 1;
    this.#total += 1;
  }

  /** Lines run since the Server started. */
  get total(): number {
    return this.#total;
  }

  /** Lines run in the last minute (this second included). */
  lastMinute(): number {
    const now = Math.floor(this.clock.now() / 1000);
    let sum = 0;
    for (let i = 0; i < METER_WINDOW_SECONDS; i++) {
      const second = this.#seconds[i] ?? -1;
      if (second > now - METER_WINDOW_SECONDS && second <= now) sum += this.#counts[i] ?? 0;
    }
    return sum;
  }

  /** Lines per second, averaged over the last minute. */
  perSecond(): number {
    return this.lastMinute() / METER_WINDOW_SECONDS;
  }
}
