import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('starts full, refills at its rate and never holds more than its capacity', () => {
    const bucket = new TokenBucket(4, 4, 0);
    for (let i = 0; i < 4; i++) expect(bucket.tryTake(1, 0)).toBe(true);
    expect(bucket.tryTake(1, 0)).toBe(false);
    expect(bucket.tryTake(1, 249)).toBe(false);
    expect(bucket.tryTake(1, 250)).toBe(true); // a quarter second at 4 a second
    expect(bucket.tryTake(4, 60_000)).toBe(true);
    expect(bucket.tryTake(1, 60_000)).toBe(false);
  });

  it('takes nothing when it cannot take all', () => {
    const bucket = new TokenBucket(10, 10, 0);
    expect(bucket.tryTake(11, 0)).toBe(false);
    expect(bucket.tryTake(10, 0)).toBe(true);
  });

  it('charges into debt and says how long until the debt is paid', () => {
    const bucket = new TokenBucket(1000, 1000, 0);
    expect(bucket.charge(1000, 0)).toBe(0);
    expect(bucket.charge(500, 0)).toBe(500);
    expect(bucket.charge(0, 250)).toBe(250);
    expect(bucket.tryTake(1, 499)).toBe(false);
    expect(bucket.charge(0, 500)).toBe(0);
  });

  it('keeps its tokens (and debt) across a rate change, cut to the new capacity', () => {
    const bucket = new TokenBucket(80, 80, 0);
    bucket.setRate(5, 5, 0);
    for (let i = 0; i < 5; i++) expect(bucket.tryTake(1, 0)).toBe(true);
    expect(bucket.tryTake(1, 0)).toBe(false);
    bucket.setRate(80, 80, 0);
    expect(bucket.tryTake(1, 0)).toBe(false);
    expect(bucket.tryTake(1, 13)).toBe(true); // refills at the new rate
  });

  it('fills to its capacity on demand', () => {
    const bucket = new TokenBucket(2, 2, 0);
    expect(bucket.tryTake(2, 0)).toBe(true);
    bucket.setRate(80, 80, 0);
    bucket.fill(0);
    expect(bucket.tryTake(80, 0)).toBe(true);
    expect(bucket.tryTake(1, 0)).toBe(false);
  });

  it('ignores a clock that steps back', () => {
    const bucket = new TokenBucket(1, 1, 1000);
    expect(bucket.tryTake(1, 1000)).toBe(true);
    expect(bucket.tryTake(1, 0)).toBe(false);
    expect(bucket.tryTake(1, 1000)).toBe(false);
    expect(bucket.tryTake(1, 2000)).toBe(true);
  });
});
