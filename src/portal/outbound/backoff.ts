/**
 * How long an outbound connection waits before its next attempt: doubling from `initialMs` up
 * to `maxMs` (bounded: a server that is down for a day is tried every few minutes, not every
 * few hours), with jitter so that bridges that lost the same server do not all come back in
 * the same instant. `reset()` once a connection proved good (registered, fetched).
 */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Each delay is drawn from [delay × (1 − jitter), delay]. Default 0.2. */
  readonly jitter?: number;
  /** A number in [0, 1) (Math.random); tests pass their own. */
  readonly random?: () => number;
}

export class Backoff {
  private attempt = 0;

  constructor(private readonly opts: BackoffOptions) {
    if (!(opts.initialMs > 0) || !(opts.maxMs >= opts.initialMs))
      throw new RangeError('Backoff needs 0 < initialMs <= maxMs');
  }

  /** Attempts that failed since the last reset. */
  get failures(): number {
    return this.attempt;
  }

  /** The wait before the next attempt, counting this failure. */
  next(): number {
    const { initialMs, maxMs, jitter = 0.2, random = Math.random } = this.opts;
    // 2^attempt overflows nothing: the exponent stops growing once the cap is reached.
    const exponent = Math.min(this.attempt, Math.ceil(Math.log2(maxMs / initialMs)) + 1);
    this.attempt += 1;
    const delay = Math.min(maxMs, initialMs * 2 ** exponent);
    return Math.round(delay * (1 - jitter * random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
