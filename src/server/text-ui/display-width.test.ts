import { describe, expect, it } from 'vitest';
import { displayWidth, graphemes, graphemeWidth } from './display-width.ts';

describe('display width', () => {
  it('counts ASCII one column a character, controls none', () => {
    expect(displayWidth('Ann waves.')).toBe(10);
    expect(displayWidth('a\u0007b')).toBe(2);
    expect(displayWidth('')).toBe(0);
  });

  it('counts CJK, fullwidth forms and emoji two columns', () => {
    expect(displayWidth('李小龍')).toBe(6);
    expect(displayWidth('ｱＢ')).toBe(1 + 2); // halfwidth katakana is narrow, fullwidth B wide
    expect(displayWidth('한국어')).toBe(6);
    expect(displayWidth('🙂')).toBe(2);
    expect(displayWidth('❤️')).toBe(2); // a text-style heart made emoji by U+FE0F
    expect(displayWidth('❤')).toBe(1); // the same heart as text
    expect(displayWidth('🇫🇷')).toBe(2); // a flag: two regional indicators
    expect(displayWidth('👩‍👩‍👧')).toBe(2); // one family, joined by ZWJ
  });

  it('counts a letter with combining accents as one, and zero-width characters as none', () => {
    expect(displayWidth('e\u0301te\u0301')).toBe(3);
    expect(graphemes('e\u0301a')).toEqual(['e\u0301', 'a']);
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(graphemeWidth('\u0301')).toBe(0);
  });
});
