/**
 * IP ban patterns. Three forms, all turned into an address range so matching is a range check
 * (node:net BlockList), never a user-supplied regex — the REFERENCE's "IP regex" is deliberately
 * not supported, so an admin typo cannot hang the Server (catastrophic backtracking):
 * - an exact address: `203.0.113.7`, `2001:db8::1`;
 * - CIDR: `10.0.0.0/8`, `2001:db8::/32`;
 * - trailing whole-octet wildcards, IPv4 only: `192.168.*`, `192.168.*.*`, `10.*` (Evennia's
 *   style), meaning `192.168.0.0/16`, `10.0.0.0/8`. A `*` in the middle (`10.*.0.1`) is refused.
 * IPv4 rules also match IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`), which is how a
 * dual-stack listener reports IPv4 clients.
 */
import { BlockList, isIP, isIPv4 } from 'node:net';

export interface IpPattern {
  /** The pattern in its written form, trimmed and lower-cased: the key to remove it by. */
  readonly source: string;
  matches(address: string): boolean;
}

/** The pattern, or null if it is not one of the three forms. */
export function parseIpPattern(raw: string): IpPattern | null {
  const source = raw.trim().toLowerCase();
  const range = toRange(source);
  if (range === null) return null;
  const list = new BlockList();
  try {
    list.addSubnet(range.network, range.prefix, range.family);
  } catch {
    return null;
  }
  return {
    source,
    matches(address: string): boolean {
      const family = isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

interface Range {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

function toRange(source: string): Range | null {
  const family = (network: string): 'ipv4' | 'ipv6' | null =>
    isIP(network) === 4 ? 'ipv4' : isIP(network) === 6 ? 'ipv6' : null;

  if (source.includes('*')) return fromWildcard(source);
  const slash = source.split('/');
  if (slash.length > 2) return null;
  const [network = '', prefixText] = slash;
  const fam = family(network);
  if (fam === null) return null;
  const max = fam === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { network, prefix: max, family: fam };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= max ? { network, prefix, family: fam } : null;
}

function fromWildcard(source: string): Range | null {
  const parts = source.split('.');
  if (parts.length > 4) return null;
  const fixed: string[] = [];
  let wild = false;
  for (const part of parts) {
    if (part === '*') wild = true;
    else if (wild)
      return null; // a number after a `*`
    else fixed.push(part);
  }
  if (fixed.length === 0) return null; // `*` alone would ban everyone: use 0.0.0.0/0 to mean it
  const network = [...fixed, '0', '0', '0', '0'].slice(0, 4).join('.');
  if (!isIPv4(network) || fixed.some((p) => !/^\d{1,3}$/.test(p))) return null;
  return { network, prefix: fixed.length * 8, family: 'ipv4' };
}
