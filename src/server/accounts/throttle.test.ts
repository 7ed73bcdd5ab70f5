import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { ACCOUNT_CREATION_THROTTLE, LOGIN_FAILURE_THROTTLE, Throttle } from './throttle.ts';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1);

describe('Throttle (login failures: 5 → blocked 5 minutes)', () => {
  it('allows four failures and blocks on the fifth, with the reference message', () => {
    const t = new Throttle(LOGIN_FAILURE_THROTTLE);
    for (let i = 0; i < 4; i++) expect(t.record('1.2.3.4', T0 + i * 1000).ok).toBe(true);
    const fifth = t.record('1.2.3.4', T0 + 4000);
    expect(fifth).toEqual({
      ok: false,
      code: 'THROTTLED',
      message: 'Too many login failures; please try again in a few minutes.',
      retryAfterMs: 5 * MIN,
    });
    expect(t.check('1.2.3.4', T0 + 4000 + 5 * MIN - 1).ok).toBe(false);
    expect(t.check('1.2.3.4', T0 + 4000 + 5 * MIN).ok).toBe(true);
    expect(t.check('5.6.7.8', T0 + 5000).ok).toBe(true);
  });

  it('forgets failures that slid out of the window', () => {
    const t = new Throttle(LOGIN_FAILURE_THROTTLE);
    for (let i = 0; i < 4; i++) t.record('ip', T0 + i * MIN);
    // The first failure is now over 5 minutes old: only 4 remain after this one.
    expect(t.record('ip', T0 + 5 * MIN + 1).ok).toBe(true);
    expect(t.record('ip', T0 + 5 * MIN + 2).ok).toBe(false);
  });

  it('check does not count as an event; clear lifts a block', () => {
    const t = new Throttle(LOGIN_FAILURE_THROTTLE);
    for (let i = 0; i < 10; i++) expect(t.check('ip', T0).ok).toBe(true);
    for (let i = 0; i < 5; i++) t.record('ip', T0);
    expect(t.check('ip', T0).ok).toBe(false);
    t.clear('ip');
    expect(t.check('ip', T0).ok).toBe(true);
  });
});

describe('Throttle (account creation: 2 per 10 minutes)', () => {
  it('refuses a third creation until the oldest leaves the window', () => {
    const t = new Throttle(ACCOUNT_CREATION_THROTTLE);
    expect(t.record('ip', T0).ok).toBe(true);
    const second = t.record('ip', T0 + 3 * MIN);
    expect(second).toMatchObject({ ok: false, code: 'THROTTLED', retryAfterMs: 7 * MIN });
    expect(t.check('ip', T0 + 10 * MIN - 1).ok).toBe(false);
    expect(t.check('ip', T0 + 10 * MIN).ok).toBe(true);
    expect(t.record('ip', T0 + 10 * MIN).ok).toBe(false); // 2 within the last 10 minutes again
    expect(t.check('ip', T0 + 13 * MIN).ok).toBe(true);
  });
});

describe('Throttle memory bounds', () => {
  it('caps tracked keys, evicting the least recently recorded', () => {
    const t = new Throttle({ ...LOGIN_FAILURE_THROTTLE, maxKeys: 3 });
    for (let i = 0; i < 5; i++) t.record('a', T0);
    t.record('b', T0);
    t.record('c', T0);
    t.record('a', T0); // a is now the most recent
    t.record('d', T0); // evicts b
    expect(t.size).toBe(3);
    expect(t.check('a', T0).ok).toBe(false);
    expect(t.toJSON().keys.map(([k]) => k)).toEqual(['c', 'a', 'd']);
  });

  it('keeps at most `limit` times per key and prunes expired keys', () => {
    const t = new Throttle(LOGIN_FAILURE_THROTTLE);
    for (let i = 0; i < 1000; i++) t.record('ip', T0 + i);
    expect(t.toJSON().keys[0]?.[1].times).toHaveLength(5);
    t.record('other', T0 + 1000);
    t.prune(T0 + 20 * MIN);
    expect(t.size).toBe(0);
  });
});

describe('Throttle save and restore', () => {
  it('round-trips through JSON, as across a Server reload', () => {
    const t = new Throttle(LOGIN_FAILURE_THROTTLE);
    for (let i = 0; i < 5; i++) t.record('blocked', T0);
    t.record('once', T0);
    const restored = Throttle.fromJSON(JSON.parse(JSON.stringify(t)), LOGIN_FAILURE_THROTTLE);
    expect(restored.check('blocked', T0 + MIN).ok).toBe(false);
    expect(restored.check('once', T0 + MIN).ok).toBe(true);
    for (let i = 0; i < 4; i++) restored.record('once', T0 + MIN);
    expect(restored.check('once', T0 + MIN).ok).toBe(false);
  });

  it('applies new options to restored state', () => {
    const t = new Throttle(LOGIN_FAILURE_THROTTLE);
    for (let i = 0; i < 4; i++) t.record('ip', T0 + i);
    const stricter = Throttle.fromJSON(t.toJSON(), { ...LOGIN_FAILURE_THROTTLE, limit: 3 });
    expect(stricter.check('ip', T0 + 10).ok).toBe(false);
    const fewer = Throttle.fromJSON(t.toJSON(), { ...LOGIN_FAILURE_THROTTLE, maxKeys: 1 });
    expect(fewer.size).toBe(1);
  });

  it('rejects malformed state with THROTTLE_STATE_INVALID', () => {
    for (const bad of [null, {}, { version: 2, keys: [] }, { version: 1, keys: [['ip', {}]] }]) {
      let caught: unknown;
      try {
        Throttle.fromJSON(bad, LOGIN_FAILURE_THROTTLE);
      } catch (err) {
        caught = err;
      }
      expect(isWaystoneError(caught, 'THROTTLE_STATE_INVALID'), JSON.stringify(bad)).toBe(true);
    }
  });

  it('refuses nonsense options with CONFIG_INVALID', () => {
    expect(() => new Throttle({ ...LOGIN_FAILURE_THROTTLE, limit: 0 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => new Throttle({ ...LOGIN_FAILURE_THROTTLE, windowMs: Number.NaN })).toThrow();
  });
});

describe('Throttle reservations (counted before a slow attempt runs)', () => {
  it('lets only `limit` of many simultaneous attempts through', () => {
    const t = new Throttle(LOGIN_FAILURE_THROTTLE);
    const verdicts = Array.from({ length: 200 }, () => t.reserve('ip', T0));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(5);
    expect(verdicts.at(-1)).toMatchObject({ ok: false, code: 'THROTTLED', retryAfterMs: 5 * MIN });
  });

  it('taking back the reservation that started a block lifts it', () => {
    const t = new Throttle(LOGIN_FAILURE_THROTTLE);
    for (let i = 0; i < 4; i++) t.reserve('ip', T0 + i);
    expect(t.reserve('ip', T0 + 10).ok).toBe(true); // the 5th: blocked from here
    expect(t.check('ip', T0 + 11).ok).toBe(false);
    t.unrecord('ip', T0 + 10); // ...but it was the right password
    expect(t.check('ip', T0 + 11).ok).toBe(true);
    expect(t.reserve('ip', T0 + 12).ok).toBe(true);
    expect(t.check('ip', T0 + 13).ok).toBe(false);
  });

  it('taking back an earlier reservation of the run lifts the block too: four failures remain', () => {
    const t = new Throttle(LOGIN_FAILURE_THROTTLE);
    for (let i = 0; i < 5; i++) t.reserve('ip', T0 + i);
    t.unrecord('ip', T0 + 2);
    expect(t.check('ip', T0 + 5).ok).toBe(true);
  });

  it('a block whose failures left the window stays when a later event is taken back', () => {
    const t = new Throttle({ ...LOGIN_FAILURE_THROTTLE, windowMs: MIN, blockMs: 10 * MIN });
    for (let i = 0; i < 5; i++) t.reserve('ip', T0);
    // Recorded directly (no check), as a caller counting a finished attempt might.
    t.record('ip', T0 + 2 * MIN);
    t.unrecord('ip', T0 + 2 * MIN);
    expect(t.check('ip', T0 + 3 * MIN).ok).toBe(false);
    expect(t.check('ip', T0 + 10 * MIN).ok).toBe(true);
  });
});
