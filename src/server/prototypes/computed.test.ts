import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { checkComputed, evaluate, isComputed } from './computed.ts';

/** A random source that returns these numbers in turn. */
const seq = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return isWaystoneError(err) ? `${err.code}: ${err.message}` : String(err);
  }
  return 'no error';
}

describe('computed prototype values', () => {
  it('$random gives whole numbers from low to high, both included', () => {
    expect(evaluate({ $random: [1, 6] }, seq(0))).toBe(1);
    expect(evaluate({ $random: [1, 6] }, seq(0.999_999))).toBe(6);
    expect(evaluate({ $random: [1, 6] }, seq(0.5))).toBe(4);
    expect(evaluate({ $random: [0.5, 1.5] }, seq(0.25))).toBe(0.75);
  });

  it('$pick picks one choice, which may itself be computed', () => {
    expect(evaluate({ $pick: ['red', 'blue'] }, seq(0.6))).toBe('blue');
    expect(evaluate({ $pick: [{ $random: [10, 20] }] }, seq(0, 0))).toBe(10);
  });

  it('works anywhere inside a value, and $literal keeps a "$" key as written', () => {
    const value = { stats: { hp: { $random: [5, 10] }, tags: [{ $pick: ['a', 'b'] }] } };
    expect(evaluate(value, seq(0))).toEqual({ stats: { hp: 5, tags: ['a'] } });
    expect(evaluate({ $literal: { $pick: [1] } }, seq(0))).toEqual({ $pick: [1] });
    expect(isComputed(value)).toBe(true);
    expect(isComputed({ $literal: { $random: [1, 2] } })).toBe(false);
    expect(isComputed({ plain: [1, 'two'] })).toBe(false);
  });

  it('refuses malformed or unknown forms, naming where they are', () => {
    expect(codeOf(() => checkComputed({ $random: [6, 1] }, 'attributes.hp'))).toMatch(
      /^PROTOTYPE_INVALID: attributes.hp \$random's low \(6\) is above its high/,
    );
    expect(codeOf(() => checkComputed({ $random: ['1', 6] }, 'hp'))).toMatch(/two numbers/);
    expect(codeOf(() => checkComputed({ $pick: [] }, 'colour'))).toMatch(/non-empty list/);
    expect(codeOf(() => checkComputed({ x: { $randint: [1, 2] } }, 'a'))).toMatch(
      /^PROTOTYPE_INVALID: a.x has '\$randint'/,
    );
    expect(codeOf(() => checkComputed({ $random: [1, 2], extra: 1 }, 'a'))).toMatch(/exactly one/);
    expect(codeOf(() => checkComputed(JSON.parse('{"__proto__": {"x": 1}}'), 'a'))).toMatch(
      /__proto__/,
    );
    // An object reference is a stored value, not a form.
    expect(codeOf(() => checkComputed({ $ref: 'object', id: 3 }, 'owner'))).toBe('no error');
  });
});
