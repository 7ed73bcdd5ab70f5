import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RateLimitedLog } from '../../shared/rate-limited-log.ts';
import { MalformedInputGuard } from './malformed-input.ts';

function setup(maxErrors: number, windowMs = 10_000) {
  let now = 0;
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'info', base: null, timestamp: false },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const guard = new MalformedInputGuard(
    { maxErrors, windowMs },
    'TELNET_MALFORMED',
    new RateLimitedLog(log),
    () => now,
  );
  return { guard, lines, advance: (ms: number) => (now += ms) };
}

describe('MalformedInputGuard', () => {
  it('logs the first, counts the rest, and trips once past the limit', () => {
    const { guard, lines } = setup(3);
    const answers = Array.from({ length: 6 }, () =>
      guard.record('TELNET_SB_EMPTY', 'empty', { address: '192.0.2.1' }),
    );
    expect(answers).toEqual([false, false, false, true, false, false]);
    expect(guard.count).toBe(6);
    expect(lines.map((l) => l['code'])).toEqual(['TELNET_SB_EMPTY', 'TELNET_MALFORMED']);
    expect(lines[1]).toMatchObject({ level: 40, malformed: 4, address: '192.0.2.1' });
  });

  it('forgives a slow trickle: the count is per window', () => {
    const { guard, advance } = setup(2, 1000);
    for (let i = 0; i < 20; i += 1) {
      expect(guard.record('X', 'x', {})).toBe(false);
      advance(600);
    }
  });

  it('never trips with no limit', () => {
    const { guard } = setup(0);
    for (let i = 0; i < 100; i += 1) expect(guard.record('X', 'x', {})).toBe(false);
  });
});
