/**
 * Time, injected. Everything in the Server that waits — scripts, tickers, delays, game time,
 * on-demand state — reads `now()` and arms its one wake-up through a Clock, never through
 * `Date.now`/`setTimeout` directly: the running game uses the SystemClock, and tests (the
 * WorldTestKit) a VirtualClock they move forward by hand, so a script that acts every game
 * hour is tested in milliseconds, deterministically.
 */

/** A wake-up armed on a clock; `cancel` is safe to call twice or after it fired. */
export interface ClockTimer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch (the virtual clock starts wherever it is told). */
  now(): number;
  /**
   * Call `fn` once, `ms` from now. What `fn` returns (a promise) is awaited by a virtual clock
   * before it moves further, so async callbacks settle in order there.
   */
  wakeIn(ms: number, fn: () => void | Promise<unknown>): ClockTimer;
}

/** Node's timers cannot wait longer than this; longer waits wake early and re-arm. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  wakeIn(ms: number, fn: () => void | Promise<unknown>): ClockTimer {
    const timer = setTimeout(() => void fn(), Math.min(Math.max(0, ms), MAX_TIMEOUT_MS));
    // A game with only timers left must still be able to exit when asked to stop.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  }
}
