/**
 * One open link after its handshake: typed messages out, validated messages in.
 *
 * Sending batches: `send` only queues, and the queue leaves as ONE frame on the next
 * `setImmediate`, so when the game is busy the output of many sessions in one turn shares a
 * frame (one buffer, one socket write) instead of paying per message; frame-encoder.ts writes
 * the JSON, reusing a room-wide message's text for every session it goes to.
 *
 * Receiving validates: every decoded message is checked against the union for this direction
 * (message-check.ts: hand-written guards for the hot types, zod for the rest) before
 * `onMessage` sees it. An exception thrown by `onMessage` is not caught here:
 * it is a bug in the receiving process, not a fault of the peer, and must not pass silently.
 *
 * Policies (STYLE.md §7):
 * - An invalid message (valid frame, but not a valid message for this direction) is reported
 *   to `onInvalid` with LINK_BAD_MESSAGE and dropped; the link stays up, because the frame
 *   boundaries are intact and every other session's traffic is fine.
 * - A framing error (frame too large, body not JSON, body not an array) closes the link: in a
 *   byte stream nothing says where the next frame would start.
 * - Congestion (backpressure, STYLE.md §7): when the bytes waiting to be written pass
 *   `highWaterBytes` the link is congested, until they fall to `lowWaterBytes` (a frame written
 *   while congested carries a callback, so the fall is seen as soon as the kernel takes it). The
 *   listener given to `watchCongestion` hears each change: the Portal stops reading its players'
 *   sockets meanwhile. The queue counts too: once what was sent this turn (its size estimated
 *   from its texts) would pass the mark, it is written at once rather than at the end of the
 *   turn, so congestion is known while the sockets still to be read this turn can be left
 *   unread (else one turn of reading two hundred sockets overshoots by megabytes).
 *   With `pauseReadingWhileCongested` (the Server's end) the link also stops reading its own
 *   socket: input is not taken while the output it causes cannot leave. Only one end may do
 *   that, or two congested ends would wait for each other forever.
 * - Overflow, the last resort: when the bytes waiting to be written (the socket's
 *   `writableLength` plus the frame being flushed) pass `maxBufferedBytes`, the peer has stopped
 *   reading. The link is destroyed at once with LINK_OVERFLOW, dropping what is queued, rather
 *   than letting memory grow without bound. Nothing is lost for good: the Server reconnects and
 *   resyncs every session from the Portal's copy (`getAllSessions`), which is how a reload works
 *   anyway. Slow *players* never get here: each session's own output cap sits in front of the
 *   link (DESIGN.md §3), and congestion stops the input that fills it long before the cap.
 * - An outgoing message that alone makes a frame larger than `maxFrameBytes` (the peer would
 *   refuse the frame and drop the link) is reported to `onInvalid` with LINK_FRAME_TOO_LARGE and
 *   not sent; a batch that is too large as a whole is split across several frames.
 */
import type { Socket } from 'node:net';
import { WaystoneError, type ErrorCode } from '../shared/errors.ts';
import { DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES, FrameDecoder } from './frame.ts';
import { FrameEncoder } from './frame-encoder.ts';
import type { MessageCheck } from './message-check.ts';

export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/**
 * Unsent bytes past which the link is congested. A megabyte is thousands of lines of input, a
 * few milliseconds of work for a Server that keeps up, and far below the overflow cap.
 */
export const DEFAULT_HIGH_WATER_BYTES = 1024 * 1024;
/** Unsent bytes at or below which a congested link is clear again. */
export const DEFAULT_LOW_WATER_BYTES = 256 * 1024;
/** How long a clean close waits for the peer to finish before the socket is destroyed. */
export const DEFAULT_CLOSE_GRACE_MS = 2000;

export interface LinkCloseReason {
  code: ErrorCode;
  message: string;
}

export interface LinkConnectionOptions<In> {
  socket: Socket;
  /** Bytes that arrived right after the handshake frame; decoded before anything else. */
  leftover?: Buffer;
  /** The check for the receiving direction's union, e.g. `checkServerToPortal`. */
  check: MessageCheck<In>;
  onMessage: (message: In) => void;
  /** Called exactly once, after the socket has closed. */
  onClose: (reason: LinkCloseReason) => void;
  /** A message dropped in either direction (see the policies above). Defaults to ignoring. */
  onInvalid?: (error: WaystoneError, message: unknown) => void;
  maxFrameBytes?: number;
  maxBufferedBytes?: number;
  /** Congested above this many unsent bytes; at most a quarter of `maxBufferedBytes`. */
  highWaterBytes?: number;
  /** Clear again at or below this many; at most `highWaterBytes`. */
  lowWaterBytes?: number;
  /** Stop reading the socket while congested (the Server's end; see the policies above). */
  pauseReadingWhileCongested?: boolean;
  closeGraceMs?: number;
  /** Send runs of identical `output` messages as one `outputShared` (the Server's end). */
  shareOutput?: boolean;
}

export class LinkConnection<In, Out> {
  readonly socket: Socket;
  readonly maxFrameBytes: number;
  readonly maxBufferedBytes: number;
  readonly highWaterBytes: number;
  readonly lowWaterBytes: number;
  private readonly pauseReadingWhileCongested: boolean;
  private isCongested = false;
  private congestionListener: ((congested: boolean) => void) | null = null;
  private readonly check: MessageCheck<In>;
  private readonly decoder: FrameDecoder;
  private readonly encoder: FrameEncoder;
  private readonly onMessage: (message: In) => void;
  private readonly onCloseCallback: (reason: LinkCloseReason) => void;
  private readonly onInvalid: (error: WaystoneError, message: unknown) => void;
  private readonly closeGraceMs: number;
  // Reused across turns: the array is emptied after each flush, never reallocated.
  private readonly queue: Out[] = [];
  /** The queue's size as `estimateBytes` guesses it. */
  private queuedBytes = 0;
  private flushScheduled: NodeJS.Immediate | null = null;
  private closeReason: LinkCloseReason | null = null;
  private closed = false;

  constructor(options: LinkConnectionOptions<In>) {
    this.socket = options.socket;
    this.check = options.check;
    this.onMessage = options.onMessage;
    this.onCloseCallback = options.onClose;
    this.onInvalid = options.onInvalid ?? (() => {});
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    this.highWaterBytes = Math.min(
      options.highWaterBytes ?? DEFAULT_HIGH_WATER_BYTES,
      Math.floor(this.maxBufferedBytes / 4),
    );
    this.lowWaterBytes = Math.min(
      options.lowWaterBytes ?? DEFAULT_LOW_WATER_BYTES,
      this.highWaterBytes,
    );
    this.pauseReadingWhileCongested = options.pauseReadingWhileCongested ?? false;
    this.decoder = new FrameDecoder({ maxFrameBytes: this.maxFrameBytes, connectionStart: false });
    this.encoder = new FrameEncoder({ shareOutput: options.shareOutput ?? false });

    // Small frames (one player's keystroke) must not wait for Nagle's 40 ms coalescing; the
    // batching above already makes frames as large as the traffic allows.
    this.socket.setNoDelay(true);
    // The link can cross hosts (DESIGN.md §7); keepalive notices a peer that vanished silently.
    this.socket.setKeepAlive(true, 15_000);
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (err) =>
      this.noteReason('LINK_CLOSED', `link socket error: ${err.message}`),
    );
    this.socket.on('end', () => this.noteReason('LINK_CLOSED', 'the peer closed the link'));
    this.socket.on('close', () => this.finish());

    if (options.leftover !== undefined && options.leftover.length > 0)
      this.receive(options.leftover);
    // The handshake paused the socket so no byte was read without a listener; go on reading.
    if (!this.socket.destroyed) this.socket.resume();
    // The socket may have died between the handshake and now, its 'close' already emitted;
    // onClose must still come, and after the constructor has returned.
    else setImmediate(() => this.finish());
  }

  /** False once the link is closing or closed. */
  get isOpen(): boolean {
    return this.closeReason === null;
  }

  /** Bytes accepted by `send` or the socket but not yet handed to the kernel. */
  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  /** True while the unsent bytes are above the high-water mark and not yet down to the low. */
  get congested(): boolean {
    return this.isCongested;
  }

  /**
   * `listener` hears every change of `congested` from now on (one listener; null removes it).
   * A link that closes while congested reports `false` before its `onClose`.
   */
  watchCongestion(listener: ((congested: boolean) => void) | null): void {
    this.congestionListener = listener;
  }

  /** Queues one message; it leaves with everything else sent this turn. False if closed. */
  send(message: Out): boolean {
    if (this.closeReason !== null) return false;
    this.queue.push(message);
    this.queuedBytes += estimateBytes(message);
    // Already congested: the listener knows; the queue leaves in one frame at the turn's end.
    if (!this.isCongested && this.socket.writableLength + this.queuedBytes > this.highWaterBytes) {
      this.flushNow();
      return true;
    }
    if (this.flushScheduled === null) this.flushScheduled = setImmediate(this.flushFromTimer);
    return true;
  }

  /** Writes the queue now, without waiting for the end of the turn (shutdown paths). */
  flushNow(): void {
    if (this.flushScheduled !== null) {
      clearImmediate(this.flushScheduled);
      this.flushScheduled = null;
    }
    if (this.queue.length === 0 || this.closeReason !== null) return;
    const batch = this.queue.splice(0, this.queue.length);
    this.queuedBytes = 0;
    this.writeBatch(batch);
  }

  /** Flushes what is queued, then ends the link; `onClose` follows once the socket closes. */
  close(reason: LinkCloseReason = { code: 'LINK_CLOSED', message: 'closed locally' }): void {
    if (this.closeReason !== null) return;
    this.flushNow();
    this.closeReason = reason;
    this.socket.end();
    // A peer that never answers our FIN must not keep the socket (and its buffers) forever.
    setTimeout(() => this.socket.destroy(), this.closeGraceMs).unref();
  }

  private readonly flushFromTimer = (): void => {
    this.flushScheduled = null;
    this.flushNow();
  };

  private writeBatch(batch: Out[]): void {
    const frame = this.encoder.encode(batch);
    if (frame.length - FRAME_HEADER_BYTES > this.maxFrameBytes) {
      this.splitOversized(batch);
      return;
    }
    if (this.socket.writableLength + frame.length > this.maxBufferedBytes) {
      this.destroyWith(
        'LINK_OVERFLOW',
        `the peer is not reading: ${this.socket.writableLength + frame.length} bytes waiting, cap ${this.maxBufferedBytes}`,
      );
      return;
    }
    const waiting = this.socket.writableLength + frame.length;
    if (this.isCongested || waiting > this.highWaterBytes) {
      // Each frame written while congested reports when the kernel has taken it; the last
      // one's report finds the buffer empty at the latest, so the end of congestion is seen.
      this.socket.write(frame, this.afterCongestedWrite);
      if (!this.isCongested) this.setCongested(true);
    } else {
      this.socket.write(frame);
    }
  }

  private readonly afterCongestedWrite = (): void => {
    if (this.isCongested && this.socket.writableLength <= this.lowWaterBytes)
      this.setCongested(false);
  };

  private setCongested(congested: boolean): void {
    this.isCongested = congested;
    if (this.pauseReadingWhileCongested && !this.socket.destroyed) {
      if (congested) this.socket.pause();
      else this.socket.resume();
    }
    this.congestionListener?.(congested);
  }

  private splitOversized(batch: Out[]): void {
    if (batch.length === 1) {
      this.onInvalid(
        new WaystoneError(
          'LINK_FRAME_TOO_LARGE',
          `an outgoing message is larger than the ${this.maxFrameBytes}-byte frame cap; not sent`,
        ),
        batch[0],
      );
      return;
    }
    const middle = Math.ceil(batch.length / 2);
    this.writeBatch(batch.slice(0, middle));
    if (this.closeReason === null) this.writeBatch(batch.slice(middle));
  }

  private receive(chunk: Buffer): void {
    let frames: unknown[][];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      const error = err as WaystoneError;
      this.destroyWith(error.code, error.message);
      return;
    }
    for (const frame of frames) {
      for (const raw of frame) {
        // A handler may have torn the link down (overflow while replying); stop delivering.
        if (this.socket.destroyed) return;
        const checked = this.check(raw);
        if (checked.ok) this.onMessage(checked.message);
        else this.onInvalid(new WaystoneError('LINK_BAD_MESSAGE', checked.error), raw);
      }
    }
  }

  private destroyWith(code: ErrorCode, message: string): void {
    this.noteReason(code, message);
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.socket.destroy();
  }

  private noteReason(code: ErrorCode, message: string): void {
    if (this.closeReason === null) this.closeReason = { code, message };
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.flushScheduled !== null) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    this.queue.length = 0;
    this.queuedBytes = 0;
    if (this.isCongested) {
      this.isCongested = false;
      this.congestionListener?.(false);
    }
    this.noteReason('LINK_CLOSED', 'the link closed');
    this.onCloseCallback(this.closeReason!);
  }
}

/**
 * A message's size on the wire, roughly: the length of the strings in its calls (session input
 * and output, nearly all of the link's bytes) plus a little for the rest. Cheap: no encoding.
 */
function estimateBytes(message: unknown): number {
  const cmds = (message as { cmds?: unknown }).cmds;
  if (!Array.isArray(cmds)) return 64;
  let bytes = 48;
  for (const call of cmds) {
    bytes += 16;
    const args: unknown = Array.isArray(call) ? call[1] : undefined;
    if (!Array.isArray(args)) continue;
    for (const arg of args) if (typeof arg === 'string') bytes += arg.length;
  }
  return bytes;
}
