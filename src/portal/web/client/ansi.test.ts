import { describe, expect, it } from 'vitest';
import { parseAnsi, styleToCss, xtermColor, type AnsiStyle } from './ansi.ts';

const E = '\u001b';

describe('parseAnsi', () => {
  it('returns plain text as one unstyled run', () => {
    expect(parseAnsi('hello &amp; bye', {})).toEqual([{ text: 'hello &amp; bye', style: {} }]);
  });

  it('splits on SGR sequences and resets with 0 or an empty parameter list', () => {
    const state: AnsiStyle = {};
    const runs = parseAnsi(`a${E}[1;31mred${E}[0mb${E}[32mg${E}[mc`, state);
    expect(runs).toEqual([
      { text: 'a', style: {} },
      { text: 'red', style: { bold: true, fg: 1 } },
      { text: 'b', style: {} },
      { text: 'g', style: { fg: 2 } },
      { text: 'c', style: {} },
    ]);
    expect(state).toEqual({});
  });

  it('carries the style from one call to the next, like a terminal', () => {
    const state: AnsiStyle = {};
    parseAnsi(`${E}[34mblue`, state);
    expect(parseAnsi('still blue', state)).toEqual([{ text: 'still blue', style: { fg: 4 } }]);
  });

  it('reads bright, 256-colour and true-colour parameters', () => {
    const state: AnsiStyle = {};
    parseAnsi(`${E}[91;104m`, state);
    expect(state).toEqual({ fg: 9, bg: 12 });
    parseAnsi(`${E}[38;5;196;48;2;1;2;300m`, state);
    expect(state).toEqual({ fg: 196, bg: '#0102ff' });
    parseAnsi(`${E}[39;49m`, state);
    expect(state).toEqual({});
  });

  it('drops other escape sequences and stray escapes without showing them', () => {
    expect(
      parseAnsi(`a${E}[2Jb${E}[?25lc${E}Md${E}`, {})
        .map((r) => r.text)
        .join(''),
    ).toBe('abcd');
  });

  it('ignores a malformed extended colour', () => {
    const state: AnsiStyle = {};
    expect(parseAnsi(`${E}[38;9mx`, state)).toEqual([{ text: 'x', style: {} }]);
  });
});

describe('styleToCss', () => {
  it('uses classes for the 16 themed colours and brightens bold basic colours', () => {
    expect(styleToCss({ fg: 1, bold: true })).toEqual({ classes: ['ansi-fg-9', 'ansi-bold'] });
    expect(styleToCss({ fg: 3, bg: 4, underline: true })).toEqual({
      classes: ['ansi-fg-3', 'ansi-bg-4', 'ansi-underline'],
    });
  });

  it('uses inline colours for the 256-colour cube and true colour', () => {
    expect(styleToCss({ fg: 196, bg: '#102030' })).toEqual({
      classes: [],
      color: '#ff0000',
      background: '#102030',
    });
  });

  it('swaps colours for inverse, using the page colours for unset ones', () => {
    expect(styleToCss({ inverse: true }).classes).toEqual(['ansi-fg-page-bg', 'ansi-bg-page-fg']);
    expect(styleToCss({ inverse: true, fg: 2 }).classes).toEqual(['ansi-fg-page-bg', 'ansi-bg-2']);
  });
});

describe('xtermColor', () => {
  it('maps the cube and the grey ramp', () => {
    expect(xtermColor(16)).toBe('#000000');
    expect(xtermColor(231)).toBe('#ffffff');
    expect(xtermColor(232)).toBe('#080808');
    expect(xtermColor(255)).toBe('#eeeeee');
  });
});
