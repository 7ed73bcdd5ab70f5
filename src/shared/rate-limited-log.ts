/**
 * Log entries a remote client can cause, written at a bounded rate so that no client can turn
 * its bytes into log volume (a malformed telnet sequence is 5 bytes; a log line is 300).
 *
 * Every entry has a stable `code`. Within one window (a minute by default) the first
 * `perWindow` entries of a code are written as usual; the rest are only counted, and when the
 * window ends one summary entry per code says how many were left out:
 *
 *   {"code":"TELNET_SB_UNTERMINATED","suppressed":41250,"windowSeconds":60,
 *    "msg":"41250 more TELNET_SB_UNTERMINATED entries in the last 60 s were not written"}
 *
 * So at most (perWindow + 1) entries per code and window reach the log through one
 * RateLimitedLog, however many clients misbehave at once. The Portal keeps one per listener
 * (and one for connection admission), shared by all of its connections. An entry below the
 * logger's level costs nothing and is not counted.
 */
import type { Logger } from 'pino';

export type LimitedLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RateLimitedLogOptions {
  /** Length of one counting window. Default 60 s. */
  readonly windowMs?: number;
  /** Entries of one code written per window before the rest are only counted. Default 5. */
  readonly perWindow?: number;
}

export const DEFAULT_LOG_WINDOW_MS = 60_000;
export const DEFAULT_LOG_PER_WINDOW = 5;
/**
 * Codes tracked at once. Codes come from Waystone's own source, so this is never reached in
 * practice; past it, new codes share one entry so the table stays bounded whatever happens.
 */
const MAX_CODES = 256;
const OVERFLOW_CODE = 'LOG_CODES_OVERFLOW';

interface CodeCount {
  written: number;
  suppressed: number;
  /** Level of the last suppressed entry: its summary is written at the same level. */
  level: LimitedLevel;
}

export class RateLimitedLog {
  private readonly byCode = new Map<string, CodeCount>();
  private readonly windowMs: number;
  private readonly perWindow: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: Logger,
    options: RateLimitedLogOptions = {},
  ) {
    this.windowMs = options.windowMs ?? DEFAULT_LOG_WINDOW_MS;
    this.perWindow = options.perWindow ?? DEFAULT_LOG_PER_WINDOW;
  }

  debug(code: string, fields: Record<string, unknown>, msg: string): void {
    this.write('debug', code, fields, msg);
  }

  info(code: string, fields: Record<string, unknown>, msg: string): void {
    this.write('info', code, fields, msg);
  }

  warn(code: string, fields: Record<string, unknown>, msg: string): void {
    this.write('warn', code, fields, msg);
  }

  error(code: string, fields: Record<string, unknown>, msg: string): void {
    this.write('error', code, fields, msg);
  }

  /** Writes the pending summaries now and starts a fresh window (tests, shutdown). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const seconds = Math.round(this.windowMs / 1000);
    for (const [code, count] of this.byCode) {
      if (count.suppressed === 0) continue;
      this.log[count.level](
        { code, suppressed: count.suppressed, windowSeconds: seconds },
        `${count.suppressed} more ${code} entries in the last ${seconds} s were not written`,
      );
    }
    this.byCode.clear();
  }

  private write(
    level: LimitedLevel,
    code: string,
    fields: Record<string, unknown>,
    msg: string,
  ): void {
    if (!this.log.isLevelEnabled(level)) return;
    let key = code;
    let count = this.byCode.get(key);
    if (count === undefined && this.byCode.size >= MAX_CODES) {
      key = OVERFLOW_CODE;
      count = this.byCode.get(key);
    }
    if (count === undefined) {
      count = { written: 0, suppressed: 0, level };
      this.byCode.set(key, count);
    }
    // The window starts with its first entry and ends on a timer, so a burst that stops is
    // still summarised; the timer is not kept while nothing is counted.
    if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
    if (count.written < this.perWindow && key === code) {
      count.written += 1;
      this.log[level]({ code, ...fields }, msg);
      return;
    }
    count.suppressed += 1;
    count.level = level;
  }
}
