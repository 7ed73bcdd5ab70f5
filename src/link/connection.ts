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
 * - Overflow: when the bytes waiting to be written (the socket's `writableLength` plus the frame
 *   being flushed) pass `maxBufferedBytes`, the peer has stopped reading. The link is destroyed
 *   at once with LINK_OVERFLOW, dropping what is queued, rather than letting memory grow without
 *   bound. Nothing is lost for good: the Server reconnects and resyncs every session from the
 *   Portal's copy (`getAllSessions`), which is how a reload works anyway. Slow *players* never
 *   get here: each session's own output cap sits in front of the link (DESIGN.md §3).
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
  closeGraceMs?: number;
  /** Send runs of identical `output` messages as one `outputShared` (the Server's end). */
  shareOutput?: boolean;
}

export class LinkConnection<In, Out> {
  readonly socket: Socket;
  readonly maxFrameBytes: number;
  readonly maxBufferedBytes: number;
  private readonly check: MessageCheck<In>;
  private readonly decoder: FrameDecoder;
  private readonly encoder: FrameEncoder;
  private readonly onMessage: (message: In) => void;
  private readonly onCloseCallback: (reason: LinkCloseReason) => void;
  private readonly onInvalid: (error: WaystoneError, message: unknown) => void;
  private readonly closeGraceMs: number;
  // Reused across turns: the array is emptied after each flush, never reallocated.
  private readonly queue: Out[] = [];
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

  /** Queues one message; it leaves with everything else sent this turn. False if closed. */
  send(message: Out): boolean {
    if (this.closeReason !== null) return false;
    this.queue.push(message);
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
    this.socket.write(frame);
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
    this.noteReason('LINK_CLOSED', 'the link closed');
    this.onCloseCallback(this.closeReason!);
  }
}
