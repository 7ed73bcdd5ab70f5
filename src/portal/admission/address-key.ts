/**
 * Which connections count as "the same address" for the per-address limits.
 *
 * - An IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, what a dual-stack listener reports for
 *   an IPv4 client) is its IPv4 address.
 * - IPv6 addresses are grouped by their /64 prefix: one home, phone or server gets a whole
 *   /64 (RFC 6177) and picks addresses in it freely, so a cap per full address would be no cap.
 * - Anything else (unknown, already closed) is one group of its own.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** The address as compared with the exempt list: zone dropped, mapped IPv4 unmapped. */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const zone = address.indexOf('%');
  const bare = (zone === -1 ? address : address.slice(0, zone)).toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped !== null && isIPv4(mapped[1]!)) return mapped[1]!;
  return bare;
}

/** The key the per-address counts are kept under. */
export function addressGroup(address: string | undefined): string {
  const normalized = normalizeAddress(address);
  if (!isIPv6(normalized)) return normalized;
  const hextets = expandIPv6(normalized);
  return hextets === null ? normalized : `${hextets.slice(0, 4).join(':')}::/64`;
}

/** `2001:db8::1` → eight hextets without leading zeros; null if it does not parse. */
function expandIPv6(address: string): string[] | null {
  let text = address;
  // A dotted IPv4 tail (`64:ff9b::192.0.2.1`) is the last two hextets.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    const tail = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    text = text.slice(0, dotted.index) + tail;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1]!.split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const zeros = Array.from({ length: halves.length === 2 ? missing : 0 }, () => '0');
  return [...head, ...zeros, ...tail].map((h) => Number.parseInt(h, 16).toString(16));
}
