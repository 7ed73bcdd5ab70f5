import { describe, expect, it } from 'vitest';
import { TimerQueue } from './timer-queue.ts';
import { VirtualClock } from './virtual-clock.ts';

function setup() {
  const clock = new VirtualClock(0);
  const errors: string[] = [];
  const queue = new TimerQueue(clock, (err, label) => errors.push(`${label}: ${String(err)}`));
  return { clock, queue, errors };
}

describe('TimerQueue on a virtual clock', () => {
  it('fires each timer once, in time order, at its own instant, with one wake-up armed', async () => {
    const { clock, queue } = setup();
    const fired: string[] = [];
    for (const [at, name] of [
      [300, 'c'],
      [100, 'a'],
      [200, 'b'],
      [100, 'a2'],
    ] as const) {
      queue.at(at, () => void fired.push(`${name}@${clock.now()}`));
    }
    expect(clock.pending).toBe(1);
    await clock.advance(150);
    expect(fired).toEqual(['a@100', 'a2@100']);
    await clock.advance(1000);
    expect(fired).toEqual(['a@100', 'a2@100', 'b@200', 'c@300']);
    expect(queue.size).toBe(0);
    expect(queue.fired).toBe(4);
  });

  it('cancelled and rescheduled timers fire when they now should, or never', async () => {
    const { clock, queue } = setup();
    const fired: string[] = [];
    const a = queue.at(100, () => void fired.push('a'));
    const b = queue.at(200, () => void fired.push('b'));
    a.cancel();
    b.reschedule(50);
    await clock.advance(60);
    expect(fired).toEqual(['b']);
    // A fired timer rescheduled runs again (a repeating script re-arms its own timer).
    b.reschedule(500);
    await clock.advance(1000);
    expect(fired).toEqual(['b', 'b']);
    expect(a.scheduled).toBe(false);
  });

  it('a throwing or rejecting timer is reported with its label and the others still fire', async () => {
    const { clock, queue, errors } = setup();
    const fired: string[] = [];
    queue.at(
      10,
      () => {
        throw new Error('boom');
      },
      "script 'bell'",
    );
    queue.at(10, () => Promise.reject(new Error('later boom')), "script 'cat'");
    queue.at(10, () => void fired.push('ok'));
    await clock.advance(10);
    expect(fired).toEqual(['ok']);
    expect(errors).toEqual(["script 'bell': Error: boom", "script 'cat': Error: later boom"]);
  });

  it('an async timer settles before the clock moves past the next one', async () => {
    const { clock, queue } = setup();
    const log: string[] = [];
    queue.at(10, async () => {
      await new Promise((r) => setImmediate(r));
      log.push('slow done');
    });
    queue.at(20, () => void log.push('next'));
    await clock.advance(30);
    expect(log).toEqual(['slow done', 'next']);
  });

  it('holds 100,000 timers and fires the due ones only', async () => {
    const { clock, queue } = setup();
    let count = 0;
    for (let i = 0; i < 100_000; i++) queue.at(1000 + (i % 1000) * 1000, () => void count++);
    await clock.advance(1000);
    expect(count).toBe(100);
    expect(queue.size).toBe(99_900);
  });

  it('a stopped queue fires nothing more', async () => {
    const { clock, queue } = setup();
    let count = 0;
    queue.at(10, () => void count++);
    queue.stop();
    await clock.advance(100);
    expect(count).toBe(0);
  });
});

describe('TimerQueue resolution and groups', () => {
  it('wakes on a grid: a timer fires at most one step late, never early', async () => {
    const clock = new VirtualClock(0);
    const queue = new TimerQueue(clock, () => undefined, { resolutionMs: 100 });
    const fired: number[] = [];
    for (const at of [10, 60, 100, 130]) queue.at(at, () => void fired.push(clock.now()));
    await clock.advance(99);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([100, 100, 100]);
    await clock.advance(100);
    expect(fired).toEqual([100, 100, 100, 200]);
  });

  it('runs the firings of one wake-up inside one group call', async () => {
    const clock = new VirtualClock(0);
    const groups: number[] = [];
    let inGroup = 0;
    const queue = new TimerQueue(clock, () => undefined, {
      resolutionMs: 50,
      group: async (fireAll) => {
        const before = inGroup;
        await fireAll();
        groups.push(inGroup - before);
      },
    });
    for (const at of [1, 20, 49, 70]) queue.at(at, () => void (inGroup += 1));
    await clock.advance(200);
    expect(groups).toEqual([3, 1]);
  });
});
