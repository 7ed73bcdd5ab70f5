import { describe, expect, it } from 'vitest';
import { renderAnsi } from './ansi.ts';
import { renderHtml } from './html.ts';
import { neutralise } from './neutralise.ts';
import { parseMarkup } from './parse.ts';
import { stripMarkup } from './plain.ts';

const ESC = '\u001b';

/** What another player's client shows for a neutralised text: its visible characters. */
const shown = (playerText: string): string => stripMarkup(neutralise(playerText));

describe('neutralise', () => {
  it('keeps ordinary text, every script and emoji, unchanged', () => {
    for (const text of [
      'Hello there!',
      'ÿ is U+00FF, a letter, not IAC',
      'Zoë, Łódź, Ελληνικά, русский, עברית, العربية, 日本語, 한국어',
      'thumbs 👍🏽 and flag 🇳🇴',
      '<b>not html</b> & "quotes"',
    ]) {
      expect(neutralise(text)).toBe(text);
    }
  });

  it('takes the meaning out of markup: bars are doubled and show as typed', () => {
    expect(neutralise('|rred|n')).toBe('||rred||n');
    expect(parseMarkup(neutralise('|r|[b|500|#ff0000|=a|h|*|^|u|/|-|_|>||'))).toEqual([
      { kind: 'text', text: '|r|[b|500|#ff0000|=a|h|*|^|u|/|-|_|>||' },
    ]);
    expect(shown('a | b || c |')).toBe('a | b || c |');
  });

  it('removes ANSI escapes whole, so no remnant like "[31m" is left', () => {
    expect(neutralise(`${ESC}[1;31mI am red${ESC}[0m`)).toBe('I am red');
    expect(neutralise(`${ESC}[2J${ESC}[Hclear screen`)).toBe('clear screen');
    expect(neutralise(`${ESC}]0;new title${'\u0007'}hi`)).toBe('hi');
    expect(neutralise(`\u009b31mC1 CSI`)).toBe('C1 CSI');
  });

  it('turns line breaks into spaces, so a say cannot fake a line from the game', () => {
    expect(neutralise('hi\r\nThe server is shutting down')).toBe('hi The server is shutting down');
    expect(neutralise('a\nb\rc\u000bd\u000ce\u2028f\u2029g')).toBe('a b c d e f g');
    expect(neutralise('a\tb')).toBe('a b');
    expect(neutralise('a\n\nb')).toBe('a  b');
    expect(neutralise('a\u0085b')).toBe('ab'); // NEL is a C1 control
  });

  it('removes other control characters', () => {
    expect(neutralise('a\u0000b\u0007c\u0008d\u007fe\u001ff')).toBe('abcdef');
    expect(neutralise('a\u0080b\u009ac')).toBe('abc');
    expect(neutralise('a\u009fhidden')).toBe('a'); // APC: a control string to the end
  });

  it('removes bidi overrides and isolates, which would reorder the line', () => {
    expect(neutralise('user\u202Egnp.exe')).toBe('usergnp.exe');
    expect(neutralise('\u202Aa\u202Bb\u202Cc\u202Dd\u2066e\u2067f\u2068g\u2069h')).toBe('abcdefgh');
    expect(neutralise('a\u200Eb\u200Fc\u061Cd')).toBe('abcd');
  });

  it('removes zero-width and other invisible characters', () => {
    expect(neutralise('Ad\u200Bmin')).toBe('Admin');
    expect(neutralise('a\u200Cb\u200Dc\u2060d\uFEFFe\u00ADf\u180Eg')).toBe('abcdefg');
  });

  it('replaces a lone surrogate and keeps proper pairs', () => {
    expect(neutralise('a\uD800b')).toBe('a\uFFFDb');
    expect(neutralise('a\uDC00')).toBe('a\uFFFD');
    expect(neutralise('😀\uD83D')).toBe('😀\uFFFD');
  });

  it('holds against mixed injection attempts in every rendering', () => {
    const attacks = [
      `|n\r\n|r[SYSTEM] Shutting down|n`,
      `${ESC}[0m\n${ESC}[1;31m[SYSTEM]`,
      `|${ESC}[0mr`, // removing the escape must not join a new code
      `||${ESC}[m|r`,
      `x|\r\n/y`,
      `\u009b2J|[r`,
      `<script>alert(1)</script>`,
    ];
    for (const attack of attacks) {
      const safe = neutralise(attack);
      expect(parseMarkup(safe).every((t) => t.kind === 'text')).toBe(true);
      for (const depth of ['ansi16', 'xterm256', 'truecolor'] as const) {
        const out = renderAnsi(safe, depth);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }
      const html = renderHtml(safe);
      expect(html).not.toMatch(/<(?!\/?span|br>)/);
      expect(html).not.toContain('<br>');
    }
  });

  it('at most doubles the length', () => {
    expect(neutralise('|'.repeat(1000))).toHaveLength(2000);
  });
});
