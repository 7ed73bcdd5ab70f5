import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedLog } from './rate-limited-log.ts';

function capture(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level, base: null, timestamp: false },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, lines };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('RateLimitedLog', () => {
  it('writes the first entries of a code, then one summary when the window ends', () => {
    const { log, lines } = capture();
    const quiet = new RateLimitedLog(log, { windowMs: 60_000, perWindow: 2 });
    for (let i = 0; i < 10_000; i += 1) quiet.info('TELNET_SB_EMPTY', { n: i }, 'empty SB');
    expect(lines.map((l) => l['n'])).toEqual([0, 1]);
    expect(lines[0]).toMatchObject({ code: 'TELNET_SB_EMPTY', msg: 'empty SB', level: 30 });
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({
      code: 'TELNET_SB_EMPTY',
      suppressed: 9_998,
      windowSeconds: 60,
      level: 30,
    });
    // A fresh window writes again.
    quiet.info('TELNET_SB_EMPTY', { n: 'again' }, 'empty SB');
    expect(lines.at(-1)).toMatchObject({ n: 'again' });
  });

  it('counts each code apart and writes no summary when nothing was left out', () => {
    const { log, lines } = capture();
    const quiet = new RateLimitedLog(log, { perWindow: 1 });
    quiet.warn('A', {}, 'a');
    quiet.warn('B', {}, 'b');
    quiet.warn('B', {}, 'b');
    vi.advanceTimersByTime(60_000);
    expect(lines.map((l) => [l['code'], l['suppressed'] ?? null])).toEqual([
      ['A', null],
      ['B', null],
      ['B', 1],
    ]);
  });

  it('costs nothing below the logger level', () => {
    const { log, lines } = capture('info');
    const quiet = new RateLimitedLog(log, { perWindow: 1 });
    for (let i = 0; i < 100; i += 1) quiet.debug('D', {}, 'd');
    quiet.flush();
    expect(lines).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps no timer once a window is over', () => {
    const { log } = capture();
    const quiet = new RateLimitedLog(log);
    quiet.info('A', {}, 'a');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(vi.getTimerCount()).toBe(0);
  });
});
