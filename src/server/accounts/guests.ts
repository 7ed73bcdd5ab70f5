/**
 * Guest names (`connect guest`, REFERENCE.md §4): a pool handing out the configured names
 * (e.g. Guest1..Guest9) in order, none when all are in use, each back on release when its guest
 * disconnects. The pool holds only names; the account manager creates and deletes the guest
 * accounts. After a Server reload the manager rebuilds the pool with `claim` for every guest
 * account still connected, so the pool never needs saving.
 */
import { WaystoneError } from '../../shared/errors.ts';
import { nameKey } from './names.ts';
import { refuse, type Refusal } from './verdict.ts';

export class GuestPool {
  private readonly names: readonly string[];
  /** Keys (names.ts `nameKey`) of names in use. */
  private readonly used = new Set<string>();

  constructor(names: readonly string[]) {
    const keys = names.map(nameKey);
    if (keys.some((k) => k.length === 0) || new Set(keys).size !== keys.length) {
      throw new WaystoneError(
        'CONFIG_INVALID',
        'Guest names must be non-empty and distinct (ignoring case).',
      );
    }
    this.names = [...names];
  }

  /** The first free guest name, now in use; null when every one is taken. */
  acquire(): string | null {
    for (const name of this.names) {
      if (!this.used.has(nameKey(name))) {
        this.used.add(nameKey(name));
        return name;
      }
    }
    return null;
  }

  /** Marks a specific guest name in use (rebuilding after a reload); false if not free. */
  claim(name: string): boolean {
    const key = nameKey(name);
    if (!this.isGuestName(name) || this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }

  /** Frees a name; false if it was not in use. */
  release(name: string): boolean {
    return this.used.delete(nameKey(name));
  }

  /** Whether `name` is one of the configured guest names (case-insensitively). */
  isGuestName(name: string): boolean {
    const key = nameKey(name);
    return this.names.some((n) => nameKey(n) === key);
  }

  /** Names in use, in configured order. */
  inUse(): readonly string[] {
    return this.names.filter((n) => this.used.has(nameKey(n)));
  }

  get capacity(): number {
    return this.names.length;
  }
}

/** What `connect guest` answers when every guest name is taken. */
export function guestsAllInUse(): Refusal {
  return refuse(
    'GUESTS_ALL_IN_USE',
    'All guest accounts are in use right now; please try again later, or create an account.',
  );
}
