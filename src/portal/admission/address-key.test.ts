import { describe, expect, it } from 'vitest';
import { addressGroup, normalizeAddress } from './address-key.ts';

describe('normalizeAddress', () => {
  it('unmaps IPv4-mapped IPv6 and drops zones', () => {
    expect(normalizeAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normalizeAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeAddress('127.0.0.2')).toBe('127.0.0.2');
    expect(normalizeAddress(undefined)).toBe('unknown');
  });
});

describe('addressGroup', () => {
  it('keeps IPv4 addresses whole', () => {
    expect(addressGroup('198.51.100.1')).toBe('198.51.100.1');
    expect(addressGroup('::ffff:198.51.100.1')).toBe('198.51.100.1');
  });

  it('groups IPv6 by /64, however the address is written', () => {
    const group = '2001:db8:0:1::/64';
    expect(addressGroup('2001:db8:0:1::1')).toBe(group);
    expect(addressGroup('2001:0db8:0000:0001:aaaa:bbbb:cccc:dddd')).toBe(group);
    expect(addressGroup('2001:DB8:0:1:ffff::')).toBe(group);
    expect(addressGroup('2001:db8:0:2::1')).not.toBe(group);
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
    expect(addressGroup('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('leaves what is not an address as it is', () => {
    expect(addressGroup('unknown')).toBe('unknown');
    expect(addressGroup('')).toBe('unknown');
  });
});
