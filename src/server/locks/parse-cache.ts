/**
 * Parsed locks shared by every handler that sets the same text. Nearly every object carries
 * the same dozen default locks, and a character differs from the next only in the `id(…)` of
 * two of them: parsing each handler's string into its own trees cost a puppeting session
 * ~5 KB of Server heap. Parsed locks are frozen, so sharing them is safe; the registry that
 * owns the cache clears it when a function is (re)registered, since what parses depends on it.
 *
 * Bounded without bookkeeping: two generations of `limit` entries; a hit in the older one
 * moves forward, and when the newer one is full the older one is dropped. What many handlers
 * use stays; a lock string seen once (one character's) falls out after enough others.
 */
export class LockParseCache<V> {
  #current = new Map<string, V>();
  #previous = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.#current.get(key);
    if (hit !== undefined) return hit;
    const old = this.#previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.#current.size >= this.limit) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#current.set(key, value);
  }

  clear(): void {
    this.#current = new Map();
    this.#previous = new Map();
  }
}
