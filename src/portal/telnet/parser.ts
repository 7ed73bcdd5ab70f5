/**
 * The telnet input parser: bytes from the socket in, typed events out.
 *
 * An explicit state machine over RFC 854's grammar. It separates the data stream from commands,
 * negotiations (WILL/WONT/DO/DONT) and subnegotiations (IAC SB ... IAC SE), and leaves meaning
 * to others: `negotiation.ts` answers negotiations, `line-reader.ts` cuts data into lines.
 *
 * Guarantees, because a MUD port faces every kind of client and scanner (REFERENCE §12):
 * - Chunking never changes the result: any split of the same bytes gives the same events,
 *   except that one run of data may arrive as several `data` events.
 * - Every byte is consumed in a bounded number of steps and no input can wedge the parser:
 *   `IAC SE` outside SB, `IAC <unknown>`, an empty SB or a never-ending SB all have a rule.
 * - Subnegotiation payloads are capped (`maxSubnegotiationBytes`); the cap is checked before
 *   anything is copied, so the parser never holds more than the cap.
 * - Data is not copied: `data` events are views (`subarray`) of the pushed chunk.
 */
import { CMD, type NegotiationVerb } from './constants.ts';

export type TelnetParseErrorCode =
  /** A subnegotiation payload passed `maxSubnegotiationBytes`; it is discarded. */
  | 'TELNET_SB_OVERFLOW'
  /** Inside SB, IAC was followed by neither IAC nor SE: the SB is dropped (see below). */
  | 'TELNET_SB_UNTERMINATED'
  /** `IAC SB IAC SE`: a subnegotiation without even an option byte. */
  | 'TELNET_SB_EMPTY';

export type TelnetEvent =
  | { readonly kind: 'data'; readonly data: Buffer }
  | { readonly kind: 'command'; readonly command: number }
  | { readonly kind: 'negotiate'; readonly verb: NegotiationVerb; readonly option: number }
  | { readonly kind: 'subnegotiation'; readonly option: number; readonly payload: Buffer }
  /** Bytes of this chunk left unparsed after a pause (see `pauseAfterSubnegotiation`). */
  | { readonly kind: 'remainder'; readonly rest: Buffer }
  | {
      readonly kind: 'error';
      readonly code: TelnetParseErrorCode;
      /** The SB's option, or null when the SB never named one. */
      readonly option: number | null;
      readonly detail: string;
    };

export interface TelnetParserOptions {
  /** Largest subnegotiation payload kept, in bytes (after IAC IAC un-doubling). */
  readonly maxSubnegotiationBytes?: number;
  /**
   * Asked after each complete subnegotiation; `true` stops parsing the current chunk there and
   * hands the unparsed tail back as a `remainder` event. MCCP3 needs this: every byte after
   * `IAC SB MCCP3 IAC SE` is compressed and must go through an inflater before this parser.
   */
  readonly pauseAfterSubnegotiation?: (option: number) => boolean;
}

export const DEFAULT_MAX_SUBNEGOTIATION_BYTES = 65_536;

type ParserState =
  | 'data'
  | 'iac' // after IAC in the data stream
  | 'will' // after IAC WILL, awaiting the option byte; likewise the next three
  | 'wont'
  | 'do'
  | 'dont'
  | 'sb-option' // after IAC SB, awaiting the option byte
  | 'sb-data' // collecting the payload
  | 'sb-iac'; // after IAC inside SB

const VERB_STATES: Readonly<Record<'will' | 'wont' | 'do' | 'dont', NegotiationVerb>> = {
  will: 'WILL',
  wont: 'WONT',
  do: 'DO',
  dont: 'DONT',
};

export class TelnetParser {
  private state: ParserState = 'data';
  private readonly maxSbBytes: number;
  private readonly pauseAfter: ((option: number) => boolean) | undefined;

  /** The current SB's option; null after `IAC SB IAC` until the byte that follows decides. */
  private sbOption: number | null = null;
  /** Grows on demand up to the cap; holds `sbLength` payload bytes. */
  private sbScratch: Buffer | null = null;
  private sbLength = 0;
  /** The payload passed the cap: the rest of this SB is skipped up to its IAC SE. */
  private sbOverflowed = false;

  constructor(options: TelnetParserOptions = {}) {
    const max = options.maxSubnegotiationBytes ?? DEFAULT_MAX_SUBNEGOTIATION_BYTES;
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RangeError(`maxSubnegotiationBytes must be a non-negative integer, got ${max}`);
    }
    this.maxSbBytes = max;
    this.pauseAfter = options.pauseAfterSubnegotiation;
  }

  /** Subnegotiation payload bytes currently held (never more than the cap). */
  get bufferedBytes(): number {
    return this.sbLength;
  }

  /** Size of the buffer held for a subnegotiation under way; 0 between subnegotiations. */
  get heldBufferBytes(): number {
    return this.sbScratch?.length ?? 0;
  }

  push(chunk: Buffer): TelnetEvent[] {
    const events: TelnetEvent[] = [];
    const end = chunk.length;
    let i = 0;
    // Start of a data run whose first byte is the second IAC of an `IAC IAC` pair: the run
    // continues from that byte, so the escaped 0xFF costs no event and no copy of its own.
    let runStart = -1;

    while (i < end) {
      switch (this.state) {
        case 'data': {
          const from = runStart >= 0 ? runStart : i;
          runStart = -1;
          const at = chunk.indexOf(CMD.IAC, i);
          const stop = at === -1 ? end : at;
          if (stop > from) events.push({ kind: 'data', data: chunk.subarray(from, stop) });
          if (at === -1) {
            i = end;
          } else {
            this.state = 'iac';
            i = at + 1;
          }
          break;
        }

        case 'iac': {
          const byte = chunk[i]!;
          if (byte === CMD.IAC) {
            // IAC IAC is one data byte 255 (RFC 854); this second IAC begins the next run.
            runStart = i;
            this.state = 'data';
          } else if (byte === CMD.WILL) {
            this.state = 'will';
          } else if (byte === CMD.WONT) {
            this.state = 'wont';
          } else if (byte === CMD.DO) {
            this.state = 'do';
          } else if (byte === CMD.DONT) {
            this.state = 'dont';
          } else if (byte === CMD.SB) {
            this.beginSubnegotiation();
          } else {
            // NOP, GA, AYT... and also bytes with no meaning here (`IAC SE` outside SB,
            // `IAC 00`): all reported as commands, for the caller to act on or ignore.
            events.push({ kind: 'command', command: byte });
            this.state = 'data';
          }
          i += 1;
          break;
        }

        case 'will':
        case 'wont':
        case 'do':
        case 'dont': {
          // Any byte is an option number here, 255 included (EXOPL, RFC 861).
          events.push({ kind: 'negotiate', verb: VERB_STATES[this.state], option: chunk[i]! });
          this.state = 'data';
          i += 1;
          break;
        }

        case 'sb-option': {
          const byte = chunk[i]!;
          if (byte === CMD.IAC) {
            // The option byte is escaped like payload; `IAC SB IAC SE` has no option at all.
            this.state = 'sb-iac';
          } else {
            this.sbOption = byte;
            this.state = 'sb-data';
          }
          i += 1;
          break;
        }

        case 'sb-data': {
          const at = chunk.indexOf(CMD.IAC, i);
          const stop = at === -1 ? end : at;
          this.appendPayload(chunk, i, stop, events);
          if (at === -1) {
            i = end;
          } else {
            this.state = 'sb-iac';
            i = at + 1;
          }
          break;
        }

        case 'sb-iac': {
          const byte = chunk[i]!;
          if (byte === CMD.SE) {
            i += 1;
            const option = this.finishSubnegotiation(events);
            if (option !== null && this.pauseAfter?.(option) === true) {
              if (i < end) events.push({ kind: 'remainder', rest: chunk.subarray(i) });
              return events;
            }
          } else if (byte === CMD.IAC) {
            if (this.sbOption === null) {
              this.sbOption = CMD.IAC; // `IAC SB IAC IAC`: option 255, escaped.
            } else {
              this.appendPayload(chunk, i, i + 1, events);
            }
            this.state = 'sb-data';
            i += 1;
          } else {
            // IAC followed by anything else inside SB breaks RFC 854. Rule: the peer forgot
            // IAC SE, so the SB ends here unread (its payload may be cut short) and this IAC
            // starts a command in the data stream; the byte is read again in state 'iac',
            // which always consumes it, so this cannot loop.
            events.push({
              kind: 'error',
              code: 'TELNET_SB_UNTERMINATED',
              option: this.sbOption,
              detail: `IAC ${byte} inside subnegotiation; subnegotiation dropped`,
            });
            this.endSubnegotiation();
            this.state = 'iac';
          }
          break;
        }

        default: {
          const unreachable: never = this.state;
          throw new Error(`unhandled telnet parser state ${String(unreachable)}`);
        }
      }
    }

    if (runStart >= 0) events.push({ kind: 'data', data: chunk.subarray(runStart, end) });
    return events;
  }

  private beginSubnegotiation(): void {
    this.state = 'sb-option';
    this.sbOption = null;
    this.sbLength = 0;
    this.sbOverflowed = false;
  }

  /** Copies chunk[from, to) into the payload, checking the cap before copying anything. */
  private appendPayload(chunk: Buffer, from: number, to: number, events: TelnetEvent[]): void {
    const count = to - from;
    if (count === 0 || this.sbOverflowed) return;
    const needed = this.sbLength + count;
    if (needed > this.maxSbBytes) {
      events.push({
        kind: 'error',
        code: 'TELNET_SB_OVERFLOW',
        option: this.sbOption,
        detail: `subnegotiation payload over ${this.maxSbBytes} bytes; skipping to IAC SE`,
      });
      this.sbOverflowed = true;
      this.sbLength = 0;
      this.sbScratch = null;
      return;
    }
    let scratch = this.sbScratch;
    if (scratch === null || scratch.length < needed) {
      // Double to amortise copies, but never allocate past the cap.
      const size = Math.min(this.maxSbBytes, Math.max(needed, 64, (scratch?.length ?? 0) * 2));
      const grown = Buffer.allocUnsafe(size);
      if (scratch !== null) scratch.copy(grown, 0, 0, this.sbLength);
      scratch = grown;
      this.sbScratch = grown;
    }
    chunk.copy(scratch, this.sbLength, from, to);
    this.sbLength = needed;
  }

  /** Handles IAC SE; returns the option of a delivered subnegotiation, else null. */
  private finishSubnegotiation(events: TelnetEvent[]): number | null {
    const option = this.sbOption;
    let delivered: number | null = null;
    if (this.sbOverflowed) {
      // Already reported when the cap was passed; nothing to deliver.
    } else if (option === null) {
      events.push({
        kind: 'error',
        code: 'TELNET_SB_EMPTY',
        option: null,
        detail: 'IAC SB IAC SE without an option byte',
      });
    } else {
      const payload = Buffer.allocUnsafe(this.sbLength);
      if (this.sbScratch !== null) this.sbScratch.copy(payload, 0, 0, this.sbLength);
      events.push({ kind: 'subnegotiation', option, payload });
      delivered = option;
    }
    this.endSubnegotiation();
    this.state = 'data';
    return delivered;
  }

  private endSubnegotiation(): void {
    this.sbOption = null;
    this.sbLength = 0;
    this.sbOverflowed = false;
    // Nothing is kept between subnegotiations: an idle connection holds no buffer (a small one
    // from Buffer's shared pool would pin the whole 8 KiB slab it was cut from).
    this.sbScratch = null;
  }
}
