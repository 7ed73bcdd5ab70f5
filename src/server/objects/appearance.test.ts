import { describe, expect, it } from 'vitest';
import { APPEARANCE_LIST_MAX, formatAppearance } from './appearance.ts';

const none = { names: [], total: 0 };

describe('formatAppearance', () => {
  it('lays out name, description and the groups, leaving out empty ones', () => {
    expect(
      formatAppearance({
        name: 'Hall',
        desc: 'A long hall.',
        exits: { names: ['north', 'south'], total: 2 },
        characters: none,
        things: { names: ['a lamp'], total: 1 },
      }),
    ).toBe('|cHall|n\nA long hall.\n|wExits:|n north, south\n|wYou see:|n a lamp');
  });

  it('counts what a crowded room does not list', () => {
    const names = Array.from({ length: APPEARANCE_LIST_MAX }, (_, i) => `P${i}`);
    const text = formatAppearance({
      name: 'Square',
      desc: '',
      exits: none,
      characters: { names, total: 10_000 },
      things: { names: ['a coin'], total: 2 },
    });
    expect(text).toContain(`P${APPEARANCE_LIST_MAX - 1} and 9,960 others`);
    expect(text).toContain('a coin and 1 other');
  });
});
