import { describe, expect, it } from 'vitest';
import { InputHistory } from './input-history.ts';

describe('InputHistory', () => {
  it('walks back with up and forward with down, returning the draft at the end', () => {
    const h = new InputHistory();
    h.push('look');
    h.push('north');
    expect(h.up('dra')).toBe('north');
    expect(h.up('north')).toBe('look');
    expect(h.up('look')).toBeNull();
    expect(h.down()).toBe('north');
    expect(h.down()).toBe('dra');
    expect(h.down()).toBeNull();
  });

  it('skips empty lines and immediate repeats, and is bounded', () => {
    const h = new InputHistory(3);
    for (const line of ['a', 'a', '', '  ', 'b', 'c', 'd']) h.push(line);
    expect(h.size).toBe(3);
    expect([h.up(''), h.up(''), h.up(''), h.up('')]).toEqual(['d', 'c', 'b', null]);
  });

  it('starts again from the newest line after a submit', () => {
    const h = new InputHistory();
    h.push('one');
    h.push('two');
    h.up('');
    h.up('');
    h.push('three');
    expect(h.up('')).toBe('three');
  });
});
