import { describe, expect, it } from 'vitest';
import { LineReader, type LineEvent, type LineReaderOptions } from './line-reader.ts';

type Plain = { line: string } | { overflow: number };

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

function feed(options: LineReaderOptions, chunks: readonly Buffer[]): Plain[] {
  const reader = new LineReader(options);
  const events: LineEvent[] = [];
  for (const chunk of chunks) {
    events.push(...reader.push(chunk));
    expect(reader.bufferedBytes).toBeLessThanOrEqual(options.maxLineBytes ?? Infinity);
  }
  return events.map((event) =>
    event.kind === 'line' ? { line: event.line.toString('latin1') } : { overflow: event.limit },
  );
}

/** Reads `input` whole, one byte per push, and split at every position; all must agree. */
function read(input: Buffer | string, options: LineReaderOptions = {}): Plain[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const whole = feed(options, [bytes]);
  expect(
    feed(
      options,
      Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)),
    ),
  ).toEqual(whole);
  if (bytes.length <= 64) {
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(feed(options, [bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    }
  }
  return whole;
}

const lines = (...texts: string[]): Plain[] => texts.map((line) => ({ line }));

describe('LineReader line ends', () => {
  it('accepts CR LF', () => {
    expect(read('look\r\nsay hi\r\n')).toEqual(lines('look', 'say hi'));
  });

  it('accepts CR NUL', () => {
    expect(read(hex('61 0d 00 62 0d 00'))).toEqual(lines('a', 'b'));
  });

  it('accepts a lone LF', () => {
    expect(read('a\nb\n')).toEqual(lines('a', 'b'));
  });

  it('accepts LF CR as one line end', () => {
    expect(read('a\n\rb\n\r')).toEqual(lines('a', 'b'));
  });

  it('ends a line at a lone CR without waiting for the next byte', () => {
    expect(read('a\rb\r')).toEqual(lines('a', 'b'));
  });

  it('reads \\r\\n\\r\\n as two empty lines', () => {
    expect(read('\r\n\r\n')).toEqual(lines('', ''));
  });

  it('reads \\n\\r\\n\\r as two empty lines', () => {
    expect(read('\n\r\n\r')).toEqual(lines('', ''));
  });

  it('reads doubled single ends as separate lines', () => {
    expect(read('\r\r\n\n')).toEqual(lines('', '', ''));
    expect(read('a\n\nb\n')).toEqual(lines('a', '', 'b'));
  });

  it('keeps an unfinished line until its end arrives', () => {
    const reader = new LineReader();
    expect(reader.push(Buffer.from('loo'))).toEqual([]);
    expect(reader.bufferedBytes).toBe(3);
    expect(
      reader.push(Buffer.from('k\r\n')).map((e) => e.kind === 'line' && e.line.toString()),
    ).toEqual(['look']);
    expect(reader.bufferedBytes).toBe(0);
  });
});

describe('LineReader NUL and bytes', () => {
  it('drops a NUL that does not follow CR', () => {
    expect(read(hex('00 61 00 62 0a 00 63 0a'))).toEqual(lines('ab', 'c'));
  });

  it('passes other bytes through untouched (UTF-8, 0xFF, control codes)', () => {
    expect(read(hex('c3 a9 ff 1b 5b 6d 0a'))).toEqual(lines('\xc3\xa9\xff\x1b[m'));
  });
});

describe('LineReader line cap', () => {
  it('keeps a line exactly at the cap', () => {
    expect(read('abcd\r\n', { maxLineBytes: 4 })).toEqual(lines('abcd'));
  });

  it('reports an overlong line once, drops it, then reads the next line', () => {
    expect(read('abcdefghij\r\nok\r\n', { maxLineBytes: 4 })).toEqual([
      { overflow: 4 },
      { line: 'ok' },
    ]);
  });

  it('does not count dropped NULs against the cap', () => {
    expect(read(hex('61 00 62 00 63 00 64 0a'), { maxLineBytes: 4 })).toEqual(lines('abcd'));
  });

  it('reports each overlong line separately', () => {
    expect(read('aaaaaa\nbbbbbb\nc\n', { maxLineBytes: 3 })).toEqual([
      { overflow: 3 },
      { overflow: 3 },
      { line: 'c' },
    ]);
  });

  it('never holds more than the cap, even for 1 MiB without a line end', () => {
    const reader = new LineReader({ maxLineBytes: 6000 });
    const block = Buffer.alloc(4096, 0x61);
    let overflows = 0;
    for (let sent = 0; sent < 1024 * 1024; sent += block.length) {
      overflows += reader.push(block).filter((e) => e.kind === 'overflow').length;
      expect(reader.bufferedBytes).toBeLessThanOrEqual(6000);
    }
    const after = reader.push(Buffer.from('\r\nlook\r\n'));
    expect(overflows).toBe(1);
    expect(after.map((e) => e.kind === 'line' && e.line.toString())).toEqual(['look']);
  });

  it('rejects a nonsensical cap', () => {
    expect(() => new LineReader({ maxLineBytes: Number.NaN })).toThrow(RangeError);
  });
});
