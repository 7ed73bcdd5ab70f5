import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { applyNick, compileNick } from './nick-template.ts';

const apply = (pattern: string, replacement: string, line: string): string | null =>
  applyNick(compileNick(pattern, replacement), line);

function refusal(pattern: string, replacement: string): string {
  try {
    compileNick(pattern, replacement);
  } catch (err) {
    expect(isWaystoneError(err, 'NICK_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected NICK_INVALID');
}

describe('nick templates', () => {
  it('a plain nick stands for the first words of a line, whole words only', () => {
    expect(apply('l', 'look', 'l')).toBe('look');
    expect(apply('l', 'look', 'L')).toBe('look');
    expect(apply('l', 'look', 'l me')).toBe('look me');
    expect(apply('l', 'look', '  l   me ')).toBe('look   me');
    expect(apply('l', 'look', 'lick')).toBeNull();
    expect(apply('l', 'look', 'xl')).toBeNull();
    expect(apply('gg now', 'say good game', 'gg now everyone')).toBe('say good game everyone');
    expect(apply('gg now', 'say good game', 'gg later')).toBeNull();
  });

  it('$-markers capture words, the last one the rest of the line', () => {
    expect(apply('ppp $1 $2', 'page $1 = $2', 'ppp bob hello there')).toBe(
      'page bob = hello there',
    );
    expect(apply('ppp $1 $2', 'page $1 = $2', 'PPP   bob   hi')).toBe('page bob = hi');
    // Markers may come back in another order, or more than once.
    expect(apply('$1 to $2', 'give $2 $1 $1', 'apple to ann')).toBe('give ann apple apple');
    // Each marker needs at least one character: a line too short does not match.
    expect(apply('ppp $1 $2', 'page $1 = $2', 'ppp bob')).toBeNull();
    expect(apply('ppp $1 $2', 'page $1 = $2', 'pppx bob hi')).toBeNull();
  });

  it('regex characters in a nick are literal', () => {
    expect(apply('a.b $1', 'say $1', 'a.b hi')).toBe('say hi');
    expect(apply('a.b $1', 'say $1', 'axb hi')).toBeNull();
    expect(apply('(x)', 'look', '(x)')).toBe('look');
  });

  it('refuses what cannot work, saying why', () => {
    expect(refusal('', 'look')).toMatch(/something to match/);
    expect(refusal('l', '  ')).toMatch(/replacement/);
    expect(refusal('ppp $1 $2', 'page $1')).toMatch(/same \$-markers/);
    expect(refusal('ppp $1', 'page $1 $2')).toMatch(/same \$-markers/);
    expect(refusal('x $1 $1', 'say $1')).toMatch(/once/);
  });
});
