import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeepaliveTicker } from './keepalive-ticker.ts';

function member() {
  const m = { sent: 0, sendKeepalive: () => (m.sent += 1) };
  return m;
}

describe('KeepaliveTicker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends every member one keepalive per interval, from one timer', () => {
    const ticker = new KeepaliveTicker(30_000);
    const a = member();
    const b = member();
    ticker.add(a);
    ticker.add(b);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(29_999);
    expect([a.sent, b.sent]).toEqual([0, 0]);
    vi.advanceTimersByTime(1);
    expect([a.sent, b.sent]).toEqual([1, 1]);
    vi.advanceTimersByTime(60_000);
    expect([a.sent, b.sent]).toEqual([3, 3]);
  });

  it('stops sending to a member that left, and stops its timer when none is left', () => {
    const ticker = new KeepaliveTicker(1000);
    const a = member();
    const b = member();
    ticker.add(a);
    ticker.add(b);
    ticker.delete(a);
    vi.advanceTimersByTime(1000);
    expect([a.sent, b.sent]).toEqual([0, 1]);
    ticker.delete(b);
    expect(ticker.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // A new member starts the timer again.
    ticker.add(a);
    vi.advanceTimersByTime(1000);
    expect(a.sent).toBe(1);
  });

  it('lets a member leave during a round (a keepalive write that closes the connection)', () => {
    const ticker = new KeepaliveTicker(1000);
    const b = member();
    const a = {
      sent: 0,
      sendKeepalive() {
        a.sent += 1;
        ticker.delete(a);
      },
    };
    ticker.add(a);
    ticker.add(b);
    vi.advanceTimersByTime(2000);
    expect([a.sent, b.sent]).toEqual([1, 2]);
  });
});
