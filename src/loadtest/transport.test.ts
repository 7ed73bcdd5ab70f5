import { describe, expect, it } from 'vitest';
import { loopbackSource } from './transport.ts';

describe('loopbackSource', () => {
  it('gives 10,000 players on a local game 10,000 distinct loopback addresses', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const address = loopbackSource('127.0.0.1', i)!;
      const parts = address.split('.').map(Number);
      expect(parts[0]).toBe(127);
      expect(parts[3]).toBeGreaterThanOrEqual(1);
      expect(parts[3]).toBeLessThanOrEqual(250);
      seen.add(address);
    }
    expect(seen.size).toBe(10_000);
  });

  it('leaves a game on another host to the machine’s own address', () => {
    expect(loopbackSource('mud.example.org', 5)).toBeUndefined();
    expect(loopbackSource('192.168.1.20', 5)).toBeUndefined();
    expect(loopbackSource('::1', 5)).toBeUndefined();
  });
});
