import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const b = new Backoff({ initialMs: 1000, maxMs: 30_000, jitter: 0 });
    const delays = Array.from({ length: 8 }, () => b.next());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(b.failures).toBe(8);
  });

  it('stays bounded after very many failures', () => {
    const b = new Backoff({ initialMs: 1, maxMs: 300_000, jitter: 0 });
    for (let i = 0; i < 10_000; i += 1) b.next();
    expect(b.next()).toBe(300_000);
  });

  it('starts again from the initial delay after a reset', () => {
    const b = new Backoff({ initialMs: 500, maxMs: 8000, jitter: 0 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(500);
  });

  it('draws each delay within the jitter below the nominal one', () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5, random: () => 0.9 });
    const high = new Backoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5, random: () => 0 });
    expect(low.next()).toBe(550);
    expect(high.next()).toBe(1000);
  });

  it('refuses settings that make no sense', () => {
    expect(() => new Backoff({ initialMs: 0, maxMs: 10 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(RangeError);
  });
});
