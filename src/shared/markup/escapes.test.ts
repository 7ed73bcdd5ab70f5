import { describe, expect, it } from 'vitest';
import { hasEscapes, stripAnsi } from './escapes.ts';

const ESC = '\u001b';

describe('stripAnsi', () => {
  it('leaves text without escapes alone, Unicode included', () => {
    const text = 'plain text, ÿ é 日本語 😀 [31m | \t\n';
    expect(stripAnsi(text)).toBe(text);
    expect(hasEscapes(text)).toBe(false);
  });

  it.each([
    ['SGR colour', `${ESC}[1;31mred${ESC}[0m`, 'red'],
    ['SGR true colour', `${ESC}[38;2;255;0;0mred`, 'red'],
    ['private-mode CSI', `a${ESC}[?25lb${ESC}[?1049h`, 'ab'],
    ['cursor moves and erase', `${ESC}[2J${ESC}[Hx${ESC}[10;5Hy${ESC}[K`, 'xy'],
    ['CSI with intermediates', `a${ESC}[1 qb`, 'ab'],
    ['MXP line mode', `${ESC}[1z<SEND>x`, '<SEND>x'],
    ['OSC title ended by BEL', `a${ESC}]0;pwned${'\u0007'}b`, 'ab'],
    ['OSC 8 link ended by ST', `${ESC}]8;;http://evil${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
    ['DCS', `a${ESC}Pq#0;2;0;0;0${ESC}\\b`, 'ab'],
    ['APC and PM', `a${ESC}_x${ESC}\\b${ESC}^y${ESC}\\c`, 'abc'],
    ['two-character escapes', `a${ESC}cb${ESC}7c${ESC}8d${ESC}Me`, 'abcde'],
    ['charset designation', `a${ESC}(0b${ESC}(Bc`, 'abc'],
    ['C1 CSI', `a\u009b31mb`, 'ab'],
    ['C1 OSC ended by C1 ST', `a\u009d0;t\u009cb`, 'ab'],
    ['other C1 controls', `a\u0085b\u008dc`, 'abc'],
  ])('removes %s', (_name, input, expected) => {
    expect(stripAnsi(input)).toBe(expected);
  });

  it('drops a sequence cut short, keeping the character that cut it', () => {
    expect(stripAnsi(`a${ESC}`)).toBe('a');
    expect(stripAnsi(`a${ESC}[31`)).toBe('a');
    expect(stripAnsi(`a${ESC}[31\nb`)).toBe('a\nb');
    expect(stripAnsi(`a${ESC}[31éb`)).toBe('aéb');
    expect(stripAnsi(`a${ESC}\nb`)).toBe('a\nb');
    expect(stripAnsi(`a${ESC}${ESC}[31mb`)).toBe('ab');
    expect(stripAnsi(`a${ESC}(`)).toBe('a');
  });

  it('drops an unterminated control string to the end, and lets an ESC abort it', () => {
    expect(stripAnsi(`a${ESC}]0;title never ends`)).toBe('a');
    expect(stripAnsi(`a${ESC}]0;t${ESC}[31mb`)).toBe('ab');
  });

  it('never leaves an ESC or C1 character, so stripping twice changes nothing', () => {
    const nasty = `${ESC}${ESC}[${ESC}]${ESC}\\\u009b${ESC}[[31m${ESC}P${ESC}x\u009c${ESC}`;
    const once = stripAnsi(nasty);
    expect(hasEscapes(once)).toBe(false);
    expect(stripAnsi(once)).toBe(once);
  });

  it('strips a megabyte of escape fragments in linear time', () => {
    for (const fragment of [`${ESC}[`, `${ESC}]`, `${ESC}]${ESC}`, `${ESC}[1;`, '\u009b', ESC]) {
      const hostile = `x${fragment.repeat(Math.ceil(1_048_576 / fragment.length))}y`;
      const started = performance.now();
      const result = stripAnsi(hostile);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(hasEscapes(result)).toBe(false);
    }
  });
});
