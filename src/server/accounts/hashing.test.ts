import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { ARGON2_DEFAULTS, PasswordHasher } from './hashing.ts';
import { parseArgon2Phc } from './phc.ts';

// Small parameters keep most tests fast; the event-loop test uses the real defaults.
const fast = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('PasswordHasher', () => {
  it('makes argon2id PHC strings with the configured parameters and a fresh salt', async () => {
    const hasher = new PasswordHasher(fast);
    const a = await hasher.hash('wombat-quilt-94');
    const b = await hasher.hash('wombat-quilt-94');
    expect(a).not.toBe(b);
    expect(parseArgon2Phc(a)).toEqual({
      algorithm: 'argon2id',
      version: 19,
      memoryCost: 1024,
      timeCost: 1,
      parallelism: 1,
      outputLen: 32,
    });
  });

  it('defaults to OWASP-level parameters', () => {
    expect(new PasswordHasher().params).toMatchObject(ARGON2_DEFAULTS);
    expect(ARGON2_DEFAULTS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = new PasswordHasher(fast);
    const stored = await hasher.hash('wombat-quilt-94');
    expect(await hasher.verify(stored, 'wombat-quilt-94')).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect(await hasher.verify(stored, 'wombat-quilt-95')).toEqual({
      ok: false,
      needsRehash: false,
    });
  });

  it('normalises passwords (NFKC) before hashing and verifying', async () => {
    const hasher = new PasswordHasher(fast);
    const stored = await hasher.hash('ｗｏｍｂａｔ-café');
    expect((await hasher.verify(stored, 'wombat-cafe\u0301')).ok).toBe(true);
  });

  it('asks for a re-hash when the stored parameters differ from the current ones', async () => {
    const old = await new PasswordHasher(fast).hash('wombat-quilt-94');
    for (const changed of [{ memoryCost: 2048 }, { timeCost: 2 }, { parallelism: 2 }]) {
      const hasher = new PasswordHasher({ ...fast, ...changed });
      expect(await hasher.verify(old, 'wombat-quilt-94')).toEqual({ ok: true, needsRehash: true });
      // A wrong password never asks for a re-hash: there is nothing to re-hash with.
      expect(await hasher.verify(old, 'nope-nope')).toEqual({ ok: false, needsRehash: false });
      const fresh = await hasher.hash('wombat-quilt-94');
      expect(hasher.needsRehash(fresh)).toBe(false);
    }
  });

  it('rejects a stored hash that is not argon2 with PASSWORD_HASH_INVALID', async () => {
    const hasher = new PasswordHasher(fast);
    const err = await hasher.verify('pbkdf2_sha256$1$salt$hash', 'x').catch((e: unknown) => e);
    expect(isWaystoneError(err, 'PASSWORD_HASH_INVALID')).toBe(true);
    expect(hasher.needsRehash('garbage')).toBe(true);
  });

  it('always fails verifyWithoutAccount', async () => {
    const hasher = new PasswordHasher(fast);
    expect(await hasher.verifyWithoutAccount('anything')).toEqual({
      ok: false,
      needsRehash: false,
    });
  });

  it('refuses impossible parameters with CONFIG_INVALID', () => {
    for (const bad of [
      { memoryCost: 4 },
      { timeCost: 0 },
      { parallelism: 0 },
      { parallelism: 256 },
      { memoryCost: 1.5 },
      { parallelism: 4, memoryCost: 16 },
    ]) {
      let caught: unknown;
      try {
        new PasswordHasher(bad);
      } catch (err) {
        caught = err;
      }
      expect(isWaystoneError(caught, 'CONFIG_INVALID'), JSON.stringify(bad)).toBe(true);
    }
  });

  it('never blocks the event loop: the call returns at once and timers keep ticking', async () => {
    const hasher = new PasswordHasher(); // real defaults: tens of ms of work per hash
    let maxGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 1);

    const started = performance.now();
    const pending = [1, 2, 3, 4].map((n) => hasher.hash(`wombat-quilt-${n}`));
    const callMs = performance.now() - started;
    let settled = false;
    void Promise.all(pending).then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);

    const hashes = await Promise.all(pending);
    const totalMs = performance.now() - started;
    clearInterval(timer);

    expect(hashes).toHaveLength(4);
    // Starting four hashes costs far less than doing them; the work happened elsewhere.
    expect(callMs).toBeLessThan(Math.max(20, totalMs / 4));
    expect(maxGap).toBeLessThan(200);
  });
});
