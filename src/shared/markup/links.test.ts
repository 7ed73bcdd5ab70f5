import { describe, expect, it } from 'vitest';
import { parseMarkup } from './parse.ts';
import { stripMarkup } from './plain.ts';
import type { MarkupToken } from './tokens.ts';

const text = (t: string): MarkupToken => ({ kind: 'text', text: t });
const start = (command: string): MarkupToken => ({ kind: 'linkStart', command });
const end: MarkupToken = { kind: 'linkEnd' };
const red: MarkupToken = { kind: 'fg', colour: { kind: 'ansi', index: 1 }, bright: true };

describe('links in markup: |lc<command>|lt<text>|le', () => {
  it('reads a link as its command and its text', () => {
    expect(parseMarkup('Go |lclook|ltLook around|le now')).toEqual([
      text('Go '),
      start('look'),
      text('Look around'),
      end,
      text(' now'),
    ]);
  });

  it('lets the link text be coloured, and takes the command as its visible text', () => {
    expect(parseMarkup('|lc |rget||drop |lt|rGet|n|le')).toEqual([
      start('get|drop'),
      red,
      text('Get'),
      { kind: 'reset' },
      end,
    ]);
  });

  it('shows the command when the link text is empty', () => {
    expect(parseMarkup('|lcnorth|lt|le')).toEqual([start('north'), text('north'), end]);
  });

  it('keeps marks that make no link as the text they were', () => {
    for (const source of [
      '|lc',
      '|lclook',
      '|lclook|ltLook',
      '|ltLook|le',
      '|le',
      '|lc|ltempty command|le',
      '|lc  |ltblank command|le',
      'a|lcx|le',
      '|lcline\nbreak|ltx|le',
      '|lcline|/break|ltx|le',
    ]) {
      const tokens = parseMarkup(source);
      expect(tokens.some((t) => t.kind === 'linkStart' || t.kind === 'linkEnd')).toBe(false);
      expect(stripMarkup(source)).toBe(source.replace('|/', '\n'));
    }
  });

  it('starts afresh at a second |lc before any |lt', () => {
    expect(parseMarkup('|lcone |lctwo|ltTwo|le')).toEqual([
      text('|lcone '),
      start('two'),
      text('Two'),
      end,
    ]);
  });

  it('does not nest links: |lc and |lt inside link text are text', () => {
    expect(parseMarkup('|lca|ltx |lcb|lty|le z|le')).toEqual([
      start('a'),
      text('x |lcb|lty'),
      end,
      text(' z|le'),
    ]);
  });

  it('never reads a doubled bar as a mark: ||lc is text, and ||le does not end a link', () => {
    expect(parseMarkup('||lclook|ltx|le')).toEqual([text('|lclook|ltx|le')]);
    expect(parseMarkup('|lca|ltx||le y|le')).toEqual([start('a'), text('x|le y'), end]);
  });

  it('removes control characters and escapes from the command', () => {
    expect(parseMarkup('|lclo\u0007ok\u001b[31m|ltx|le')).toEqual([start('look'), text('x'), end]);
  });

  it('reads a megabyte of unpaired marks in linear time', () => {
    for (const fragment of ['|lc', '|lcx|lt', '|lc|lt|le', '|lcx|lty|lcz']) {
      const hostile = fragment.repeat(Math.ceil(1_048_576 / fragment.length));
      const started = performance.now();
      const tokens = parseMarkup(hostile);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(tokens.length).toBeGreaterThan(0);
    }
  });
});
