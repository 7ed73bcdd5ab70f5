/**
 * The bound both login throttles keep on their memory: state per key in a Map whose order is
 * recency, so when it holds more than `maxKeys` the key used longest ago is the one dropped
 * (and `onEvict` is told, so whoever saves the state can forget it too).
 */
export function touchBounded<K, V>(
  map: Map<K, V>,
  key: K,
  value: V,
  maxKeys: number,
  onEvict?: (key: K) => void,
): void {
  map.delete(key); // re-insert at the end: the most recent
  map.set(key, value);
  while (map.size > maxKeys) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    map.delete(oldest.value);
    onEvict?.(oldest.value);
  }
}
