/**
 * The addresses an account has logged in from, most recent last, at most `max` of them, kept
 * as a system attribute of the account (so they survive a reload and a crash, and go when the
 * account is deleted). A login from one of them is exempt from the per-account guessing delay
 * (accounts/progressive-delay.ts): someone guessing from elsewhere slows new places down, never
 * the owner where they usually play.
 */
import { nameKey } from '../accounts/names.ts';
import { accountRef } from '../storage/entity-ref.ts';
import type { Storage } from '../storage/types.ts';

const ATTRIBUTE = { name: 'knownAddresses', category: 'system' } as const;

export const DEFAULT_KNOWN_ADDRESSES_PER_ACCOUNT = 10;

/**
 * One spelling per address: a dual-stack listener reports IPv4 clients as IPv4-mapped IPv6
 * (`::ffff:203.0.113.7`, RFC 4291 §2.5.5.2), another listener as plain IPv4.
 */
export function normaliseAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

/** `list` with `address` moved (or added) to the end, keeping the last `max`. */
export function withAddress(list: readonly string[], address: string, max: number): string[] {
  const key = normaliseAddress(address);
  return lastOf([...list.filter((a) => a !== key), key], max);
}

/** The last `max` entries (none for 0; `slice(-0)` would keep them all). */
function lastOf(list: string[], max: number): string[] {
  return list.slice(Math.max(0, list.length - max));
}

export class KnownAddresses {
  constructor(
    private readonly storage: Storage,
    readonly max: number = DEFAULT_KNOWN_ADDRESSES_PER_ACCOUNT,
  ) {}

  /** The account's known addresses, oldest first (none for a name no account has). */
  async ofName(name: string): Promise<string[]> {
    const row = await this.storage.accounts.findByNameKey(nameKey(name));
    return row === null ? [] : this.of(row.id);
  }

  async of(accountId: number): Promise<string[]> {
    const saved = await this.storage.attributes.get(
      accountRef(accountId),
      ATTRIBUTE.name,
      ATTRIBUTE.category,
    );
    if (!Array.isArray(saved)) return [];
    return lastOf(
      saved.filter((a): a is string => typeof a === 'string'),
      this.max,
    );
  }

  /** Whether `address` has logged into the account called `name`. */
  async includes(name: string, address: string): Promise<boolean> {
    return (await this.ofName(name)).includes(normaliseAddress(address));
  }

  /** Records a successful login from `address` (the most recent, so the last to be dropped). */
  async remember(accountId: number, address: string): Promise<void> {
    if (this.max === 0) return;
    const before = await this.of(accountId);
    if (before.at(-1) === normaliseAddress(address)) return; // nothing would change
    const list = withAddress(before, address, this.max);
    // Through a unit of work: committed with the other writes of the moment (many logins at
    // once share one fsync) and in order with them.
    const uow = this.storage.unitOfWork();
    uow.setAttribute(accountRef(accountId), ATTRIBUTE.name, list, ATTRIBUTE.category);
    await uow.commit();
  }
}
