/**
 * The load tester's client side of telnet (RFC 854): an explicit state machine that splits the
 * server's bytes into game data, prompt marks (IAC GA, or IAC EOR per RFC 885) and option
 * negotiations, which it refuses (RFC 1143: answer DO with WONT and WILL with DONT, and
 * never answer a refusal, so no loop can start). A simulated player wants plain text and
 * nothing else; refusing everything is also what costs the driver least per connection.
 *
 * Subnegotiations are skipped without being buffered (we agreed to none, so their payload
 * means nothing to us), which keeps the parser's memory at a few integers per connection.
 */
export const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const GA = 249;
const SE = 240;
const EOR = 239;

export type TelnetState = 'data' | 'iac' | 'option' | 'sb' | 'sbIac';

export interface TelnetSink {
  /** Game bytes (telnet commands removed); `data` is only valid during the call. */
  data(data: Buffer): void;
  /** The server marked the end of a prompt (GA or EOR). */
  prompt(): void;
  /** Bytes to send back to the server (refusals). */
  reply(bytes: Buffer): void;
}

export class TelnetParser {
  private state: TelnetState = 'data';
  private verb = 0;
  /** Options already refused, so a server that repeats itself is not answered twice. */
  private readonly refused = new Set<number>();

  constructor(private readonly sink: TelnetSink) {}

  get currentState(): TelnetState {
    return this.state;
  }

  push(chunk: Buffer): void {
    let start = 0; // first byte of the current run of game data
    const flush = (end: number): void => {
      if (end > start) this.sink.data(chunk.subarray(start, end));
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      switch (this.state) {
        case 'data': {
          if (b === IAC) {
            flush(i);
            this.state = 'iac';
            continue;
          }
          // Game text is nearly all of the stream: jump to the next IAC instead of walking it.
          const next = chunk.indexOf(IAC, i + 1);
          if (next === -1) i = chunk.length;
          else {
            flush(next);
            this.state = 'iac';
            i = next;
          }
          continue;
        }
        case 'iac':
          this.state = 'data';
          if (b === IAC) {
            // An escaped 0xFF is one data byte; it starts the next run.
            start = i;
            continue;
          }
          if (b === GA || b === EOR) this.sink.prompt();
          else if (b === WILL || b === WONT || b === DO || b === DONT) {
            this.verb = b;
            this.state = 'option';
          } else if (b === SB) this.state = 'sb';
          // NOP, DM and the rest carry nothing for a client that only reads text.
          break;
        case 'option':
          this.state = 'data';
          this.answer(this.verb, b);
          break;
        case 'sb':
          if (b === IAC) this.state = 'sbIac';
          break;
        case 'sbIac':
          // IAC SE ends it; IAC IAC is an escaped byte inside; anything else: keep skipping.
          this.state = b === SE ? 'data' : 'sb';
          break;
        default: {
          const never: never = this.state;
          throw new Error(`unknown telnet state ${String(never)}`);
        }
      }
      start = i + 1;
    }
    if (this.state === 'data') flush(chunk.length);
  }

  private answer(verb: number, option: number): void {
    // A WONT/DONT needs no answer: it only confirms what we want (off).
    if (verb !== WILL && verb !== DO) return;
    const key = (verb << 8) | option;
    if (this.refused.has(key)) return;
    this.refused.add(key);
    this.sink.reply(Buffer.from([IAC, verb === DO ? WONT : DONT, option]));
  }
}
