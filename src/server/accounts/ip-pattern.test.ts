import { describe, expect, it } from 'vitest';
import { parseIpPattern } from './ip-pattern.ts';

const matches = (pattern: string, address: string) => {
  const p = parseIpPattern(pattern);
  if (p === null) throw new Error(`not a pattern: ${pattern}`);
  return p.matches(address);
};

describe('parseIpPattern', () => {
  it('matches exact IPv4 and IPv6 addresses', () => {
    expect(matches('203.0.113.7', '203.0.113.7')).toBe(true);
    expect(matches('203.0.113.7', '203.0.113.8')).toBe(false);
    expect(matches('2001:db8::1', '2001:0db8:0:0::1')).toBe(true);
    expect(matches('2001:DB8::1', '2001:db8::2')).toBe(false);
  });

  it('matches CIDR ranges', () => {
    expect(matches('10.0.0.0/8', '10.200.3.4')).toBe(true);
    expect(matches('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(matches('192.168.4.0/22', '192.168.7.255')).toBe(true);
    expect(matches('192.168.4.0/22', '192.168.8.0')).toBe(false);
    expect(matches('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
    expect(matches('0.0.0.0/0', '8.8.8.8')).toBe(true);
  });

  it('matches trailing * octets', () => {
    expect(matches('192.168.*', '192.168.1.2')).toBe(true);
    expect(matches('192.168.*.*', '192.168.1.2')).toBe(true);
    expect(matches('192.168.1.*', '192.168.2.1')).toBe(false);
    expect(matches('10.*', '10.9.9.9')).toBe(true);
  });

  it('matches IPv4 rules against IPv4-mapped IPv6 addresses', () => {
    expect(matches('10.0.0.0/8', '::ffff:10.1.2.3')).toBe(true);
    expect(matches('127.0.0.1', '::ffff:127.0.0.1')).toBe(true);
  });

  it('never matches a non-address', () => {
    expect(matches('10.0.0.0/8', '')).toBe(false);
    expect(matches('10.0.0.0/8', 'unix:/tmp/sock')).toBe(false);
  });

  it('keeps the written form, trimmed and lower-cased, as the source', () => {
    expect(parseIpPattern(' 2001:DB8::/32 ')?.source).toBe('2001:db8::/32');
  });

  it('refuses anything else, including regexes', () => {
    for (const bad of [
      '',
      '*',
      '10.*.0.1',
      '256.1.1.1',
      '10.0.0.0/33',
      '2001:db8::/129',
      '10.0.0.0/8/8',
      '10.0.0.0/-1',
      '1.2.3.4.*',
      '192.168.*x',
      '^192\\.168\\..*$',
      '(a+)+$',
      'example.com',
    ]) {
      expect(parseIpPattern(bad), bad).toBeNull();
    }
  });
});
