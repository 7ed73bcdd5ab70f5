import { describe, expect, it } from 'vitest';
import { areConfusable, skeleton } from './confusables.ts';

describe('skeleton (UTS #39 confusable detection)', () => {
  it('maps look-alikes of other scripts to one prototype', () => {
    expect(skeleton('\u0415\u0475\u0435')).toBe('Eve'); // Cyrillic Е ѵ е
    expect(skeleton('\u0391\u039d\u039d')).toBe('ANN'); // Greek Α Ν Ν
    expect(areConfusable('p\u0430ypal', 'paypal')).toBe(true);
  });

  it('maps look-alikes within a script, and several characters to one', () => {
    expect(skeleton('m')).toBe('rn');
    expect(areConfusable('Ill', 'lll')).toBe(true);
    expect(areConfusable('Player1', 'Playerl')).toBe(true);
  });

  it('keeps what does not look alike apart', () => {
    expect(areConfusable('Eve', 'Eva')).toBe(false);
    expect(areConfusable('Борис', 'Boris')).toBe(false);
    expect(skeleton('山田太郎')).toBe('山田太郎');
  });

  it('decomposes (NFD) before and after, and drops default-ignorable characters', () => {
    expect(skeleton('Zo\u00eb')).toBe('Zoe\u0308');
    expect(areConfusable('Zo\u00eb', 'Zoe\u0308')).toBe(true);
    expect(areConfusable('Ev\u200be', 'Eve')).toBe(true);
  });

  it('is idempotent', () => {
    for (const text of ['\u0415\u0475\u0435', 'm', 'Ǳ', 'ﬁsh', 'Zoë', 'ΝΙΚΕ', '𝔭𝒶ỿ𝕡𝕒ℓ']) {
      expect(skeleton(skeleton(text)), text).toBe(skeleton(text));
    }
  });
});
