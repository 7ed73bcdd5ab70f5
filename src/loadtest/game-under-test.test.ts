import { describe, expect, it } from 'vitest';
import { Throttle } from '../server/accounts/throttle.ts';
import { relaxedSettings } from './game-under-test.ts';

describe('the settings a started game is relaxed with', () => {
  it('let thousands of accounts be made from one address, keeping the throttle small', () => {
    const r = relaxedSettings({ fastHashing: false });
    // The creation throttle as the Server builds it from these settings.
    const creations = new Throttle({
      limit: Number(r['accountCreationLimit']),
      windowMs: Number(r['accountCreationWindowMs']),
      message: 'refused',
    });
    const t0 = Date.UTC(2026, 0, 1);
    // 10,000 accounts in 50 s (200 a second), one address.
    for (let i = 0; i < 10_000; i++)
      expect(creations.record('127.0.0.1', t0 + i * 5).ok).toBe(true);
    // What is saved with each new account stays a time or two, not every earlier account.
    expect(creations.saved('127.0.0.1')!.times.length).toBeLessThanOrEqual(2);
  });

  it('keep the default argon2 cost unless cheap hashing is asked for', () => {
    expect(relaxedSettings({ fastHashing: false })).not.toHaveProperty('argon2MemoryCost');
    expect(relaxedSettings({ fastHashing: true })).toMatchObject({
      argon2MemoryCost: '4096',
      argon2TimeCost: '1',
    });
  });
});
