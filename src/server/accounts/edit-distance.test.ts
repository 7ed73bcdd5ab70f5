import { describe, expect, it } from 'vitest';
import { boundedEditDistance } from './edit-distance.ts';

describe('boundedEditDistance', () => {
  it('computes small distances exactly', () => {
    expect(boundedEditDistance('kitten', 'sitting', 5)).toBe(3);
    expect(boundedEditDistance('gandalf', 'gandalf', 3)).toBe(0);
    expect(boundedEditDistance('', 'abc', 3)).toBe(3);
    expect(boundedEditDistance('abc', '', 3)).toBe(3);
    expect(boundedEditDistance('flaw', 'lawn', 3)).toBe(2);
  });

  it('returns bound + 1 once the distance exceeds the bound', () => {
    expect(boundedEditDistance('abcdefgh', 'zyxwvuts', 3)).toBe(4);
    expect(boundedEditDistance('a', 'a'.repeat(100), 3)).toBe(4);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(boundedEditDistance('a😀b', 'ab', 3)).toBe(1);
  });
});
