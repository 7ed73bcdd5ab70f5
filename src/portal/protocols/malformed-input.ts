/**
 * One connection's malformed input: telnet sequences that break RFC 854, GMCP or MSDP that does
 * not parse, WebSocket messages that decode to nothing. An honest client sends such a thing
 * rarely (a client bug, a line noise burst); a client that sends them in a stream is broken or
 * hostile, and every one of them costs parsing and, before this guard, a log line.
 *
 *   first malformed input of the connection → logged (through the Portal's RateLimitedLog)
 *   later ones → counted only
 *   more than `maxErrors` within `windowMs` → `record` answers true: the caller closes the
 *     connection, and the close is logged once with `closeCode` and the count
 *
 * `maxErrors` 0 never closes (the first is still logged).
 */
import type { ErrorCode } from '../../shared/errors.ts';
import type { RateLimitedLog } from '../../shared/rate-limited-log.ts';

export interface MalformedInputLimits {
  /** Malformed inputs allowed within `windowMs`; one more closes the connection. 0: no limit. */
  readonly maxErrors: number;
  readonly windowMs: number;
}

/** What the player reads before the connection closes. */
export const MALFORMED_INPUT_REASON =
  'Too many malformed protocol messages from your client; closing the connection.';

export class MalformedInputGuard {
  private inWindow = 0;
  private windowStart = 0;
  private total = 0;
  private tripped = false;

  constructor(
    private readonly limits: MalformedInputLimits,
    /** The stable code the close is logged with (TELNET_MALFORMED, WEBSOCKET_MALFORMED). */
    private readonly closeCode: ErrorCode,
    private readonly log: RateLimitedLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** Malformed inputs seen on this connection. */
  get count(): number {
    return this.total;
  }

  /**
   * Records one malformed input (`code` says what it was). Returns true once the connection
   * has passed its limit: the caller closes it; later calls return false.
   */
  record(code: string, detail: string, fields: Record<string, unknown>): boolean {
    this.total += 1;
    if (this.total === 1) this.log.info(code, fields, detail);
    if (this.tripped || this.limits.maxErrors <= 0) return false;
    const now = this.now();
    if (now - this.windowStart > this.limits.windowMs) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    this.inWindow += 1;
    if (this.inWindow <= this.limits.maxErrors) return false;
    this.tripped = true;
    this.log.warn(
      this.closeCode,
      { ...fields, malformed: this.total, last: code },
      `closing a connection that keeps sending malformed input (${this.inWindow} within ${Math.round(this.limits.windowMs / 1000)} s)`,
    );
    return true;
  }
}
