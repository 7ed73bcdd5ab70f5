import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PacedQueue } from './paced-queue.ts';

describe('PacedQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const make = (sent: string[], maxQueued = 10) =>
    new PacedQueue<string>({
      perSecond: 1,
      burst: 2,
      maxQueued,
      deliver: (line) => sent.push(line),
      now: () => Date.now(),
    });

  it('sends a burst at once, then one line a second', () => {
    const sent: string[] = [];
    const q = make(sent);
    q.resume();
    for (const line of ['a', 'b', 'c', 'd', 'e']) q.push(line);
    expect(sent).toEqual(['a', 'b']);
    vi.advanceTimersByTime(999);
    expect(sent).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'b', 'c']);
    vi.advanceTimersByTime(2000);
    expect(sent).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(q.length).toBe(0);
  });

  it('holds lines while paused and sends them at the same pace after resume', () => {
    const sent: string[] = [];
    const q = make(sent);
    q.push('x');
    q.push('y');
    q.push('z');
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([]);
    q.resume();
    expect(sent).toEqual(['x', 'y']);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['x', 'y', 'z']);
  });

  it('is bounded: lines past maxQueued are dropped and counted', () => {
    const sent: string[] = [];
    const q = make(sent, 3);
    expect([1, 2, 3, 4, 5].map((n) => q.push(String(n)))).toEqual([true, true, true, false, false]);
    expect(q.takeDropped()).toBe(2);
    expect(q.takeDropped()).toBe(0);
    q.resume();
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual(['1', '2', '3']);
  });

  it('forgets everything on clear', () => {
    const sent: string[] = [];
    const q = make(sent);
    q.push('a');
    q.clear();
    q.resume();
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([]);
  });
});
