/**
 * A sliding-window rate limit per key (an IP address): at most `limit` events within
 * `windowMs`. A key at the limit is refused until its oldest event leaves the window, or, when
 * `blockMs` is set, for `blockMs` from the event that reached the limit if that is longer.
 * Used twice (REFERENCE.md §4): failed logins (5 → blocked 5 minutes) and account creations
 * (2 per 10 minutes).
 *
 * An attempt whose outcome takes time (a password hash) is counted before it runs with
 * `reserve`, so attempts arriving together cannot all pass one `check` before any is counted;
 * one that turns out not to count (the right password) is taken back with `unrecord`.
 *
 * Time is passed in (`now`, ms since the epoch) rather than read from a clock, so tests drive
 * it and saved state stays meaningful across a Server reload. Memory is bounded: at most
 * `maxKeys` keys (the least recently recorded is evicted first) and `limit` times per key.
 *
 * Whoever saves the state is told which keys changed (`onChange`, then `saved(key)`), so a save
 * writes those keys and not every key tracked.
 */
import { z } from 'zod';
import { WaystoneError } from '../../shared/errors.ts';
import { OK, type Refusal } from './verdict.ts';
import { touchBounded } from './recent-keys.ts';

export interface ThrottleOptions {
  /** Events allowed within the window; the one that reaches it starts the block. */
  limit: number;
  /** Length of the sliding window, in ms. */
  windowMs: number;
  /** If set: how long a key stays blocked, in ms, from the event that reached the limit. */
  blockMs?: number;
  /** Player-facing refusal. */
  message: string;
  /** Most keys tracked at once. Default 10 000. */
  maxKeys?: number;
}

export const LOGIN_FAILURE_THROTTLE: ThrottleOptions = Object.freeze({
  limit: 5,
  windowMs: 5 * 60_000,
  blockMs: 5 * 60_000,
  message: 'Too many login failures; please try again in a few minutes.',
});

export const ACCOUNT_CREATION_THROTTLE: ThrottleOptions = Object.freeze({
  limit: 2,
  windowMs: 10 * 60_000,
  message: 'Too many accounts created from your address; please try again later.',
});

export const THROTTLE_DEFAULT_MAX_KEYS = 10_000;

export type ThrottleVerdict =
  { readonly ok: true } | (Refusal & { readonly code: 'THROTTLED'; readonly retryAfterMs: number });

interface KeyState {
  /** Event times within the window, oldest first, at most `limit` of them. */
  times: number[];
  /** Blocked until this time (ms since the epoch); 0 when not blocked. */
  blockedUntil: number;
}

const savedSchema = z.object({
  version: z.literal(1),
  keys: z.array(
    z.tuple([
      z.string(),
      z.object({
        times: z.array(z.number().finite()),
        blockedUntil: z.number().finite(),
      }),
    ]),
  ),
});

export type SavedThrottle = z.infer<typeof savedSchema>;
/** One key's saved state: what `saved(key)` returns and `SavedThrottle.keys` holds per key. */
export type SavedThrottleKey = SavedThrottle['keys'][number][1];

export class Throttle {
  private readonly options: Required<Omit<ThrottleOptions, 'blockMs'>> & { blockMs: number };
  /** Map order is recording order: the first key is the one to evict. */
  private readonly keys = new Map<string, KeyState>();

  /**
   * `onChange` is called with each key whose saved state changed (an event counted or taken
   * back, the key cleared, expired or evicted): read it with `saved(key)`.
   */
  constructor(
    options: ThrottleOptions,
    private readonly onChange: (key: string) => void = () => undefined,
  ) {
    this.options = { maxKeys: THROTTLE_DEFAULT_MAX_KEYS, blockMs: 0, ...options };
    const { limit, windowMs, blockMs, maxKeys } = this.options;
    const bad = [limit, maxKeys].some((n) => !Number.isInteger(n) || n < 1);
    if (bad || !(windowMs > 0) || !(blockMs >= 0)) {
      throw new WaystoneError(
        'CONFIG_INVALID',
        'A throttle needs a positive whole limit and maxKeys, a positive window and a block of 0 or more.',
      );
    }
  }

  /** Whether `key` may try now. Does not count as an event. */
  check(key: string, now: number): ThrottleVerdict {
    const state = this.current(key, now);
    if (state === undefined) return OK;
    const { limit, windowMs, message } = this.options;
    const windowFull = state.times.length >= limit ? (state.times[0] ?? 0) + windowMs : 0;
    const until = Math.max(state.blockedUntil, windowFull);
    if (until <= now) return OK;
    return { ok: false, code: 'THROTTLED', message, retryAfterMs: until - now };
  }

  /** Counts an event for `key` (a failed login, a created account); returns `check` after it. */
  record(key: string, now: number): ThrottleVerdict {
    const state = this.current(key, now) ?? { times: [], blockedUntil: 0 };
    state.times.push(now);
    if (state.times.length > this.options.limit) state.times.shift();
    if (state.times.length >= this.options.limit && this.options.blockMs > 0) {
      state.blockedUntil = Math.max(state.blockedUntil, now + this.options.blockMs);
    }
    touchBounded(this.keys, key, state, this.options.maxKeys, this.onChange);
    this.onChange(key);
    return this.check(key, now);
  }

  /**
   * Counts an event for `key` only if `check` allows one now: the attempt is counted before it
   * runs. An ok verdict means an event was recorded at `now`; give it back with `unrecord(key,
   * now)` if the attempt turns out not to count. A refusal records nothing.
   */
  reserve(key: string, now: number): ThrottleVerdict {
    const verdict = this.check(key, now);
    if (!verdict.ok) return verdict;
    this.record(key, now);
    return OK;
  }

  /**
   * Takes back an event recorded at `at` (a reservation whose attempt did not count: an account
   * creation the name rules refused, a login with the right password). A block that the key's
   * current events started is lifted with it, since fewer than `limit` of them are left; an
   * older block (its events already out of the window) stays.
   */
  unrecord(key: string, at: number): void {
    const state = this.keys.get(key);
    if (state === undefined) return;
    const i = state.times.lastIndexOf(at);
    if (i < 0) return;
    state.times.splice(i, 1);
    this.onChange(key);
    const { blockMs } = this.options;
    if (blockMs > 0 && state.blockedUntil > 0) {
      const startedAt = state.blockedUntil - blockMs;
      // Events are only counted while no block is in force, so a block started by the taken
      // back event or by one still counted belongs to these events alone.
      if (startedAt === at || state.times.includes(startedAt)) state.blockedUntil = 0;
    }
  }

  /** Forgets `key` (e.g. an admin lifting a block). */
  clear(key: string): void {
    if (this.keys.delete(key)) this.onChange(key);
  }

  /** Drops every key with no event in the window and no block left. */
  prune(now: number): void {
    for (const key of [...this.keys.keys()]) this.current(key, now);
  }

  /** Keys currently tracked (for tests and admin listings). */
  get size(): number {
    return this.keys.size;
  }

  toJSON(): SavedThrottle {
    return { version: 1, keys: [...this.keys].map(([key, s]) => [key, savedKey(s)]) };
  }

  /** One key's state as saved, or null when there is nothing to keep for it. */
  saved(key: string): SavedThrottleKey | null {
    const state = this.keys.get(key);
    // No events and no block (an attempt counted and taken back) is the same as no key.
    if (state === undefined || (state.times.length === 0 && state.blockedUntil === 0)) return null;
    return savedKey(state);
  }

  /**
   * Restores saved state under (possibly changed) options. Rejects malformed data with
   * THROTTLE_STATE_INVALID rather than silently starting empty, so the caller decides.
   */
  static fromJSON(
    data: unknown,
    options: ThrottleOptions,
    onChange?: (key: string) => void,
  ): Throttle {
    const parsed = savedSchema.safeParse(data);
    if (!parsed.success) {
      throw new WaystoneError(
        'THROTTLE_STATE_INVALID',
        `Saved throttle state: ${parsed.error.message}`,
      );
    }
    const throttle = new Throttle(options, onChange);
    const { limit, maxKeys } = throttle.options;
    for (const [key, s] of parsed.data.keys.slice(-maxKeys)) {
      const times = [...s.times].sort((a, b) => a - b).slice(-limit);
      throttle.keys.set(key, { times, blockedUntil: s.blockedUntil });
    }
    return throttle;
  }

  /** The key's state with old events dropped; deletes and returns undefined if nothing is left. */
  private current(key: string, now: number): KeyState | undefined {
    const state = this.keys.get(key);
    if (state === undefined) return undefined;
    const windowStart = now - this.options.windowMs;
    while (state.times.length > 0 && (state.times[0] ?? 0) <= windowStart) state.times.shift();
    if (state.times.length === 0 && state.blockedUntil <= now) {
      this.keys.delete(key);
      this.onChange(key);
      return undefined;
    }
    return state;
  }
}

function savedKey(state: KeyState): SavedThrottleKey {
  return { times: [...state.times], blockedUntil: state.blockedUntil };
}
