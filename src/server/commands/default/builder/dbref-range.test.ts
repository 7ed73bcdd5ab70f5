import { describe, expect, it } from 'vitest';
import { inRange, parseDbrefRange, showRange } from './dbref-range.ts';

describe('dbref ranges', () => {
  it('reads #min-#max and #min-max, turning a reversed range round', () => {
    expect(parseDbrefRange('#1-#20')).toEqual({ min: 1, max: 20 });
    expect(parseDbrefRange(' #3 - 7 ')).toEqual({ min: 3, max: 7 });
    expect(parseDbrefRange('#20-#1')).toEqual({ min: 1, max: 20 });
    expect(showRange({ min: 1, max: 20 })).toBe('#1-#20');
    expect(inRange(20, { min: 1, max: 20 })).toBe(true);
    expect(inRange(21, { min: 1, max: 20 })).toBe(false);
  });

  it('takes a bare 1-20 only where asked, since 2-sword is a pick among matches', () => {
    expect(parseDbrefRange('1-20')).toBeNull();
    expect(parseDbrefRange('1-20', true)).toEqual({ min: 1, max: 20 });
    expect(parseDbrefRange('2-sword', true)).toBeNull();
    expect(parseDbrefRange('#5')).toBeNull();
    expect(parseDbrefRange(`#1-#${'9'.repeat(13)}`)).toBeNull();
  });
});
