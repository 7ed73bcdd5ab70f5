/**
 * MCCP2, MUD Client Compression Protocol v2, option 86
 * (https://tintin.mudhalla.net/protocols/mccp/): compressed output.
 *
 * We offer WILL MCCP2. On DO we write `IAC SB MCCP2 IAC SE` uncompressed, and from the next
 * byte on everything we send is one zlib (deflate) stream, with a sync flush at the end of every
 * turn that wrote, so the client can show each turn's output at once. On DONT the stream is finished (Z_FINISH) and
 * output continues plain; bytes written while the stream is finishing wait in order.
 *
 * States: plain → compressing → finishing → plain. This class is the output path of a
 * connection: `TelnetProtocol` sends every byte through `write`.
 */
import { constants as zlibConstants, createDeflate, type Deflate } from 'node:zlib';
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

type Mccp2State = 'plain' | 'compressing' | 'finishing';

function flushTurn(option: Mccp2Option): void {
  option.flushTurn();
}

const MCCP2_ON: OptionSpec = { option: OPT.MCCP2, policy: ACCEPT_LOCAL, offer: OFFER_LOCAL };
const MCCP2_OFF: OptionSpec = { option: OPT.MCCP2, policy: ACCEPT_NONE, offer: OFFER_NONE };

/** MCCP2 as every connection negotiates it: offered, or refused (settings `telnetCompression`). */
export function mccp2Spec(enabled: boolean): OptionSpec {
  return enabled ? MCCP2_ON : MCCP2_OFF;
}

/** Where MCCP2's output goes: the socket. */
export interface ByteSink {
  write(bytes: Buffer): void;
}

export class Mccp2Option implements TelnetOption {
  readonly option = OPT.MCCP2;
  private state: Mccp2State = 'plain';
  private deflate: Deflate | null = null;
  /** Plain writes made while the stream finishes, sent once it has. */
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  private readonly whenFinished: Array<() => void> = [];
  private flushPending = false;

  constructor(
    private readonly ctx: OptionContext,
    /** Where output bytes go (the socket). */
    private readonly sink: ByteSink,
  ) {}

  get compressing(): boolean {
    return this.state === 'compressing';
  }

  /** Output bytes held here (inside zlib or queued), for the output-buffer cap. */
  get bufferedBytes(): number {
    return (this.deflate?.writableLength ?? 0) + this.queuedBytes;
  }

  write(bytes: Buffer): void {
    switch (this.state) {
      case 'plain':
        this.sink.write(bytes);
        return;
      case 'compressing':
        this.deflate!.write(bytes);
        // One sync flush per turn, not per write: a room's worth of lines in one turn costs
        // one zlib flush (each is a round trip to the thread pool and a few bytes of its own).
        if (!this.flushPending) {
          this.flushPending = true;
          setImmediate(flushTurn, this);
        }
        return;
      case 'finishing':
        this.queued.push(bytes);
        this.queuedBytes += bytes.length;
        return;
    }
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side !== 'local') return;
    if (enabled) this.start();
    else this.finish();
    this.ctx.setFlags({ MCCP: enabled });
  }

  /** Sends what this turn wrote through zlib (a sync flush: the client can decode it all). */
  flushTurn(): void {
    this.flushPending = false;
    // A stream that is finishing or gone has been flushed by its end.
    if (this.state === 'compressing') this.deflate!.flush(zlibConstants.Z_SYNC_FLUSH);
  }

  /** Calls `done` once every byte written so far has reached the sink (for closing). */
  flushed(done: () => void): void {
    if (this.state === 'plain') done();
    else if (this.state === 'finishing') this.whenFinished.push(done);
    else {
      this.whenFinished.push(done);
      this.finish();
    }
  }

  /** Drops the stream without finishing it (the socket is gone). */
  destroy(): void {
    this.deflate?.destroy();
    this.deflate = null;
    this.state = 'plain';
    this.queued = [];
    this.queuedBytes = 0;
  }

  private start(): void {
    if (this.state !== 'plain') return;
    // The start marker itself goes out uncompressed; the stream begins right after it.
    this.ctx.subnegotiate(OPT.MCCP2, Buffer.alloc(0));
    const deflate = createDeflate();
    deflate.on('data', (chunk: Buffer) => this.sink.write(chunk));
    deflate.on('error', (err) => {
      this.ctx.log.warn({ code: 'TELNET_MCCP2_FAILED', err: err.message }, 'MCCP2 failed');
      this.destroy();
    });
    deflate.on('end', () => this.finished(deflate));
    this.deflate = deflate;
    this.state = 'compressing';
  }

  private finish(): void {
    if (this.state !== 'compressing') return;
    this.state = 'finishing';
    this.deflate!.end();
  }

  private finished(deflate: Deflate): void {
    if (this.deflate !== deflate) return;
    this.deflate = null;
    this.state = 'plain';
    const queued = this.queued;
    this.queued = [];
    this.queuedBytes = 0;
    for (const bytes of queued) this.sink.write(bytes);
    for (const done of this.whenFinished.splice(0)) done();
  }
}
