/**
 * Deep equality of attribute values (and prototype values, which are the same shapes): what
 * `spawn/update` and build files use to change only what differs. Map key order does not count;
 * Dates compare by time.
 */
import type { AttributeValue } from '../storage/types.ts';

export function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => sameValue(v, b[i]))
    );
  }
  const ma = a as Record<string, AttributeValue>;
  const mb = b as Record<string, AttributeValue>;
  const keys = Object.keys(ma);
  if (keys.length !== Object.keys(mb).length) return false;
  return keys.every((k) => Object.hasOwn(mb, k) && sameValue(ma[k], mb[k]));
}
