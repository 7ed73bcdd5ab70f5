import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { GuestPool, guestsAllInUse } from './guests.ts';

describe('GuestPool', () => {
  it('hands out names in order and none when all are in use', () => {
    const pool = new GuestPool(['Guest1', 'Guest2']);
    expect(pool.acquire()).toBe('Guest1');
    expect(pool.acquire()).toBe('Guest2');
    expect(pool.acquire()).toBeNull();
    expect(pool.inUse()).toEqual(['Guest1', 'Guest2']);
  });

  it('takes a name back on release, case-insensitively', () => {
    const pool = new GuestPool(['Guest1', 'Guest2']);
    pool.acquire();
    pool.acquire();
    expect(pool.release('guest1')).toBe(true);
    expect(pool.release('guest1')).toBe(false);
    expect(pool.acquire()).toBe('Guest1');
  });

  it('claims names still in use after a reload', () => {
    const pool = new GuestPool(['Guest1', 'Guest2', 'Guest3']);
    expect(pool.claim('GUEST2')).toBe(true);
    expect(pool.claim('Guest2')).toBe(false);
    expect(pool.claim('Bob')).toBe(false);
    expect(pool.acquire()).toBe('Guest1');
    expect(pool.acquire()).toBe('Guest3');
  });

  it('knows its names', () => {
    const pool = new GuestPool(['Guest1']);
    expect(pool.isGuestName('GUEST1')).toBe(true);
    expect(pool.isGuestName('Guest10')).toBe(false);
    expect(pool.capacity).toBe(1);
    expect(new GuestPool([]).acquire()).toBeNull();
  });

  it('refuses duplicate or empty names with CONFIG_INVALID', () => {
    for (const names of [
      ['Guest1', 'guest1'],
      ['Guest1', '  '],
    ]) {
      let caught: unknown;
      try {
        new GuestPool(names);
      } catch (err) {
        caught = err;
      }
      expect(isWaystoneError(caught, 'CONFIG_INVALID')).toBe(true);
    }
  });

  it('has a player-facing refusal for a full pool', () => {
    expect(guestsAllInUse()).toMatchObject({ ok: false, code: 'GUESTS_ALL_IN_USE' });
  });
});
