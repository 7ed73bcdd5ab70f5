/**
 * Cuts the telnet data stream (after the parser has removed commands) into input lines.
 *
 * Line ends: RFC 854 asks for CR LF, and CR NUL for a bare CR, but clients send what they like,
 * so CR LF, CR NUL, LF CR and LF each end one line, and a lone CR ends a line too. The pair is
 * read greedily: a line ends at the first CR or LF, and the byte right after is swallowed when
 * it completes a pair (LF or NUL after CR; CR after LF). So `\r\n\r\n` and `\n\r\n\r` are two
 * empty lines each, and no line end waits for a byte that may never come. A NUL anywhere else
 * is dropped: RFC 854 makes NUL a no-op, and it has no place in a command.
 *
 * The line cap is enforced while reading (REFERENCE §11): the reader never holds more than
 * `maxLineBytes`. A line that passes it gives one `overflow` event as soon as it does; the
 * rest of that line is skipped up to its line end, and the next line is read normally.
 */

export type LineEvent =
  | { readonly kind: 'line'; readonly line: Buffer }
  | { readonly kind: 'overflow'; readonly code: 'TELNET_LINE_TOO_LONG'; readonly limit: number };

export interface LineReaderOptions {
  /** Longest line kept, in bytes, without its line end. */
  readonly maxLineBytes?: number;
}

/** 6000 characters (REFERENCE §11) of up to 4 UTF-8 bytes each. */
export const DEFAULT_MAX_LINE_BYTES = 6000 * 4;

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

type ReaderState =
  | 'text'
  | 'after-cr' // a line just ended at CR; an LF or NUL next belongs to it
  | 'after-lf'; // a line just ended at LF; a CR next belongs to it

export class LineReader {
  private state: ReaderState = 'text';
  private readonly maxLineBytes: number;
  /** Grows on demand up to the cap; holds `pendingLength` bytes of the unfinished line. */
  private pending: Buffer | null = null;
  private pendingLength = 0;
  /** The current line passed the cap; skip to its end. */
  private skipping = false;

  constructor(options: LineReaderOptions = {}) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RangeError(`maxLineBytes must be a non-negative integer, got ${max}`);
    }
    this.maxLineBytes = max;
  }

  /** Bytes of the unfinished line held (never more than the cap). */
  get bufferedBytes(): number {
    return this.pendingLength;
  }

  push(data: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    // Start of the current run of ordinary bytes in `data`, copied out only at its end.
    let runStart = -1;
    for (let i = 0; i < data.length; i += 1) {
      const byte = data[i]!;
      if (this.state !== 'text') {
        const completesPair = this.state === 'after-cr' ? byte === LF || byte === NUL : byte === CR;
        this.state = 'text';
        if (completesPair) continue;
      }
      if (byte !== CR && byte !== LF && byte !== NUL) {
        if (runStart < 0) runStart = i;
        continue;
      }
      if (byte !== NUL && runStart >= 0 && this.pendingLength === 0 && !this.skipping) {
        // The usual case: a whole line inside one chunk. Copied out once, no line buffer kept.
        this.wholeLine(data, runStart, i, events);
        runStart = -1;
        this.state = byte === CR ? 'after-cr' : 'after-lf';
        continue;
      }
      if (runStart >= 0) {
        this.append(data, runStart, i, events);
        runStart = -1;
      }
      if (byte === NUL) continue; // A stray NUL is dropped.
      this.endLine(events);
      this.state = byte === CR ? 'after-cr' : 'after-lf';
    }
    if (runStart >= 0) this.append(data, runStart, data.length, events);
    return events;
  }

  /** Emits data[from, to) as a line of its own (nothing pending), or reports it too long. */
  private wholeLine(data: Buffer, from: number, to: number, events: LineEvent[]): void {
    if (to - from > this.maxLineBytes) {
      events.push({ kind: 'overflow', code: 'TELNET_LINE_TOO_LONG', limit: this.maxLineBytes });
      return;
    }
    const line = Buffer.allocUnsafe(to - from);
    data.copy(line, 0, from, to);
    events.push({ kind: 'line', line });
  }

  /** Copies data[from, to) onto the line, checking the cap before copying anything. */
  private append(data: Buffer, from: number, to: number, events: LineEvent[]): void {
    if (this.skipping) return;
    const needed = this.pendingLength + (to - from);
    if (needed > this.maxLineBytes) {
      events.push({ kind: 'overflow', code: 'TELNET_LINE_TOO_LONG', limit: this.maxLineBytes });
      this.skipping = true;
      this.pendingLength = 0;
      this.pending = null;
      return;
    }
    let pending = this.pending;
    if (pending === null || pending.length < needed) {
      // Double to amortise copies, but never allocate past the cap.
      const size = Math.min(this.maxLineBytes, Math.max(needed, 256, (pending?.length ?? 0) * 2));
      const grown = Buffer.allocUnsafe(size);
      if (pending !== null) pending.copy(grown, 0, 0, this.pendingLength);
      pending = grown;
      this.pending = grown;
    }
    data.copy(pending, this.pendingLength, from, to);
    this.pendingLength = needed;
  }

  private endLine(events: LineEvent[]): void {
    if (this.skipping) {
      this.skipping = false; // The overflow was reported; the line is gone.
      return;
    }
    const line = Buffer.allocUnsafe(this.pendingLength);
    if (this.pending !== null) this.pending.copy(line, 0, 0, this.pendingLength);
    events.push({ kind: 'line', line });
    this.pendingLength = 0;
    // Nothing is kept between lines: an idle session holds no buffer (a small one from
    // Buffer's shared pool would pin the whole 8 KiB slab it was cut from).
    this.pending = null;
  }
}
