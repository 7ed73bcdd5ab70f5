import { describe, expect, it } from 'vitest';
import {
  nameKey,
  nameSkeleton,
  normaliseAccountName,
  validateAccountName,
  type AccountNameRules,
} from './names.ts';

const rules = { guestNames: ['Guest1', 'Guest2'] };
const codeOf = (raw: string, r: AccountNameRules = rules) => {
  const v = validateAccountName(raw, r);
  return v.ok ? 'ok' : v.code;
};

describe('normaliseAccountName', () => {
  it('applies NFKC, collapses whitespace and trims', () => {
    expect(normaliseAccountName('  Ａｄｍｉｎ \t\u00a0 Two\n')).toBe('Admin Two');
    expect(normaliseAccountName('ﬁsh')).toBe('fish');
  });

  it('is idempotent', () => {
    const once = normaliseAccountName(' Ｂob  the\u3000Bard ');
    expect(normaliseAccountName(once)).toBe(once);
  });
});

describe('nameKey', () => {
  it('folds case so names are unique case-insensitively', () => {
    expect(nameKey('Alice')).toBe(nameKey('ALICE'));
    expect(nameKey('Ａｌｉｃｅ')).toBe('alice');
    expect(nameKey('Straße')).toBe(nameKey('STRASSE'));
    expect(nameKey('ΟΔΥΣΣΕΥΣ')).toBe(nameKey('οδυσσευς'));
  });
});

describe('nameSkeleton', () => {
  it('is one key for names a reader could take for one another, whatever their case', () => {
    const eve = nameSkeleton('Eve');
    expect(nameSkeleton('\u0415\u0475\u0435')).toBe(eve); // Cyrillic Е ѵ е, all one script
    expect(nameSkeleton('\u0415\u0474\u0415')).toBe(eve); // Cyrillic capitals Е Ѵ Е
    expect(nameSkeleton('EVE')).toBe(eve);
    expect(nameSkeleton('Ｅｖｅ')).toBe(eve);
    expect(nameSkeleton('Ill')).toBe(nameSkeleton('lll')); // capital I beside small L
    expect(nameSkeleton('Eva')).not.toBe(eve);
    expect(nameSkeleton('Борис')).not.toBe(nameSkeleton('Boris'));
  });
});

describe('validateAccountName', () => {
  it('accepts ordinary names and returns them normalised with their key', () => {
    expect(validateAccountName('  Ｂob  the Bard ', rules)).toEqual({
      ok: true,
      name: 'Bob the Bard',
      key: 'bob the bard',
      skeleton: nameSkeleton('Bob the Bard'),
    });
    for (const name of [
      'Ann',
      'a.b+c-d_e@f',
      'Zoë',
      'Renée',
      'Борис',
      'Αθηνά',
      'محمد',
      '山田太郎',
    ]) {
      expect(codeOf(name), name).toBe('ok');
    }
    expect(codeOf('山田たろう')).toBe('ok');
    expect(codeOf('김민준')).toBe('ok');
    expect(codeOf('Taro山田')).toBe('ok');
    expect(codeOf('Player42')).toBe('ok');
  });

  it('refuses names outside 3–30 characters, counting characters not UTF-16 units', () => {
    expect(codeOf('ab')).toBe('ACCOUNT_NAME_LENGTH');
    expect(codeOf('   ab   ')).toBe('ACCOUNT_NAME_LENGTH');
    expect(codeOf('a'.repeat(31))).toBe('ACCOUNT_NAME_LENGTH');
    expect(codeOf('a'.repeat(30))).toBe('ok');
    expect(codeOf('x'.repeat(100_000))).toBe('ACCOUNT_NAME_LENGTH');
    expect(codeOf('太郎ab')).toBe('ok');
    expect(codeOf('ab', { ...rules, minLength: 2 })).toBe('ok');
  });

  it('refuses SQL-looking and punctuation-laden names', () => {
    expect(codeOf("Robert'); DROP TABLE accounts;--")).not.toBe('ok');
    expect(codeOf("bob' OR '1'='1")).toBe('ACCOUNT_NAME_CHARACTERS');
    expect(codeOf('#123')).toBe('ACCOUNT_NAME_CHARACTERS');
    expect(codeOf('ann<b>')).toBe('ACCOUNT_NAME_CHARACTERS');
    expect(codeOf('smile😀')).toBe('ACCOUNT_NAME_CHARACTERS');
  });

  it('refuses names without a letter', () => {
    expect(codeOf('12345')).toBe('ACCOUNT_NAME_CHARACTERS');
    expect(codeOf('...')).toBe('ACCOUNT_NAME_CHARACTERS');
  });

  it('refuses control, format and zero-width characters', () => {
    expect(codeOf('Ad\u200bmin')).toBe('ACCOUNT_NAME_INVISIBLE');
    expect(codeOf('Ad\u200dmin')).toBe('ACCOUNT_NAME_INVISIBLE');
    expect(codeOf('Admin\u202e')).toBe('ACCOUNT_NAME_INVISIBLE');
    expect(codeOf('Ad\u0000min')).toBe('ACCOUNT_NAME_INVISIBLE');
    expect(codeOf('\ufeffAdmin')).toBe('ACCOUNT_NAME_INVISIBLE');
    expect(codeOf('Ann\u3164')).toBe('ACCOUNT_NAME_INVISIBLE');
    expect(codeOf('Ad\u001b[31mmin')).toBe('ACCOUNT_NAME_INVISIBLE');
  });

  it('refuses every bidirectional control and invisible operator', () => {
    const bidi = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e];
    const isolates = [0x2066, 0x2067, 0x2068, 0x2069];
    const invisible = [0x00ad, 0x034f, 0x180e, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfe0f];
    for (const cp of [...bidi, ...isolates, ...invisible]) {
      const char = String.fromCodePoint(cp);
      expect(codeOf(`Eve${char}lyn`), cp.toString(16)).toBe('ACCOUNT_NAME_INVISIBLE');
      expect(codeOf(`${char}Evelyn`), cp.toString(16)).toBe('ACCOUNT_NAME_INVISIBLE');
    }
  });

  it('refuses mixed-script look-alikes', () => {
    expect(codeOf('\u0410dmin')).toBe('ACCOUNT_NAME_MIXED_SCRIPT'); // Cyrillic А
    expect(codeOf('p\u0430ypal')).toBe('ACCOUNT_NAME_MIXED_SCRIPT'); // Cyrillic а
    expect(codeOf('\u039fscar')).toBe('ACCOUNT_NAME_MIXED_SCRIPT'); // Greek Ο
    expect(codeOf('Борис\u0391')).toBe('ACCOUNT_NAME_MIXED_SCRIPT');
  });

  it('refuses letters from scripts outside the recommended list, and stray marks', () => {
    expect(codeOf('\u{10330}\u{10331}\u{10332}')).toBe('ACCOUNT_NAME_CHARACTERS'); // Gothic
    expect(codeOf('\u0301abc')).toBe('ACCOUNT_NAME_CHARACTERS');
    expect(codeOf('Z\u0351\u0352\u0353\u0354algo')).toBe('ACCOUNT_NAME_CHARACTERS');
  });

  it('refuses guest names, `guest` and other reserved names, case-insensitively', () => {
    expect(codeOf('guest1')).toBe('ACCOUNT_NAME_RESERVED');
    expect(codeOf('ＧＵＥＳＴ2')).toBe('ACCOUNT_NAME_RESERVED');
    expect(codeOf('Guest')).toBe('ACCOUNT_NAME_RESERVED');
    expect(codeOf('Guest3')).toBe('ok');
    expect(codeOf('SYSTEM', { ...rules, reserved: ['System'] })).toBe('ACCOUNT_NAME_RESERVED');
  });

  it('refuses look-alikes of reserved names', () => {
    expect(codeOf('Guestl')).toBe('ACCOUNT_NAME_RESERVED'); // small L for the 1 of Guest1
    // All Cyrillic (А с е), so the script check passes; it looks like the reserved Ace.
    expect(codeOf('\u0410\u0441\u0435', { ...rules, reserved: ['Ace'] })).toBe(
      'ACCOUNT_NAME_RESERVED',
    );
    expect(codeOf('Sy5tem', { ...rules, reserved: ['System'] })).toBe('ok');
  });

  it('gives player-facing messages', () => {
    const v = validateAccountName('ab', rules);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toBe('Account names must be 3 to 30 characters long.');
  });
});
