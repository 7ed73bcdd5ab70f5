import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { MAX_DEPTH, decodeValue, encodeValue } from './attribute-codec.ts';
import { SAMPLE_VALUES } from './test-values.ts';
import type { AttributeValue } from './types.ts';

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (err) {
    return isWaystoneError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('attribute codec', () => {
  it.each(SAMPLE_VALUES)('round-trips %s', (_label, value) => {
    const back = decodeValue(encodeValue(value, 'x'), 'x');
    expect(back).toEqual(value);
    if (typeof value === 'number') expect(Object.is(back, value)).toBe(true);
  });

  it('writes plain JSON for plain values and tags only the rest', () => {
    expect(encodeValue({ a: [1, 'b', true, null] }, 'x')).toBe('{"a":[1,"b",true,null]}');
    expect(encodeValue(new Date(0), 'x')).toBe('{"$date":"1970-01-01T00:00:00.000Z"}');
    expect(encodeValue(-0, 'x')).toBe('{"$num":"-0"}');
    expect(encodeValue({ $ref: 'object', id: 2 }, 'x')).toBe('{"$ref":"object","id":2}');
    expect(encodeValue({ $x: 1 }, 'x')).toBe('{"$map":{"$x":1}}');
  });

  it('keeps a __proto__ key as data, never as a prototype', () => {
    const back = decodeValue('{"__proto__":{"polluted":true}}', 'x') as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stores a shared (not circular) sub-value twice', () => {
    const shared = { n: 1 };
    expect(decodeValue(encodeValue([shared, shared], 'x'), 'x')).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('refuses nesting deeper than the limit', () => {
    let deep: AttributeValue = 1;
    for (let i = 0; i < MAX_DEPTH + 1; i++) deep = [deep];
    expect(codeOf(() => encodeValue(deep, 'x'))).toBe('STORAGE_BAD_VALUE');
  });

  it.each([
    ['a function', () => 1, /is a function/],
    ['undefined', undefined, /is undefined/],
    ['NaN', NaN, /is NaN/],
    ['a bigint', 1n, /bigint/],
    ['a Map', new Map(), /instance of Map/],
    ['a class instance', new (class Sword {})(), /instance of Sword/],
    ['an invalid Date', new Date(NaN), /invalid Date/],
    ['a symbol-keyed map', { [Symbol('k')]: 1 }, /symbol keys/],
    ['a bad ref', { $ref: 'object', id: -1 }, /entity reference/],
    ['undefined in a map', { a: { b: undefined } }, /a\.b is undefined/],
  ])('refuses %s', (_label, value, message) => {
    expect(() => encodeValue(value as AttributeValue, "attribute 'x'")).toThrow(message);
    expect(codeOf(() => encodeValue(value as AttributeValue, 'x'))).toBe('STORAGE_BAD_VALUE');
  });

  it('refuses a cycle, naming where it closes', () => {
    const loop: Record<string, unknown> = { list: [] };
    (loop.list as unknown[]).push(loop);
    expect(() => encodeValue(loop as AttributeValue, 'x')).toThrow(/list\[0\] contains itself/);
  });

  it.each([
    ['not JSON', '{'],
    ['an unknown tag', '{"$what":1}'],
    ['a bad date', '{"$date":"never"}'],
    ['a bad number tag', '{"$num":"NaN"}'],
    ['a bad ref', '{"$ref":"room","id":1}'],
    ['a bad map', '{"$map":[1]}'],
  ])('reports stored text that is %s as STORAGE_CORRUPT_VALUE', (_label, text) => {
    expect(codeOf(() => decodeValue(text, 'x'))).toBe('STORAGE_CORRUPT_VALUE');
  });
});
