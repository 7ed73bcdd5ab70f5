import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import {
  ACCOUNT_GUESS_DELAY,
  describeWait,
  ProgressiveDelay,
  type ProgressiveDelayOptions,
} from './progressive-delay.ts';

const SEC = 1000;
const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1);

/** 3 free failures, then 10 s, 20 s, 40 s, 60 s (capped); forgotten after 10 quiet minutes. */
const SMALL: ProgressiveDelayOptions = {
  freeFailures: 3,
  windowMs: 10 * MIN,
  delayMs: 10 * SEC,
  maxDelayMs: 60 * SEC,
  message: 'Wait {wait}.',
};

describe('ProgressiveDelay', () => {
  it('lets the free failures through, then waits 10, 20, 40, 60, 60 seconds', () => {
    const d = new ProgressiveDelay(SMALL);
    for (let i = 0; i < 3; i++) expect(d.reserve('ann', T0).ok).toBe(true);
    let now = T0;
    for (const wait of [10, 20, 40, 60, 60]) {
      const early = d.reserve('ann', now + wait * SEC - 1);
      expect(early).toMatchObject({ ok: false, code: 'THROTTLED', retryAfterMs: 1 });
      now += wait * SEC;
      expect(d.reserve('ann', now).ok).toBe(true);
    }
    expect(d.delayAfter(1000)).toBe(60 * SEC);
    // Other names are not affected.
    expect(d.check('bob', now).ok).toBe(true);
  });

  it('says how long to wait in the message, rounded up', () => {
    const d = new ProgressiveDelay(SMALL);
    for (let i = 0; i < 3; i++) d.reserve('ann', T0);
    expect(d.check('ann', T0 + 1)).toEqual({
      ok: false,
      code: 'THROTTLED',
      message: 'Wait 10 seconds.',
      retryAfterMs: 10 * SEC - 1,
    });
    expect(describeWait(1)).toBe('1 second');
    expect(describeWait(89_001)).toBe('2 minutes');
    expect(describeWait(89_000)).toBe('89 seconds');
    expect(describeWait(5 * MIN)).toBe('5 minutes');
    expect(describeWait(5 * MIN + 1)).toBe('6 minutes');
  });

  it('counts attempts arriving together before any of them runs: only the free ones pass', () => {
    const d = new ProgressiveDelay(SMALL);
    const verdicts = Array.from({ length: 200 }, () => d.reserve('ann', T0));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(3);
  });

  it('a refund takes back one failure; a refusal counts nothing', () => {
    const d = new ProgressiveDelay(SMALL);
    for (let i = 0; i < 3; i++) d.reserve('ann', T0);
    for (let i = 0; i < 50; i++) expect(d.reserve('ann', T0 + SEC).ok).toBe(false);
    d.refund('ann');
    expect(d.reserve('ann', T0 + SEC).ok).toBe(true);
    expect(d.check('ann', T0 + SEC + 10 * SEC - 1).ok).toBe(false);
    // Refunds to nothing forget the key.
    for (let i = 0; i < 5; i++) d.refund('ann');
    expect(d.size).toBe(0);
    d.refund('nobody');
  });

  it('forgets failures after a quiet window, not while they keep coming', () => {
    const d = new ProgressiveDelay(SMALL);
    for (let i = 0; i < 3; i++) d.reserve('ann', T0);
    expect(d.check('ann', T0 + 10 * MIN - 1).ok).toBe(true); // the 10 s wait is long over
    expect(d.reserve('ann', T0 + 9 * MIN).ok).toBe(true); // a 4th failure, 9 minutes on
    expect(d.check('ann', T0 + 9 * MIN + 19 * SEC).ok).toBe(false); // still remembered: 20 s
    d.prune(T0 + 9 * MIN + 10 * MIN - 1);
    expect(d.size).toBe(1);
    d.prune(T0 + 9 * MIN + 10 * MIN);
    expect(d.size).toBe(0);
    expect(d.reserve('ann', T0 + 20 * MIN).ok).toBe(true);
  });

  it('with no free failures, the first failure already makes the next try wait', () => {
    const d = new ProgressiveDelay({ ...SMALL, freeFailures: 0 });
    expect(d.reserve('ann', T0).ok).toBe(true);
    expect(d.check('ann', T0 + 10 * SEC - 1).ok).toBe(false);
  });

  it('caps the names it tracks, forgetting the least recently counted', () => {
    const d = new ProgressiveDelay({ ...SMALL, maxKeys: 2 });
    for (let i = 0; i < 3; i++) d.reserve('a', T0);
    d.reserve('b', T0);
    d.refund('a'); // a refund does not make a key recent
    d.reserve('a', T0);
    d.reserve('c', T0); // evicts b
    expect(d.toJSON().keys.map(([k]) => k)).toEqual(['a', 'c']);
    expect(d.check('a', T0 + 1).ok).toBe(false);
  });

  it('round-trips through JSON (as across a reload), under possibly new options', () => {
    const d = new ProgressiveDelay(SMALL);
    for (let i = 0; i < 5; i++) d.reserve('ann', T0 + i * MIN);
    const saved = JSON.parse(JSON.stringify(d)) as unknown;
    const again = ProgressiveDelay.fromJSON(saved, SMALL);
    // Five failures: the next waits 40 s from the last (4 minutes in).
    expect(again.check('ann', T0 + 4 * MIN + 40 * SEC - 1).ok).toBe(false);
    expect(again.check('ann', T0 + 4 * MIN + 40 * SEC).ok).toBe(true);
    const gentler = ProgressiveDelay.fromJSON(saved, { ...SMALL, freeFailures: 10 });
    expect(gentler.check('ann', T0 + 4 * MIN).ok).toBe(true);
    const fewer = ProgressiveDelay.fromJSON(
      {
        version: 1,
        keys: [
          ['a', { failures: 1, lastAt: T0 }],
          ['b', { failures: 1, lastAt: T0 }],
        ],
      },
      { ...SMALL, maxKeys: 1 },
    );
    expect(fewer.toJSON().keys.map(([k]) => k)).toEqual(['b']);
  });

  it('rejects malformed state with THROTTLE_STATE_INVALID and nonsense options with CONFIG_INVALID', () => {
    const bad = [
      null,
      {},
      { version: 2, keys: [] },
      { version: 1, keys: [['a', { failures: -1, lastAt: 0 }]] },
    ];
    for (const data of bad) {
      let caught: unknown;
      try {
        ProgressiveDelay.fromJSON(data, SMALL);
      } catch (err) {
        caught = err;
      }
      expect(isWaystoneError(caught, 'THROTTLE_STATE_INVALID'), JSON.stringify(data)).toBe(true);
    }
    for (const options of [
      { ...SMALL, delayMs: 0 },
      { ...SMALL, maxDelayMs: SMALL.delayMs - 1 },
      { ...SMALL, freeFailures: 1.5 },
      { ...SMALL, windowMs: Number.NaN },
      { ...SMALL, maxKeys: 0 },
    ]) {
      expect(() => new ProgressiveDelay(options), JSON.stringify(options)).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID' }),
      );
    }
  });

  it('the defaults: 10 free failures, then 5 s doubling to 5 minutes', () => {
    const d = new ProgressiveDelay(ACCOUNT_GUESS_DELAY);
    expect([9, 10, 11, 15, 16, 50].map((n) => d.delayAfter(n))).toEqual([
      0,
      5 * SEC,
      10 * SEC,
      160 * SEC,
      5 * MIN,
      5 * MIN,
    ]);
    for (let i = 0; i < 10; i++) d.reserve('ann', T0);
    const refused = d.check('ann', T0);
    expect(refused.ok ? '' : refused.message).toBe(
      'Too many failed logins for that account recently; please wait 5 seconds before trying it again.',
    );
  });
});
