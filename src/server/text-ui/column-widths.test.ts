import { describe, expect, it } from 'vitest';
import { columnWidths, proportional } from './column-widths.ts';

const col = (natural: number, longestWord = natural, extra = {}) => ({
  natural,
  longestWord,
  ...extra,
});

describe('column widths', () => {
  it('splits a total in proportion, in whole columns that add up', () => {
    expect(proportional(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(proportional(7, [3, 1])).toEqual([5, 2]);
    expect(proportional(5, [0, 0])).toEqual([0, 0]);
  });

  it('keeps natural widths when they fit, within min and max', () => {
    expect(columnWidths([col(5), col(10)], 40)).toEqual([5, 10]);
    expect(
      columnWidths([col(5), col(30, 5, { maxWidth: 12 }), col(1, 1, { minWidth: 4 })]),
    ).toEqual([5, 12, 4]);
  });

  it('shrinks what lies beyond the longest words first, in proportion', () => {
    // 10 + 40 = 50 into 30: the floors are 4 and 6, the other 20 columns go 6 : 34.
    expect(columnWidths([col(10, 4), col(40, 6)], 30)).toEqual([7, 23]);
  });

  it('breaks words when the floors alone do not fit, never below one column each', () => {
    expect(columnWidths([col(20, 20), col(10, 10)], 15)).toEqual([10, 5]);
    expect(columnWidths([col(5), col(5), col(5)], 2)).toEqual([1, 1, 1]);
  });
});
