/**
 * MCCP3, option 87 (https://tintin.mudhalla.net/protocols/mccp/): compressed input.
 *
 * We offer WILL MCCP3. A client that agreed starts compressing by sending
 * `IAC SB MCCP3 IAC SE`; every byte after it is one zlib stream, which we inflate and hand to
 * the telnet parser. When the client finishes the stream (Z_FINISH), input is plain again: the
 * bytes after the stream's end are handed back uncompressed.
 *
 * A zip bomb must not cost memory or time: output is metered by a credit that each compressed
 * byte refills by `MAX_INFLATE_RATIO` (typed commands compress far less than that, even with
 * a sync flush per line), capped at `MAX_CREDIT_BYTES`. Output beyond the credit stops the
 * inflater at once and closes the connection with a reason; other sessions never notice.
 *
 * States: plain → inflating → plain (when the client ends its stream) or refused.
 */
import { createInflate, type Inflate } from 'node:zlib';
import type { OptionSide } from '../negotiation.ts';
import { OPT } from '../constants.ts';
import {
  ACCEPT_LOCAL,
  ACCEPT_NONE,
  OFFER_LOCAL,
  OFFER_NONE,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';

/** Inflated bytes each compressed byte may produce, on average. */
export const MAX_INFLATE_RATIO = 100;
/** Starting and largest inflate credit, in bytes. */
export const MAX_CREDIT_BYTES = 256 * 1024;
/** Compressed input kept to hand back the plain bytes after the stream's end. */
const KEPT_INPUT_BYTES = 64 * 1024;

export const MCCP3_ZIP_BOMB_REASON =
  'Your compressed input expanded far beyond any typed text (MCCP3); closing the connection.';

type Mccp3State = 'plain' | 'inflating' | 'refused';

const MCCP3_ON: OptionSpec = { option: OPT.MCCP3, policy: ACCEPT_LOCAL, offer: OFFER_LOCAL };
const MCCP3_OFF: OptionSpec = { option: OPT.MCCP3, policy: ACCEPT_NONE, offer: OFFER_NONE };

/** MCCP3 as every connection negotiates it: offered, or refused (settings `telnetCompression`). */
export function mccp3Spec(enabled: boolean): OptionSpec {
  return enabled ? MCCP3_ON : MCCP3_OFF;
}

export class Mccp3Option implements TelnetOption {
  readonly option = OPT.MCCP3;
  private state: Mccp3State = 'plain';
  private inflate: Inflate | null = null;
  private credit = MAX_CREDIT_BYTES;
  private written = 0;
  /** The most recent compressed input, to find the plain tail after the stream's end. */
  private kept: Buffer[] = [];
  private keptBytes = 0;

  constructor(
    private readonly ctx: OptionContext,
    /** Where inflated bytes go (the telnet parser). */
    private readonly deliver: (bytes: Buffer) => void,
  ) {}

  get inflating(): boolean {
    return this.state === 'inflating';
  }

  /** Whether input is routed here rather than to the parser. */
  get active(): boolean {
    return this.state !== 'plain';
  }

  /** True when `IAC SB MCCP3 IAC SE` should start decompression now. */
  get ready(): boolean {
    return this.state === 'plain' && this.ctx.negotiator.isLocalEnabled(OPT.MCCP3);
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side === 'local') this.ctx.setFlags({ MCCP3: enabled });
  }

  /** `IAC SB MCCP3 IAC SE` from the client: compressed input starts with the next byte. */
  onSubnegotiation(): void {
    if (!this.ready) return;
    const inflate = createInflate();
    inflate.on('data', (chunk: Buffer) => this.inflated(inflate, chunk));
    inflate.on('end', () => this.ended(inflate));
    inflate.on('error', (err) => {
      if (this.inflate !== inflate) return;
      this.stop('refused');
      this.ctx.refuse(
        'TELNET_MCCP3_CORRUPT',
        `Your compressed input (MCCP3) is corrupt: ${err.message}.`,
      );
    });
    this.inflate = inflate;
    this.state = 'inflating';
    this.credit = MAX_CREDIT_BYTES;
    this.written = 0;
  }

  /** Compressed input from the socket (or the rest of the chunk that started it). */
  push(chunk: Buffer): void {
    if (this.state !== 'inflating' || chunk.length === 0) return;
    this.credit = Math.min(MAX_CREDIT_BYTES, this.credit + chunk.length * MAX_INFLATE_RATIO);
    this.written += chunk.length;
    this.kept.push(chunk);
    this.keptBytes += chunk.length;
    while (this.keptBytes - this.kept[0]!.length >= KEPT_INPUT_BYTES) {
      this.keptBytes -= this.kept.shift()!.length;
    }
    this.inflate!.write(chunk);
  }

  destroy(): void {
    this.stop('plain');
  }

  private inflated(inflate: Inflate, chunk: Buffer): void {
    if (this.inflate !== inflate) return;
    this.credit -= chunk.length;
    if (this.credit < 0) {
      this.stop('refused');
      this.ctx.refuse('TELNET_MCCP3_ZIP_BOMB', MCCP3_ZIP_BOMB_REASON);
      return;
    }
    this.deliver(chunk);
  }

  private ended(inflate: Inflate): void {
    if (this.inflate !== inflate) return;
    // zlib stops at the stream's end; what it did not consume is plain telnet again.
    const unconsumed = this.written - inflate.bytesWritten;
    const all = Buffer.concat(this.kept);
    const tail = unconsumed > 0 ? all.subarray(Math.max(0, all.length - unconsumed)) : null;
    this.stop('plain');
    if (tail !== null && tail.length > 0) this.deliver(tail);
  }

  private stop(next: Mccp3State): void {
    const inflate = this.inflate;
    this.inflate = null;
    this.state = next;
    this.kept = [];
    this.keptBytes = 0;
    inflate?.removeAllListeners('data');
    inflate?.destroy();
  }
}
