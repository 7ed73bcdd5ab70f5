/**
 * The permission hierarchy and the `perm` family of checks. A hierarchical permission passes
 * every check for a lower one (an Admin passes `perm(Builder)`); any other permission is an
 * exact, case-insensitive match. Plural spellings (`Builders`) count as the singular, as
 * Evennia's do, so old lock strings keep working.
 *
 * Whose permissions count:
 * - an account, or an object nobody puppets: its own;
 * - a puppeted object: its account's; when the account has quelled, the lower of the account's
 *   and the puppet's (hierarchy), or the puppet's alone (exact permissions).
 */
import type { LockSubject } from './lock-subject.ts';

/** Lowest first. `Guest` sits under `Player`, as in Evennia. */
export const DEFAULT_PERMISSION_HIERARCHY: readonly string[] = Object.freeze([
  'Guest',
  'Player',
  'Helper',
  'Builder',
  'Admin',
  'Developer',
]);

export class PermissionHierarchy {
  /** Lower-cased name → rank (0 = lowest). */
  private readonly ranks = new Map<string, number>();
  readonly names: readonly string[];

  constructor(names: readonly string[] = DEFAULT_PERMISSION_HIERARCHY) {
    this.names = Object.freeze([...names]);
    names.forEach((name, rank) => this.ranks.set(name.toLowerCase(), rank));
  }

  /** Rank of one permission name, or -1 when it is not in the hierarchy. */
  rankOf(permission: string): number {
    const lower = permission.toLowerCase();
    const rank = this.ranks.get(lower);
    if (rank !== undefined) return rank;
    return lower.endsWith('s') ? (this.ranks.get(lower.slice(0, -1)) ?? -1) : -1;
  }

  /** Highest rank among the permissions, or -1 when none is hierarchical. */
  highest(permissions: readonly string[]): number {
    let best = -1;
    for (const permission of permissions) {
      const rank = this.rankOf(permission);
      if (rank > best) best = rank;
    }
    return best;
  }

  /**
   * `perm(name)` (or `perm_above(name)` with `strictlyAbove`) for a subject, following quell as
   * described at the top of this file.
   */
  check(subject: LockSubject, permission: string, strictlyAbove = false): boolean {
    const target = this.rankOf(permission);
    const account = subject.account;
    if (target === -1) {
      if (strictlyAbove) return false;
      const perms = account && !account.quelled ? account.permissions : subject.permissions;
      return hasExact(perms, permission);
    }
    let rank: number;
    if (account === null) rank = this.highest(subject.permissions);
    else if (account.quelled)
      rank = Math.min(this.highest(account.permissions), this.highest(subject.permissions));
    else rank = this.highest(account.permissions);
    return strictlyAbove ? rank > target : rank >= target;
  }
}

function hasExact(permissions: readonly string[], wanted: string): boolean {
  const lower = wanted.toLowerCase();
  for (const permission of permissions) if (permission.toLowerCase() === lower) return true;
  return false;
}
