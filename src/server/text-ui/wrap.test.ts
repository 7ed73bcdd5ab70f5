import { describe, expect, it } from 'vitest';
import { stripMarkup } from '../../shared/markup/plain.ts';
import { markupWidth } from './styled-text.ts';
import { wrapMarkup } from './wrap.ts';

describe('wrapping coloured text', () => {
  it('measures what the player sees, not the codes', () => {
    expect(markupWidth('|rred|n and |#ff8800orange|n')).toBe('red and orange'.length);
    expect(markupWidth('a || bar')).toBe('a | bar'.length);
    expect(markupWidth('one|/three')).toBe(5);
    expect(markupWidth('|lclook|ltLook here|le')).toBe('Look here'.length);
    expect(markupWidth('|r李|n')).toBe(2);
  });

  it('breaks at spaces, keeps words whole while they fit, and breaks a word longer than a line', () => {
    expect(wrapMarkup('the quick brown fox jumps', 10)).toEqual([
      'the quick',
      'brown fox',
      'jumps',
    ]);
    expect(wrapMarkup('unbreakableword here', 6)).toEqual(['unbrea', 'kablew', 'ord', 'here']);
    // Line breaks and blank lines stay; a paragraph keeps its indentation.
    expect(wrapMarkup('  one two\n\nthree', 9)).toEqual(['  one two', '', 'three']);
  });

  it('carries a colour over a break and closes every line', () => {
    const lines = wrapMarkup('plain |rred words here|n plain', 10);
    expect(lines).toEqual(['plain |rred|n', '|rwords here|n', 'plain']);
    // Every line stands alone: the visible text is the original's, line by line.
    expect(lines.map(stripMarkup)).toEqual(['plain red', 'words here', 'plain']);
    expect(wrapMarkup('|[B|ywarning: the sky falls|n', 12)).toEqual([
      '|[B|ywarning: the|n',
      '|y|[Bsky falls|n',
    ]);
  });

  it('leaves plain text exactly as written', () => {
    expect(wrapMarkup('a plain line', 40)).toEqual(['a plain line']);
    expect(wrapMarkup('|rkept|n as is', 40)).toEqual(['|rkept|n as is']);
  });

  it('never cuts a wide character and never splits a link from its text', () => {
    expect(wrapMarkup('李小龍', 4)).toEqual(['李小', '龍']);
    expect(wrapMarkup('李', 1)).toEqual(['李']);
    // A link cut by a line break is a link on each line, each sending the same command.
    expect(wrapMarkup('go |lcnorth|ltto the north|le now', 8)).toEqual([
      'go |lcnorth|ltto|le',
      '|lcnorth|ltthe|le',
      '|lcnorth|ltnorth|le',
      'now',
    ]);
  });
});
