/**
 * When a repeating timer fires next — the arithmetic behind scripts and tickers, kept pure so
 * it is tested on its own. A timer keeps its rhythm: the next firing is a whole number of
 * intervals after the one that was due, never "interval after it happened to run", so a slow
 * tick or a reload does not drift the bell's hour.
 */
import type { CatchUp } from '../storage/types.ts';

/** 'all' replays at most this many missed firings; beyond that it keeps the rhythm and skips. */
export const MAX_CATCH_UP = 1000;

/** The first firing strictly after `now`, on the rhythm of `dueAt` and `intervalMs`. */
export function firstSlotAfter(dueAt: number, now: number, intervalMs: number): number {
  if (now < dueAt) return dueAt;
  return dueAt + intervalMs * (Math.floor((now - dueAt) / intervalMs) + 1);
}

export interface NextFiring {
  nextAt: number;
  /** Firings passed over (only 'all' past its bound counts them; 'once' skips by design). */
  skipped: number;
}

/**
 * A firing due at `dueAt` ran at `now`: when the next one is due. 'all' takes the very next
 * slot even if it has passed (the queue fires it at once, and so on until caught up, each in a
 * transaction of its own); 'once' and 'skip' jump to the first slot after `now`.
 */
export function nextAfterFiring(
  dueAt: number,
  now: number,
  intervalMs: number,
  catchUp: CatchUp,
): NextFiring {
  if (catchUp === 'all') {
    const next = dueAt + intervalMs;
    const behind = next <= now ? Math.floor((now - next) / intervalMs) + 1 : 0;
    if (behind <= MAX_CATCH_UP) return { nextAt: next, skipped: 0 };
    return { nextAt: firstSlotAfter(dueAt, now, intervalMs), skipped: behind };
  }
  return { nextAt: firstSlotAfter(dueAt, now, intervalMs), skipped: 0 };
}
