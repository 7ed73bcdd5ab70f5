import { describe, expect, it } from 'vitest';
import { editDistance, suggestNames } from './suggest.ts';

describe('suggestNames', () => {
  it('finds close names, prefixes and overshoots, best first, at most three', () => {
    const names = ['look', 'lock', 'loot', 'inventory', 'say', 'l'];
    expect(suggestNames('lok', names)).toEqual(['lock', 'look']);
    expect(suggestNames('inv', names)).toEqual(['inventory']);
    expect(suggestNames('looking', names)).toEqual(['look']);
    expect(suggestNames('xyz', names)).toEqual([]);
    expect(suggestNames('loo', ['look', 'loot', 'loom', 'loop'])).toHaveLength(3);
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('loko', 'look')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
