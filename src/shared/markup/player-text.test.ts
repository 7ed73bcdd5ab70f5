import { describe, expect, it } from 'vitest';
import { renderAnsi } from './ansi.ts';
import { neutralise } from './neutralise.ts';
import { parseMarkup } from './parse.ts';
import { neutraliseExceptColour, playerText } from './player-text.ts';
import { stripMarkup } from './plain.ts';
import { seededRandom } from '../seeded-random.ts';

const ESC = '\u001b';

describe("playerText 'none'", () => {
  it('is neutralise: the text shows as typed', () => {
    expect(playerText('|rred|n |lclook|ltx|le', 'none')).toBe(neutralise('|rred|n |lclook|ltx|le'));
    expect(stripMarkup(playerText('|rred|n', 'none'))).toBe('|rred|n');
  });
});

describe("playerText 'colour'", () => {
  it('keeps colour codes, and closes them so nothing bleeds into the game’s text', () => {
    const safe = playerText('|rred|n and |[B|500|#ff8800|=k|!R|h|H|u|*x', 'colour');
    expect(safe).toBe('|rred|n and |[B|500|#ff8800|=k|!R|h|H|u|*x|n');
    expect(renderAnsi(safe, 'ansi16')).toContain(`${ESC}[1;31mred`);
    expect(playerText('plain', 'colour')).toBe('plain');
  });

  it('shows links, blink and the text codes as typed', () => {
    for (const typed of ['|lclook|ltLook|le', '|^blink', 'a|/b|-c|_d|>e', '|q | end|']) {
      const safe = playerText(typed, 'colour');
      expect(parseMarkup(safe).every((t) => t.kind === 'text')).toBe(true);
      expect(stripMarkup(safe)).toBe(typed);
    }
    // As in any markup, `||` is how a bar is written.
    expect(stripMarkup(playerText('a||b', 'colour'))).toBe('a|b');
  });

  it('removes escapes, line breaks and invisible characters as neutralise does', () => {
    expect(playerText(`|g${ESC}[31mgreen\r\nline\u202e\u200b|n`, 'colour')).toBe(
      '|ggreen line|n|n',
    );
    expect(playerText(`${ESC}]8;;http://x${'\u0007'}link`, 'colour')).toBe('link');
  });

  it('never lets random input carry anything but colour codes', () => {
    const rand = seededRandom(0xc0102);
    const alphabet = [...'||||lcte^/-_>[#=!rgRGBnhu*5029af \n\t', ESC, '\u009b', '\u202e'];
    for (let i = 0; i < 2000; i++) {
      let typed = '';
      const length = Math.floor(rand() * 40);
      for (let j = 0; j < length; j++) typed += alphabet[Math.floor(rand() * alphabet.length)];
      const safe = neutraliseExceptColour(typed);
      for (const token of parseMarkup(safe)) {
        expect(['text', 'fg', 'bg', 'bright', 'underline', 'inverse', 'reset']).toContain(
          token.kind,
        );
        if (token.kind === 'text') {
          // eslint-disable-next-line no-control-regex
          expect(token.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
        }
      }
    }
  });
});
