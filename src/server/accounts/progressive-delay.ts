/**
 * A progressive delay per key (an account name): the first `freeFailures` failures cost
 * nothing; after that, each attempt must wait a delay after the last counted failure, starting
 * at `delayMs` and doubling with every further failure, capped at `maxDelayMs`. Attempts
 * during the wait are refused without being counted (and without a password hash). Failures
 * are forgotten once none has been counted for `windowMs`.
 *
 * It guards one account against guesses spread over many addresses, which the per-address
 * throttle (throttle.ts) cannot see. It never locks an account: the wait is capped, and the
 * login service exempts addresses that have logged into the account before
 * (login/known-addresses.ts), so the owner keeps getting in from where they usually play.
 *
 * Like the Throttle, attempts are counted before they run (`reserve`) and taken back when they
 * did not fail (`refund`); time is passed in; memory is bounded by `maxKeys` (the least
 * recently counted key is forgotten first), two numbers per key. Whoever saves the state is
 * told which keys changed (`onChange`, then `saved(key)`).
 */
import { z } from 'zod';
import { WaystoneError } from '../../shared/errors.ts';
import { THROTTLE_DEFAULT_MAX_KEYS, type ThrottleVerdict } from './throttle.ts';
import { OK } from './verdict.ts';
import { touchBounded } from './recent-keys.ts';

export interface ProgressiveDelayOptions {
  /** Failures counted without any delay. */
  freeFailures: number;
  /** Failures are forgotten once none has been counted for this long, in ms. */
  windowMs: number;
  /** The first delay, in ms; it doubles with each further failure. */
  delayMs: number;
  /** The longest delay, in ms. */
  maxDelayMs: number;
  /** Player-facing refusal; `{wait}` becomes how long is left ("40 seconds", "3 minutes"). */
  message: string;
  /** Most keys tracked at once. Default 10 000. */
  maxKeys?: number;
}

export const ACCOUNT_GUESS_DELAY: ProgressiveDelayOptions = Object.freeze({
  freeFailures: 10,
  windowMs: 60 * 60_000,
  delayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  message:
    'Too many failed logins for that account recently; please wait {wait} before trying it again.',
});

/** Doublings beyond this cannot matter (2^40 times any sane first delay exceeds any cap). */
const MAX_DOUBLINGS = 40;

interface KeyState {
  /** Failures counted in the current run (none more than `windowMs` apart). */
  failures: number;
  /** When the last failure was counted (ms since the epoch). */
  lastAt: number;
}

const savedSchema = z.object({
  version: z.literal(1),
  keys: z.array(
    z.tuple([
      z.string(),
      z.object({
        failures: z.number().int().min(0),
        lastAt: z.number().finite(),
      }),
    ]),
  ),
});

export type SavedProgressiveDelay = z.infer<typeof savedSchema>;
/** One key's saved state: what `saved(key)` returns and `SavedProgressiveDelay.keys` holds. */
export type SavedDelayKey = SavedProgressiveDelay['keys'][number][1];

export class ProgressiveDelay {
  private readonly options: Required<ProgressiveDelayOptions>;
  /** Map order is counting order: the first key is the one to evict. */
  private readonly keys = new Map<string, KeyState>();

  /** `onChange` is called with each key whose saved state changed: read it with `saved(key)`. */
  constructor(
    options: ProgressiveDelayOptions,
    private readonly onChange: (key: string) => void = () => undefined,
  ) {
    this.options = { maxKeys: THROTTLE_DEFAULT_MAX_KEYS, ...options };
    const { freeFailures, windowMs, delayMs, maxDelayMs, maxKeys } = this.options;
    const wholes = [freeFailures, maxKeys].every((n) => Number.isInteger(n) && n >= 0);
    if (!wholes || maxKeys < 1 || !(windowMs > 0) || !(delayMs > 0) || !(maxDelayMs >= delayMs)) {
      throw new WaystoneError(
        'CONFIG_INVALID',
        'A progressive delay needs whole free failures (0 or more) and maxKeys (1 or more), a positive window and first delay, and a longest delay no shorter than the first.',
      );
    }
  }

  /** Whether `key` may be tried now. Does not count anything. */
  check(key: string, now: number): ThrottleVerdict {
    const state = this.current(key, now);
    if (state === undefined) return OK;
    const until = state.lastAt + this.delayAfter(state.failures);
    if (until <= now) return OK;
    const retryAfterMs = until - now;
    const message = this.options.message.replace('{wait}', describeWait(retryAfterMs));
    return { ok: false, code: 'THROTTLED', message, retryAfterMs };
  }

  /**
   * Counts a failure for `key` now if `check` allows an attempt, before the attempt runs; an ok
   * verdict must be followed by `refund(key)` if the attempt did not fail. A refusal counts
   * nothing.
   */
  reserve(key: string, now: number): ThrottleVerdict {
    const verdict = this.check(key, now);
    if (!verdict.ok) return verdict;
    const state = this.current(key, now) ?? { failures: 0, lastAt: now };
    state.failures += 1;
    state.lastAt = Math.max(state.lastAt, now);
    touchBounded(this.keys, key, state, this.options.maxKeys, this.onChange);
    this.onChange(key);
    return OK;
  }

  /**
   * Takes back one reserved failure (the password was right, or the check could not run). The
   * time of the last failure stays: at worst the next attempt waits a little longer.
   */
  refund(key: string): void {
    const state = this.keys.get(key);
    if (state === undefined) return;
    state.failures -= 1;
    if (state.failures <= 0) this.keys.delete(key);
    this.onChange(key);
  }

  /** Forgets `key` (e.g. an admin lifting the delay). */
  clear(key: string): void {
    if (this.keys.delete(key)) this.onChange(key);
  }

  /** Drops every key whose failures are forgotten. */
  prune(now: number): void {
    for (const key of [...this.keys.keys()]) this.current(key, now);
  }

  /** Keys currently tracked (for tests and admin listings). */
  get size(): number {
    return this.keys.size;
  }

  /** The wait after `failures` failures: none while they are free, then doubling to the cap. */
  delayAfter(failures: number): number {
    const { freeFailures, delayMs, maxDelayMs } = this.options;
    if (failures < freeFailures) return 0;
    const doublings = Math.min(failures - freeFailures, MAX_DOUBLINGS);
    return Math.min(maxDelayMs, delayMs * 2 ** doublings);
  }

  toJSON(): SavedProgressiveDelay {
    return {
      version: 1,
      keys: [...this.keys].map(([key, s]) => [key, { failures: s.failures, lastAt: s.lastAt }]),
    };
  }

  /** One key's state as saved, or null when nothing is kept for it. */
  saved(key: string): SavedDelayKey | null {
    const state = this.keys.get(key);
    return state === undefined ? null : { failures: state.failures, lastAt: state.lastAt };
  }

  /**
   * Restores saved state under (possibly changed) options. Rejects malformed data with
   * THROTTLE_STATE_INVALID rather than silently starting empty, so the caller decides.
   */
  static fromJSON(
    data: unknown,
    options: ProgressiveDelayOptions,
    onChange?: (key: string) => void,
  ): ProgressiveDelay {
    const parsed = savedSchema.safeParse(data);
    if (!parsed.success) {
      throw new WaystoneError(
        'THROTTLE_STATE_INVALID',
        `Saved progressive delay state: ${parsed.error.message}`,
      );
    }
    const delay = new ProgressiveDelay(options, onChange);
    for (const [key, s] of parsed.data.keys.slice(-delay.options.maxKeys)) {
      delay.keys.set(key, { failures: s.failures, lastAt: s.lastAt });
    }
    return delay;
  }

  /** The key's state, or undefined (deleting it) once its failures are forgotten. */
  private current(key: string, now: number): KeyState | undefined {
    const state = this.keys.get(key);
    if (state === undefined) return undefined;
    if (state.failures === 0 || now - state.lastAt >= this.options.windowMs) {
      this.keys.delete(key);
      this.onChange(key);
      return undefined;
    }
    return state;
  }
}

/** "1 second", "40 seconds", "3 minutes": rounded up, so the player never comes back early. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
