import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../shared/errors.ts';
import { FRAME_HEADER_BYTES, FrameDecoder, encodeFrame, looksLikeHttp } from './frame.ts';

function header(length: number): Buffer {
  const buf = Buffer.alloc(FRAME_HEADER_BYTES);
  buf.writeUInt32BE(length, 0);
  return buf;
}

function frameOf(text: string): Buffer {
  return Buffer.concat([header(Buffer.byteLength(text)), Buffer.from(text)]);
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (err) {
    if (isWaystoneError(err)) return err.code;
    throw err;
  }
  return undefined;
}

describe('encodeFrame', () => {
  it('writes a big-endian length then the JSON array', () => {
    const frame = encodeFrame([{ t: 'x' }]);
    expect(frame.subarray(0, 4).toString('hex')).toBe('0000000b');
    expect(frame.subarray(4).toString()).toBe('[{"t":"x"}]');
  });

  it('counts bytes, not characters, for multi-byte text', () => {
    const frame = encodeFrame(['é✓😀']);
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    expect(frame.readUInt32BE(0)).toBe(Buffer.byteLength('["é✓😀"]'));
  });
});

describe('FrameDecoder', () => {
  const messages = [
    { t: 'output', sessid: 1, cmds: [['text', ['héllo 😀'], {}]] },
    { t: 'getAllSessions' },
  ];

  it('decodes a frame fed whole', () => {
    expect(new FrameDecoder().push(encodeFrame(messages))).toEqual([messages]);
  });

  it('decodes frames fed one byte at a time, multi-byte characters split included', () => {
    const bytes = Buffer.concat([encodeFrame(messages), encodeFrame([1, 2]), encodeFrame([])]);
    const decoder = new FrameDecoder();
    const frames: unknown[][] = [];
    for (let i = 0; i < bytes.length; i++) frames.push(...decoder.push(bytes.subarray(i, i + 1)));
    expect(frames).toEqual([messages, [1, 2], []]);
    expect(decoder.buffered).toBe(0);
  });

  it('decodes several frames from one chunk and a frame split across chunks', () => {
    const bytes = Buffer.concat([encodeFrame([1]), encodeFrame([2]), encodeFrame([3])]);
    const decoder = new FrameDecoder();
    expect(decoder.push(bytes.subarray(0, 20))).toEqual([[1], [2]]);
    expect(decoder.push(bytes.subarray(20))).toEqual([[3]]);
  });

  it('decodes a 4 MiB frame arriving in 64 KiB chunks', () => {
    const text = 'x'.repeat(4 * 1024 * 1024);
    const bytes = encodeFrame([text]);
    const decoder = new FrameDecoder();
    const frames: unknown[][] = [];
    for (let i = 0; i < bytes.length; i += 65536)
      frames.push(...decoder.push(bytes.subarray(i, i + 65536)));
    expect(frames).toHaveLength(1);
    expect(frames[0]![0]).toBe(text);
  });

  it('refuses an oversized length from the header alone, holding nothing', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 100 });
    expect(decoder.push(frameOf(JSON.stringify(['a'.repeat(90)])))).toHaveLength(1);
    expect(codeOf(() => decoder.push(header(101)))).toBe('LINK_FRAME_TOO_LARGE');
    expect(decoder.buffered).toBe(0);
    // Failed for good: a byte stream cannot resync.
    expect(codeOf(() => decoder.push(encodeFrame([1])))).toBe('LINK_FRAME_TOO_LARGE');
  });

  it('names an HTTP request as not the link, even when it trickles in', () => {
    for (const request of [
      'GET / HTTP/1.1\r\n',
      'POST /x HTTP/1.1\r\n',
      'OPTIONS * HTTP/1.1\r\n',
      'PUT /',
    ]) {
      const decoder = new FrameDecoder();
      expect(decoder.push(Buffer.from(request.slice(0, 2)))).toEqual([]);
      expect(codeOf(() => decoder.push(Buffer.from(request.slice(2))))).toBe('LINK_NOT_LINK');
    }
    expect(looksLikeHttp(Buffer.from('GET /'))).toBe(true);
    expect(looksLikeHttp(Buffer.from('GE'))).toBe(false);
    expect(looksLikeHttp(header(10))).toBe(false);
  });

  it('names typed text and TLS at the start of a connection as not the link', () => {
    expect(codeOf(() => new FrameDecoder().push(Buffer.from('hello there\r\n')))).toBe(
      'LINK_NOT_LINK',
    );
    expect(codeOf(() => new FrameDecoder().push(Buffer.from('160301020001', 'hex')))).toBe(
      'LINK_NOT_LINK',
    );
  });

  it('treats those bytes as a plain length after the connection start', () => {
    const decoder = new FrameDecoder({ connectionStart: false });
    expect(codeOf(() => decoder.push(Buffer.from('GET / HTTP/1.1')))).toBe('LINK_FRAME_TOO_LARGE');
  });

  it('refuses a body that is not JSON, and JSON that is not an array', () => {
    expect(codeOf(() => new FrameDecoder().push(frameOf('{nope')))).toBe('LINK_NOT_LINK');
    expect(codeOf(() => new FrameDecoder().push(frameOf('')))).toBe('LINK_NOT_LINK');
    expect(codeOf(() => new FrameDecoder().push(frameOf('{"t":"hello"}')))).toBe(
      'LINK_BAD_MESSAGE',
    );
  });

  it('stops after maxFrames and hands back the untouched rest', () => {
    const rest = Buffer.concat([encodeFrame([2]), encodeFrame([3]).subarray(0, 5)]);
    const decoder = new FrameDecoder();
    expect(decoder.push(Buffer.concat([encodeFrame([1]), rest]), 1)).toEqual([[1]]);
    expect(decoder.takeBuffered().equals(rest)).toBe(true);
    expect(decoder.buffered).toBe(0);
  });
});
