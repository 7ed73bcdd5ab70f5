import { describe, expect, it } from 'vitest';
import { MAX_LITERAL_DEPTH, parseLiteral, parseValue } from './literal.ts';

describe('values typed to set', () => {
  it('reads JSON as JSON', () => {
    expect(parseValue('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(parseValue('5')).toBe(5);
    expect(parseValue('"quoted"')).toBe('quoted');
    expect(parseValue('true')).toBe(true);
  });

  it("reads Evennia's Python literals: single quotes, True/False/None, tuples", () => {
    expect(parseValue("{'a': [1, 2], 'b': None}")).toEqual({ a: [1, 2], b: null });
    expect(parseValue('True')).toBe(true);
    expect(parseValue('None')).toBeNull();
    expect(parseValue('(1, 2.5, -3e2,)')).toEqual([1, 2.5, -300]);
    expect(parseValue("['it\\'s', \"x\\ny\"]")).toEqual(["it's", 'x\ny']);
    expect(parseValue('{1: "one"}')).toEqual({ 1: 'one' });
  });

  it('keeps anything else as the text typed', () => {
    expect(parseValue('old books')).toBe('old books');
    expect(parseValue("{'a': 1")).toBe("{'a': 1");
    expect(parseValue('[1, 2] and more')).toBe('[1, 2] and more');
    expect(parseValue('Nonesuch')).toBe('Nonesuch');
    expect(parseValue('{[1]: 2}')).toBe('{[1]: 2}');
  });

  it('bounds nesting, and a __proto__ key is just a key', () => {
    const deep = `${'['.repeat(MAX_LITERAL_DEPTH + 2)}${']'.repeat(MAX_LITERAL_DEPTH + 2)}`;
    expect(parseLiteral(deep)).toBeUndefined();
    const value = parseLiteral("{'__proto__': {'polluted': 1}}") as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});
