import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { normalisePassword, validatePassword } from './passwords.ts';

const codeOf = (password: string, name = 'Gandalf', rules = {}) => {
  const v = validatePassword(password, name, rules);
  return v.ok ? 'ok' : v.code;
};

describe('validatePassword', () => {
  it('accepts reasonable passwords', () => {
    expect(codeOf('correct horse battery staple')).toBe('ok');
    expect(codeOf('x9$kQ!z7')).toBe('ok');
    expect(codeOf('Tea kettle on the hob')).toBe('ok');
    expect(codeOf('wombat-quilt-94')).toBe('ok');
  });

  it('needs at least 8 characters, counted as characters', () => {
    expect(codeOf('a1b2c3d')).toBe('PASSWORD_TOO_SHORT');
    expect(codeOf('😀😀😀😀😀😀😀')).toBe('PASSWORD_TOO_SHORT');
    expect(codeOf('😀😀😀😀😀😀😀😀')).toBe('ok');
    expect(codeOf('')).toBe('PASSWORD_TOO_SHORT');
    expect(codeOf('wombat-quilt', 'Ann', { minLength: 14 })).toBe('PASSWORD_TOO_SHORT');
  });

  it('refuses over-long passwords, even huge ones, cheaply', () => {
    expect(codeOf('q'.repeat(257))).toBe('PASSWORD_TOO_LONG');
    expect(codeOf('q'.repeat(5_000_000))).toBe('PASSWORD_TOO_LONG');
  });

  it('refuses all-digit passwords', () => {
    expect(codeOf('84937261')).toBe('PASSWORD_ALL_DIGITS');
    expect(codeOf('８４９３７２６１')).toBe('PASSWORD_ALL_DIGITS');
  });

  it('refuses common passwords, their case, leet and suffix variants', () => {
    for (const pw of [
      'password',
      'PASSWORD',
      'Password1',
      'p@ssw0rd',
      'P4ssw0rd!',
      'qwertyuiop',
      'iloveyou',
      'Dragon2024!',
      '!!sunshine',
      'trustno1',
      'letmein123',
      'aaaaaaaa',
      'abcd1234',
      '1q2w3e4r5t',
    ]) {
      expect(codeOf(pw), pw).toBe('PASSWORD_COMMON');
    }
  });

  it('refuses passwords that contain or resemble the name, case-insensitively', () => {
    expect(codeOf('gandalf99')).toBe('PASSWORD_LIKE_NAME');
    expect(codeOf('MyGANDALFpw')).toBe('PASSWORD_LIKE_NAME');
    expect(codeOf('fladnag!!')).toBe('PASSWORD_LIKE_NAME');
    expect(codeOf('gondalph')).toBe('PASSWORD_LIKE_NAME');
    expect(codeOf('johnsmith1', 'john_smith')).toBe('PASSWORD_LIKE_NAME');
    expect(codeOf('x-john.smith-x', 'John Smith')).toBe('PASSWORD_LIKE_NAME');
    expect(codeOf('verylong', 'averyverylongname')).toBe('PASSWORD_LIKE_NAME');
    expect(codeOf('wombat-quilt-94', 'Gandalf')).toBe('ok');
  });

  it('gives messages a player can act on', () => {
    const v = validatePassword('abc', 'Ann');
    expect(v).toMatchObject({ ok: false, code: 'PASSWORD_TOO_SHORT' });
    if (!v.ok) expect(v.message).toMatch(/at least 8 characters/);
  });
});

describe('normalisePassword', () => {
  it('is NFKC, so the same password from another keyboard matches', () => {
    expect(normalisePassword('ｐａｓｓ')).toBe('pass');
    expect(normalisePassword('e\u0301')).toBe('\u00e9');
  });
});

describe('COMMON_PASSWORDS', () => {
  it('holds about a thousand lower-case entries without spaces', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(900);
    for (const pw of COMMON_PASSWORDS) expect(pw).toMatch(/^[^\sA-Z]+$/);
  });
});
