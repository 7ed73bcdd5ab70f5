/**
 * The login throttles in storage: one entry per key, so a save writes what changed (not every
 * address and name tracked), entries go when their key does, and the old one-entry form of
 * earlier versions is read and replaced.
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { useBackend } from '../storage/test-support.ts';
import type { Storage, UnitOfWork } from '../storage/types.ts';
import { AccessGuard, type AccessGuardOptions } from './access-guard.ts';

const log = pino({ level: 'silent' });
const T0 = Date.UTC(2025, 0, 1);

const OPTIONS: Omit<AccessGuardOptions, 'storage' | 'log'> = {
  failedLogins: { limit: 3, windowMs: 60_000, blockMs: 60_000, message: 'Too many failures.' },
  creations: { limit: 2, windowMs: 60_000, message: 'Too many accounts.', maxKeys: 3 },
};

/** Counts the config entries each committed unit of work writes or deletes. */
function countingWrites(storage: Storage): { storage: Storage; writes: number[] } {
  const writes: number[] = [];
  const counting = Object.create(storage) as Storage;
  counting.unitOfWork = (): UnitOfWork => {
    const uow = storage.unitOfWork();
    let n = 0;
    return Object.assign(Object.create(uow) as UnitOfWork, {
      setConfig: (key: string, value: Parameters<UnitOfWork['setConfig']>[1]) => {
        n++;
        uow.setConfig(key, value);
      },
      deleteConfig: (key: string) => {
        n++;
        uow.deleteConfig(key);
      },
      commit: async () => {
        writes.push(n);
        await uow.commit();
      },
    });
  };
  return { storage: counting, writes };
}

const entries = async (storage: Storage, prefix: string) =>
  (await storage.config.list(prefix)).map((e) => e.key);

describe('AccessGuard saving its throttles', () => {
  const backend = useBackend('sqlite');

  it('writes only the keys that changed, one entry each, and they survive a restart', async () => {
    const target = await backend.fresh();
    const { storage, writes } = countingWrites(await backend.open(target));
    const guard = await AccessGuard.load({ storage, log, ...OPTIONS });
    for (let i = 0; i < 50; i++) guard.failedLogins.record(`10.0.0.${i}`, T0);
    await guard.saveThrottles();
    expect(writes.at(-1)).toBe(50);
    guard.failedLogins.record('10.0.0.7', T0 + 1);
    guard.failedLogins.record('10.0.0.7', T0 + 2);
    await guard.saveThrottles();
    expect(writes.at(-1)).toBe(1);
    expect(await entries(storage, 'throttle:failed-logins:')).toHaveLength(50);
    // Counted and taken back between two saves (a right password): nothing to write or delete.
    guard.accountGuesses.reserve('ann', T0);
    guard.accountGuesses.refund('ann');
    expect(guard.failedLogins.reserve('10.9.9.9', T0).ok).toBe(true);
    guard.failedLogins.unrecord('10.9.9.9', T0);
    await guard.saveThrottles();
    expect(writes.at(-1)).toBe(0);

    const again = await AccessGuard.load({ storage: await backend.open(target), log, ...OPTIONS });
    expect(again.failedLogins.check('10.0.0.7', T0 + 3).ok).toBe(false);
    expect(again.failedLogins.check('10.0.0.8', T0 + 3).ok).toBe(true);
  });

  it('deletes the entry of a key that is gone (taken back, cleared, expired or evicted)', async () => {
    const storage = await backend.open();
    const guard = await AccessGuard.load({ storage, log, ...OPTIONS });
    guard.creations.record('a', T0);
    guard.creations.record('b', T0 + 1);
    guard.failedLogins.record('c', T0);
    guard.failedLogins.record('old', T0);
    await guard.saveThrottles();
    expect(await entries(storage, 'throttle:')).toEqual([
      'throttle:creations:a',
      'throttle:creations:b',
      'throttle:failed-logins:c',
      'throttle:failed-logins:old',
    ]);
    guard.creations.unrecord('a', T0);
    guard.failedLogins.clear('c');
    expect(guard.failedLogins.check('old', T0 + 60_000).ok).toBe(true); // out of the window
    for (const key of ['d', 'e', 'f']) guard.creations.record(key, T0 + 2); // evicts b (maxKeys 3)
    await guard.saveThrottles();
    expect(await entries(storage, 'throttle:')).toEqual([
      'throttle:creations:d',
      'throttle:creations:e',
      'throttle:creations:f',
    ]);
  });

  it('reads the one-entry form of earlier versions and replaces it at the next save', async () => {
    const target = await backend.fresh();
    const storage = await backend.open(target);
    await storage.config.set('throttle:creations', {
      version: 1,
      keys: [
        ['old', { times: [T0, T0 + 1], blockedUntil: 0 }],
        ['new', { times: [T0 + 5], blockedUntil: 0 }],
      ],
    });
    const guard = await AccessGuard.load({ storage, log, ...OPTIONS });
    expect(guard.creations.check('old', T0 + 10).ok).toBe(false);
    await guard.saveThrottles();
    expect(await storage.config.get('throttle:creations')).toBeUndefined();
    expect(await entries(storage, 'throttle:creations')).toEqual([
      'throttle:creations:new',
      'throttle:creations:old',
    ]);
    const again = await AccessGuard.load({ storage: await backend.open(target), log, ...OPTIONS });
    expect(again.creations.check('old', T0 + 10).ok).toBe(false);
    expect(again.creations.check('new', T0 + 10).ok).toBe(true);
  });

  it('restores keys in the order they were last used, so the oldest is evicted first', async () => {
    const target = await backend.fresh();
    const storage = await backend.open(target);
    const guard = await AccessGuard.load({ storage, log, ...OPTIONS });
    // Entries come back in key order (x, y, z); the last events say y, x, z (z was used again).
    guard.creations.record('z', T0 + 1);
    guard.creations.record('y', T0 + 2);
    guard.creations.record('x', T0 + 3);
    guard.creations.record('z', T0 + 4);
    await guard.saveThrottles();
    const again = await AccessGuard.load({ storage: await backend.open(target), log, ...OPTIONS });
    again.creations.record('w', T0 + 5); // maxKeys 3: one must go
    expect(again.creations.toJSON().keys.map(([k]) => k)).toEqual(['x', 'z', 'w']);
  });

  it('starts a damaged throttle afresh and deletes its entries', async () => {
    const target = await backend.fresh();
    const storage = await backend.open(target);
    await storage.config.set('throttle:failed-logins:bad', { times: 'not a list' });
    const guard = await AccessGuard.load({ storage, log, ...OPTIONS });
    expect(guard.failedLogins.size).toBe(0);
    guard.creations.record('a', T0);
    await guard.saveThrottles();
    expect(await entries(storage, 'throttle:')).toEqual(['throttle:creations:a']);
  });
});
