import { describe, expect, it } from 'vitest';
import { cubeIndex, greyIndex, parseMarkup, type MarkupToken } from './parse.ts';

const text = (t: string): MarkupToken => ({ kind: 'text', text: t });
const ansiFg = (index: number, bright?: boolean): MarkupToken =>
  bright === undefined
    ? { kind: 'fg', colour: { kind: 'ansi', index } }
    : { kind: 'fg', colour: { kind: 'ansi', index }, bright };
const xtermFg = (index: number): MarkupToken => ({ kind: 'fg', colour: { kind: 'xterm', index } });
const xtermBg = (index: number): MarkupToken => ({ kind: 'bg', colour: { kind: 'xterm', index } });
const rgbFg = (r: number, g: number, b: number): MarkupToken => ({
  kind: 'fg',
  colour: { kind: 'rgb', rgb: { r, g, b } },
});

describe('parseMarkup', () => {
  it('returns plain text as one token, and nothing for an empty string', () => {
    expect(parseMarkup('hello, world')).toEqual([text('hello, world')]);
    expect(parseMarkup('')).toEqual([]);
  });

  it.each([
    ['x', 0],
    ['r', 1],
    ['g', 2],
    ['y', 3],
    ['b', 4],
    ['m', 5],
    ['c', 6],
    ['w', 7],
  ])('reads |%s as the bright colour %i and its capital as the normal one', (letter, index) => {
    expect(parseMarkup(`|${letter}a`)).toEqual([ansiFg(index, true), text('a')]);
    expect(parseMarkup(`|${letter.toUpperCase()}a`)).toEqual([ansiFg(index, false), text('a')]);
  });

  it('reads |!R as a colour that leaves the intensity alone (capitals only)', () => {
    expect(parseMarkup('|!Ga')).toEqual([ansiFg(2), text('a')]);
    expect(parseMarkup('|!ga')).toEqual([text('|!ga')]);
  });

  it('reads capital backgrounds as ANSI and small ones as Evennia’s xterm cube colours', () => {
    expect(parseMarkup('|[Ba')).toEqual([
      { kind: 'bg', colour: { kind: 'ansi', index: 4 } },
      text('a'),
    ]);
    expect(parseMarkup('|[ra')).toEqual([xtermBg(cubeIndex(5, 0, 0)), text('a')]);
    expect(parseMarkup('|[x')).toEqual([xtermBg(cubeIndex(2, 2, 2))]);
    expect(parseMarkup('|[w')).toEqual([xtermBg(231)]);
  });

  it('reads intensity, underline, blink, inverse and reset', () => {
    expect(parseMarkup('|h|H|u|^|*|n')).toEqual([
      { kind: 'bright', on: true },
      { kind: 'bright', on: false },
      { kind: 'underline' },
      { kind: 'blink' },
      { kind: 'inverse' },
      { kind: 'reset' },
    ]);
  });

  it('reads xterm cube colours, foreground and background', () => {
    expect(parseMarkup('|500a|[005b|123')).toEqual([
      xtermFg(196),
      text('a'),
      xtermBg(21),
      text('b'),
      xtermFg(16 + 36 + 12 + 3),
    ]);
  });

  it('reads greyscale |=a…|=z: the cube’s black and white at the ends, the ramp between', () => {
    expect(parseMarkup('|=a')).toEqual([xtermFg(16)]);
    expect(parseMarkup('|=b')).toEqual([xtermFg(232)]);
    expect(parseMarkup('|=y')).toEqual([xtermFg(255)]);
    expect(parseMarkup('|=z')).toEqual([xtermFg(231)]);
    expect(parseMarkup('|[=m')).toEqual([xtermBg(243)]);
    expect(greyIndex('m')).toBe(243);
  });

  it('reads true colours in long and short form, either case', () => {
    expect(parseMarkup('|#ff0000a')).toEqual([rgbFg(255, 0, 0), text('a')]);
    expect(parseMarkup('|#A0b1C2')).toEqual([rgbFg(0xa0, 0xb1, 0xc2)]);
    expect(parseMarkup('|#f80!')).toEqual([rgbFg(0xff, 0x88, 0), text('!')]);
    // Four or five hex digits: the short form, then text.
    expect(parseMarkup('|#abcd')).toEqual([rgbFg(0xaa, 0xbb, 0xcc), text('d')]);
    expect(parseMarkup('|[#102030')).toEqual([
      { kind: 'bg', colour: { kind: 'rgb', rgb: { r: 16, g: 32, b: 48 } } },
    ]);
  });

  it('reads the text codes as their characters, merged into the text around them', () => {
    expect(parseMarkup('a||b|/c|-d|_e|>f')).toEqual([text('a|b\nc\td e    f')]);
    expect(parseMarkup('||r')).toEqual([text('|r')]);
    expect(parseMarkup('|||r')).toEqual([text('|'), ansiFg(1, true)]);
  });

  it('passes unknown and incomplete codes through as written', () => {
    for (const source of [
      '|q',
      '|',
      'a|',
      '|[',
      '|[q',
      '|56',
      '|567',
      '|[12',
      '|=',
      '|=A',
      '|[=',
      '|#',
      '|#12',
      '|#xyz',
      '|[#gg0000',
      '|!',
      '|!q',
      '|é',
      '|😀',
    ]) {
      expect(parseMarkup(source), source).toEqual([text(source)]);
    }
  });

  it('reads on after an unknown code, so a code right behind it still counts', () => {
    expect(parseMarkup('|[|r!')).toEqual([text('|['), ansiFg(1, true), text('!')]);
    expect(parseMarkup('|5|500')).toEqual([text('|5'), xtermFg(196)]);
  });

  it('reads a megabyte of bar fragments in linear time', () => {
    const fragments = ['|', '|[', '|[#', '|#ff', '|=', '|!', '|5', '|[5', '|r', '|[#fff'];
    for (const fragment of fragments) {
      const hostile = fragment.repeat(Math.ceil(1_048_576 / fragment.length));
      const started = performance.now();
      const tokens = parseMarkup(hostile);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(tokens.length).toBeGreaterThan(0);
    }
  });
});
