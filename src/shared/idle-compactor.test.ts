import { describe, expect, it } from 'vitest';
import { IdleCompactor } from './idle-compactor.ts';

describe('IdleCompactor', () => {
  it('collects once the loop is quiet and the heap has grown, giving the garbage back', async () => {
    const collections: Array<[number, number]> = [];
    const compactor = new IdleCompactor({
      checkMs: 20,
      quietSamples: 3,
      minGrowthBytes: 8 * 2 ** 20,
      onCollect: (before, after) => collections.push([before, after]),
    });
    compactor.start();
    // A burst: a few hundred thousand short-lived objects, garbage once it is over.
    const burst = (): number =>
      Array.from({ length: 200_000 }, (_, i) => ({ i, s: `x${i}` })).length;
    expect(burst()).toBe(200_000);
    const deadline = Date.now() + 5_000;
    while (collections.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // Still quiet for a while after: no second collection without new growth.
    await new Promise((r) => setTimeout(r, 300));
    compactor.stop();
    expect(collections).toHaveLength(1);
    const [before, after] = collections[0]!;
    expect(after).toBeLessThan(before);
  });

  it('leaves a busy process alone', async () => {
    let collected = 0;
    const compactor = new IdleCompactor({
      checkMs: 20,
      quietSamples: 3,
      minGrowthBytes: 0,
      onCollect: () => (collected += 1),
    });
    compactor.start();
    // Busy: the loop is kept working for 300 ms, a sample never quiet.
    const until = Date.now() + 300;
    while (Date.now() < until) {
      const spin = Date.now() + 15;
      while (Date.now() < spin);
      await new Promise((r) => setImmediate(r));
    }
    compactor.stop();
    expect(collected).toBe(0);
  });
});
