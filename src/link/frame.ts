/**
 * Link framing: a 4-byte big-endian unsigned length, then that many bytes of UTF-8 JSON.
 *
 * A frame's JSON is always an array of messages, so one frame can carry many sessions'
 * messages at once (the connection batches whatever was sent in one event-loop turn).
 * Length-prefixing rather than delimiters means a message of any size crosses intact however
 * TCP splits it (the multi-part wedge of Evennia #2053 cannot happen, REFERENCE.md §14).
 *
 * The decoder is an explicit state machine (STYLE.md §3): it waits for a header, checks the
 * announced length against its cap before buffering a single body byte, then waits for exactly
 * that many bytes. A framing error is fatal for the byte stream: after one, nothing can say where
 * the next frame starts, so the decoder stays failed and the owner closes the link.
 */
import { WaystoneError } from '../shared/errors.ts';

export const FRAME_HEADER_BYTES = 4;
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * First four bytes of the HTTP/1.x request lines (RFC 9110 §9 methods) and of the HTTP/2
 * preface (`PRI * HTTP/2.0`). Read as a length they all announce hundreds of megabytes, so
 * without this check a browser pointed at the link port would only see "frame too large".
 */
const HTTP_PREFIXES = [
  'GET ',
  'POST',
  'HEAD',
  'PUT ',
  'OPTI',
  'CONN',
  'DELE',
  'PATC',
  'TRAC',
  'PRI ',
];

/** True when the first bytes of a connection look like the start of an HTTP request. */
export function looksLikeHttp(head: Buffer): boolean {
  if (head.length < FRAME_HEADER_BYTES) return false;
  const start = head.toString('latin1', 0, FRAME_HEADER_BYTES);
  return HTTP_PREFIXES.includes(start);
}

/** A TLS record header: content type 22 (handshake), then protocol major version 3. */
function looksLikeTls(head: Buffer): boolean {
  return head[0] === 0x16 && head[1] === 0x03;
}

/** Printable ASCII (and tab, CR, LF): someone typed text at the port, e.g. with telnet or nc. */
function looksLikeText(head: Buffer): boolean {
  for (let i = 0; i < FRAME_HEADER_BYTES; i++) {
    const byte = head[i] ?? 0;
    const printable = byte >= 0x20 && byte <= 0x7e;
    if (!printable && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

/** Encodes messages as one frame. One JSON.stringify, one allocation. */
export function encodeFrame(messages: unknown[]): Buffer {
  const json = JSON.stringify(messages);
  const bodyBytes = Buffer.byteLength(json, 'utf8');
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + bodyBytes);
  frame.writeUInt32BE(bodyBytes, 0);
  frame.write(json, FRAME_HEADER_BYTES, 'utf8');
  return frame;
}

export interface FrameDecoderOptions {
  /** Largest body a frame may announce. */
  maxFrameBytes?: number;
  /**
   * Whether the first header read is the very first bytes of the connection, so that an HTTP
   * request, a TLS hello or typed text is named as "not the link" instead of "too large".
   * True by default; a decoder taking over after the handshake passes false.
   */
  connectionStart?: boolean;
}

type DecoderState =
  | { kind: 'awaitingHeader' }
  | { kind: 'awaitingBody'; bodyBytes: number }
  | { kind: 'failed'; error: WaystoneError };

export class FrameDecoder {
  readonly maxFrameBytes: number;
  private state: DecoderState = { kind: 'awaitingHeader' };
  private atConnectionStart: boolean;
  // Chunks are kept as they arrive and joined once per frame, so a body spread over thousands
  // of TCP segments costs one copy, not one per segment.
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.atConnectionStart = options.connectionStart ?? true;
  }

  /** Bytes held that do not yet make a whole frame. Never more than header + max body. */
  get buffered(): number {
    return this.bufferedBytes;
  }

  /**
   * Feeds bytes; returns every frame they complete, each the parsed JSON array. Stops after
   * `maxFrames` frames and keeps the rest buffered (the handshake reads exactly one frame and
   * hands the remainder on with `takeBuffered`). Throws a WaystoneError on a framing error.
   */
  push(chunk: Buffer, maxFrames = Number.POSITIVE_INFINITY): unknown[][] {
    if (this.state.kind === 'failed') throw this.state.error;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.bufferedBytes += chunk.length;
    }
    const frames: unknown[][] = [];
    while (frames.length < maxFrames) {
      if (this.state.kind === 'awaitingHeader') {
        if (this.bufferedBytes < FRAME_HEADER_BYTES) break;
        const header = this.take(FRAME_HEADER_BYTES);
        const bodyBytes = header.readUInt32BE(0);
        this.checkHeader(header, bodyBytes);
        this.state = { kind: 'awaitingBody', bodyBytes };
      } else if (this.state.kind === 'awaitingBody') {
        if (this.bufferedBytes < this.state.bodyBytes) break;
        const body = this.take(this.state.bodyBytes);
        this.state = { kind: 'awaitingHeader' };
        frames.push(this.parseBody(body));
      } else {
        break;
      }
    }
    return frames;
  }

  /** Hands over the bytes not yet consumed (only meaningful between frames) and forgets them. */
  takeBuffered(): Buffer {
    const rest = Buffer.concat(this.chunks);
    this.chunks = [];
    this.bufferedBytes = 0;
    return rest;
  }

  private checkHeader(header: Buffer, bodyBytes: number): void {
    const first = this.atConnectionStart;
    this.atConnectionStart = false;
    if (first && looksLikeHttp(header)) {
      this.fail('LINK_NOT_LINK', 'the peer sent an HTTP request to the link port');
    }
    if (bodyBytes <= this.maxFrameBytes) return;
    if (first && looksLikeTls(header)) {
      this.fail('LINK_NOT_LINK', 'the peer opened TLS on a plain link port');
    }
    if (first && looksLikeText(header)) {
      this.fail('LINK_NOT_LINK', 'the peer sent text, not link frames');
    }
    this.fail(
      'LINK_FRAME_TOO_LARGE',
      `a frame announced ${bodyBytes} bytes; the link accepts at most ${this.maxFrameBytes}`,
    );
  }

  private parseBody(body: Buffer): unknown[] {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (err) {
      this.fail('LINK_NOT_LINK', 'a frame body is not JSON', err);
    }
    // Every frame is an array by definition; anything else means the peer frames differently,
    // and nothing it sends after can be trusted to line up either.
    if (!Array.isArray(value))
      this.fail('LINK_BAD_MESSAGE', 'a frame body is JSON but not an array');
    return value;
  }

  /** Removes exactly `size` bytes from the front; copies only when they span chunks. */
  private take(size: number): Buffer {
    this.bufferedBytes -= size;
    const head = this.chunks[0];
    if (head !== undefined && head.length >= size) {
      if (head.length === size) this.chunks.shift();
      else this.chunks[0] = head.subarray(size);
      return head.subarray(0, size);
    }
    const out = Buffer.allocUnsafe(size);
    let filled = 0;
    let used = 0;
    // Walk by index and drop the used chunks in one splice: shifting per chunk would make a
    // frame fed one byte at a time quadratic.
    while (filled < size) {
      const chunk = this.chunks[used]!;
      const wanted = size - filled;
      if (chunk.length <= wanted) {
        chunk.copy(out, filled);
        filled += chunk.length;
        used++;
      } else {
        chunk.copy(out, filled, 0, wanted);
        filled += wanted;
        this.chunks[used] = chunk.subarray(wanted);
      }
    }
    this.chunks.splice(0, used);
    return out;
  }

  private fail(
    code: 'LINK_NOT_LINK' | 'LINK_FRAME_TOO_LARGE' | 'LINK_BAD_MESSAGE',
    message: string,
    cause?: unknown,
  ): never {
    const error = new WaystoneError(code, message, cause === undefined ? undefined : { cause });
    this.state = { kind: 'failed', error };
    this.chunks = [];
    this.bufferedBytes = 0;
    throw error;
  }
}
