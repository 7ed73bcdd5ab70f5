import { describe, expect, it } from 'vitest';
import { parseMarkup } from '../../shared/markup/parse.ts';
import { tokenSource } from './markup-source.ts';

/** Markup made of random pieces, codes and text, valid or not. */
function randomMarkup(seed: number): string {
  const bits = [
    '|r',
    '|R',
    '|!G',
    '|[b',
    '|[B',
    '|h',
    '|H',
    '|u',
    '|^',
    '|*',
    '|n',
    '|500',
    '|[012',
    '|=k',
    '|#ff8800',
    '|#0f0',
    '||',
    '|/',
    '|',
    'a',
    ' ',
    'text',
    '李',
    '|lc',
    '|lt',
    '|le',
    'look',
  ];
  let s = seed;
  let out = '';
  for (let i = 0; i < 12; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out += bits[s % bits.length];
  }
  return out;
}

describe('markup written back from tokens', () => {
  it('reads back as the same tokens, whatever the markup', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const tokens = parseMarkup(randomMarkup(seed));
      const source = tokens.map(tokenSource).join('');
      expect(parseMarkup(source)).toEqual(tokens);
    }
  });

  it('writes each kind of code as markup players know', () => {
    const source = (m: string) => parseMarkup(m).map(tokenSource).join('');
    expect(source('|rred|n |Rdark |!Gkeep |[Bon blue')).toBe('|rred|n |Rdark |!Gkeep |[Bon blue');
    expect(source('|500|[=k|#ff8800x')).toBe('|500|[=k|#ff8800x');
    expect(source('a || b')).toBe('a || b');
    expect(source('|lclook at||it|ltLook|le')).toBe('|lclook at||it|ltLook|le');
  });
});
