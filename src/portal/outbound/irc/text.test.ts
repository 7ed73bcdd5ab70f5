import { describe, expect, it } from 'vitest';
import { ctcpAction, isCtcp, plainFromIrc, safeForIrc, splitToBytes } from './text.ts';

describe('plainFromIrc', () => {
  it('strips mIRC formatting and colour codes with their digits', () => {
    expect(plainFromIrc('\x02bold\x02 \x0304,12red on blue\x03 \x1ditalic\x1d\x0f')).toBe(
      'bold red on blue italic',
    );
    expect(plainFromIrc('\x0399 and \x03 alone, \x04ff0000,00ff00hex\x04')).toBe(
      ' and  alone, hex',
    );
    expect(plainFromIrc('\x1funder\x1e strike \x11mono\x16rev')).toBe('under strike monorev');
  });

  it('leaves no control character at all (ESC, BEL, NUL)', () => {
    expect(plainFromIrc('a\x1b[31mb\x07c\x00d')).toBe('a[31mbcd');
  });

  it('keeps ordinary text, digits after a finished colour and Unicode', () => {
    expect(plainFromIrc('\x03041234 café ☕')).toBe('1234 café ☕');
  });
});

describe('safeForIrc', () => {
  it('turns line breaks into spaces so game text can never start an IRC command', () => {
    expect(safeForIrc('hi\r\nQUIT :bye')).toBe('hi QUIT :bye');
    expect(safeForIrc('a\nb\rc\td')).toBe('a b c d');
  });

  it('removes control characters: no CTCP, no colours from the game', () => {
    expect(safeForIrc('\x01VERSION\x01 \x0304red')).toBe('VERSION 04red');
  });
});

describe('CTCP', () => {
  it('reads an ACTION with or without the closing ^A', () => {
    expect(ctcpAction('\x01ACTION waves\x01')).toBe('waves');
    expect(ctcpAction('\x01ACTION waves')).toBe('waves');
    expect(ctcpAction('\x01ACTION\x01')).toBe('');
    expect(ctcpAction('waves')).toBeNull();
    expect(ctcpAction('\x01VERSION\x01')).toBeNull();
    expect(isCtcp('\x01VERSION\x01')).toBe(true);
    expect(isCtcp('hello')).toBe(false);
  });
});

describe('splitToBytes', () => {
  const bytes = (s: string) => new TextEncoder().encode(s).length;

  it('leaves a short line whole', () => {
    expect(splitToBytes('hello', 100)).toEqual(['hello']);
    expect(splitToBytes('', 100)).toEqual(['']);
  });

  it('cuts at spaces, each piece within the limit', () => {
    const text = 'the quick brown fox jumps over the lazy dog';
    const pieces = splitToBytes(text, 12);
    expect(pieces).toEqual(['the quick', 'brown fox', 'jumps over', 'the lazy dog']);
    for (const p of pieces) expect(bytes(p)).toBeLessThanOrEqual(12);
  });

  it('cuts a long word between characters, never inside a UTF-8 character', () => {
    const text = 'é'.repeat(10) + '😀'.repeat(3);
    const pieces = splitToBytes(text, 7);
    for (const p of pieces) {
      expect(bytes(p)).toBeLessThanOrEqual(7);
      expect(p).not.toContain('\uFFFD');
    }
    expect(pieces.join('')).toBe(text);
  });

  it('splits a 2000-byte line to fit an IRC message', () => {
    const text = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    const pieces = splitToBytes(text, 400);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(bytes(p)).toBeLessThanOrEqual(400);
    expect(pieces.join(' ')).toBe(text);
  });
});
