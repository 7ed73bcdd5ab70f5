import { describe, expect, it } from 'vitest';
import { bucketHigh, bucketLow, bucketOf, Histogram } from './histogram.ts';

describe('Histogram', () => {
  it('puts every value in a bucket that contains it, within 1/64 relative width', () => {
    for (const v of [0, 1, 127, 128, 129, 255, 256, 1000, 12_345, 999_999, 2 ** 30 + 17]) {
      const b = bucketOf(v);
      expect(bucketLow(b)).toBeLessThanOrEqual(v);
      expect(bucketHigh(b)).toBeGreaterThan(v);
      if (v >= 128)
        expect((bucketHigh(b) - bucketLow(b)) / bucketLow(b)).toBeLessThanOrEqual(1 / 64);
    }
  });

  it('reads percentiles within its stated error from 100,000 samples', () => {
    const h = new Histogram();
    const values: number[] = [];
    let x = 7;
    for (let i = 0; i < 100_000; i++) {
      x = (x * 48271) % 2147483647;
      const ms = 0.05 + (x / 2147483647) ** 3 * 200; // skewed: many small, a long tail
      values.push(ms);
      h.recordMs(ms);
    }
    values.sort((a, b) => a - b);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1]!;
      expect(Math.abs(h.percentileMs(p) - exact) / exact, `p${p}`).toBeLessThan(0.02);
    }
    const s = h.summary();
    expect(s.count).toBe(100_000);
    expect(s.min).toBeCloseTo(values[0]!, 3);
    expect(s.max).toBeCloseTo(values[values.length - 1]!, 3);
  });

  it('is empty-safe, mergeable and resettable', () => {
    const a = new Histogram();
    expect(a.summary().p99).toBeNaN();
    const b = new Histogram();
    a.recordMs(1);
    b.recordMs(3);
    a.add(b);
    expect(a.count).toBe(2);
    expect(a.summary().max).toBe(3);
    expect(a.buckets().reduce((n, [, , c]) => n + c, 0)).toBe(2);
    a.reset();
    expect(a.count).toBe(0);
    expect(a.buckets()).toEqual([]);
  });

  it('clamps absurd values into the last bucket and counts them', () => {
    const h = new Histogram();
    h.recordMs(10 ** 9);
    expect(h.clamped).toBe(1);
    expect(h.count).toBe(1);
  });
});
