import { describe, expect, it } from 'vitest';
import { MAX_ALIASES, MAX_NAME_LENGTH, parseNameSpec, splitEquals } from './names.ts';

describe('builder name specs', () => {
  it('reads name;alias;alias and an optional :Typeclass', () => {
    expect(parseNameSpec(' north ; n ;; N ')).toEqual({
      key: 'north',
      aliases: ['n', 'N'],
      typeclass: null,
    });
    expect(parseNameSpec('brass bell;bell:Bell', true)).toEqual({
      key: 'brass bell',
      aliases: ['bell'],
      typeclass: 'Bell',
    });
    // Without allowTypeclass a colon is part of the name.
    expect(parseNameSpec('Sign: Keep Out')).toMatchObject({ key: 'Sign: Keep Out' });
  });

  it('explains what is wrong instead of making something odd', () => {
    expect(parseNameSpec(';x')).toBe('A name is needed.');
    expect(parseNameSpec('x:not a class', true)).toMatch(/is not a typeclass name/);
    expect(parseNameSpec('x'.repeat(MAX_NAME_LENGTH + 1))).toMatch(/at most/);
    const many = ['k', ...Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `a${i}`)].join(';');
    expect(parseNameSpec(many)).toMatch(/At most/);
  });

  it('splits on the first =, keeping an empty right side apart from none', () => {
    expect(splitEquals('a = b = c')).toEqual(['a', 'b = c']);
    expect(splitEquals('obj/attr =')).toEqual(['obj/attr', '']);
    expect(splitEquals('obj/attr')).toEqual(['obj/attr', null]);
  });
});
