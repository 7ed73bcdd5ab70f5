import { describe, expect, it } from 'vitest';
import type { GameServices } from '../../../game-services.ts';
import { usesCharacterMenu } from './character-screen.ts';

function services(mode: number, characterMenu: boolean | 'auto'): GameServices {
  return {
    config: { characterMenu },
    puppeting: { rules: { mode } },
  } as unknown as GameServices;
}

describe('the character screen', () => {
  it("is a menu in modes 2 and 3 and text in modes 0 and 1 ('auto'), unless the setting says", () => {
    expect([0, 1, 2, 3].map((m) => usesCharacterMenu(services(m, 'auto')))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(usesCharacterMenu(services(3, false))).toBe(false);
    expect(usesCharacterMenu(services(0, true))).toBe(true);
  });
});
