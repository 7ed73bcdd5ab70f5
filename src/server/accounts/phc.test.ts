import { describe, expect, it } from 'vitest';
import { parseArgon2Phc } from './phc.ts';

describe('parseArgon2Phc', () => {
  it('reads the parameters of an argon2id string', () => {
    const hash = 'A'.repeat(43); // 32 bytes, unpadded base64
    expect(parseArgon2Phc(`$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$${hash}`)).toEqual({
      algorithm: 'argon2id',
      version: 19,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
      outputLen: 32,
    });
  });

  it('treats a missing version as argon2 1.0', () => {
    expect(parseArgon2Phc('$argon2i$m=4096,t=3,p=1$c2FsdA$aGFzaGhhc2g')).toMatchObject({
      algorithm: 'argon2i',
      version: 16,
    });
  });

  it('returns null for anything else', () => {
    for (const bad of [
      '',
      'hunter2',
      '$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234', // bcrypt
      'pbkdf2_sha256$260000$salt$hash', // Django
      '$argon2id$v=19$m=19456,t=2$c2FsdA$aGFzaA',
      '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA\n',
    ]) {
      expect(parseArgon2Phc(bad), bad).toBeNull();
    }
  });
});
