/**
 * Reads exactly one frame from a fresh socket: a handshake frame, either side of the link.
 *
 * On success the socket is left paused with no 'data' listener, and every byte that came after
 * the frame is returned as `leftover`, so the LinkConnection that takes over loses nothing even
 * when the peer's first real messages arrived in the same TCP segment as its handshake.
 * Never throws: a failure comes back as a value, with the first bytes seen, so the accepting
 * side can tell an HTTP client (which gets an HTTP answer) from other garbage.
 */
import type { Socket } from 'node:net';
import { WaystoneError } from '../shared/errors.ts';
import { FRAME_HEADER_BYTES, FrameDecoder } from './frame.ts';

export type FirstFrameResult =
  | { ok: true; frame: unknown[]; leftover: Buffer }
  | { ok: false; error: WaystoneError; head: Buffer };

export interface FirstFrameOptions {
  maxFrameBytes: number;
  timeoutMs: number;
  /** Bytes already read past an earlier frame (the leftover of the previous read). */
  initial?: Buffer;
}

/** Keeps a socket's errors from becoming uncaught while nothing else listens; it is closed anyway. */
export function ignoreSocketErrors(): void {}

export function readFirstFrame(
  socket: Socket,
  options: FirstFrameOptions,
): Promise<FirstFrameResult> {
  return new Promise((resolve) => {
    const decoder = new FrameDecoder({ maxFrameBytes: options.maxFrameBytes });
    let head = Buffer.alloc(0);

    let settled = false;
    const finish = (result: FirstFrameResult): void => {
      settled = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
      resolve(result);
    };
    const fail = (error: WaystoneError): void => finish({ ok: false, error, head });

    const onData = (chunk: Buffer): void => {
      if (head.length < FRAME_HEADER_BYTES) {
        head = Buffer.concat([head, chunk.subarray(0, FRAME_HEADER_BYTES - head.length)]);
      }
      let frames: unknown[][];
      try {
        frames = decoder.push(chunk, 1);
      } catch (err) {
        fail(err as WaystoneError);
        return;
      }
      const frame = frames[0];
      if (frame === undefined) return;
      // Pause before returning from this handler: no later chunk may be emitted while no one
      // listens. The next owner resumes the socket.
      socket.pause();
      finish({ ok: true, frame, leftover: decoder.takeBuffered() });
    };
    const onEnd = (): void =>
      fail(new WaystoneError('LINK_CLOSED', 'the peer closed before its handshake'));
    const onError = (err: Error): void =>
      fail(
        new WaystoneError('LINK_CLOSED', `link socket error during the handshake: ${err.message}`, {
          cause: err,
        }),
      );
    const timer = setTimeout(
      () => fail(new WaystoneError('LINK_TIMEOUT', `no handshake within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );

    // Stays attached after the handshake: between it and the LinkConnection there is a gap in
    // which an error event would otherwise crash the process.
    socket.on('error', ignoreSocketErrors);
    if (options.initial !== undefined && options.initial.length > 0) {
      onData(options.initial);
      if (settled) return;
    }
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
    // A socket paused after an earlier frame (the handshake has several) reads on.
    socket.resume();
  });
}
