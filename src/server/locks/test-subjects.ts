/**
 * Lock subjects for tests: accounts and puppets built from plain fields. Test-only; nothing in
 * the lock system imports it.
 */
import type { LockSubject } from './lock-subject.ts';

export function account(
  permissions: string[] = [],
  fields: Partial<Omit<LockSubject, 'account'>> = {},
): LockSubject {
  return { id: 1, permissions, isSuperuser: false, quelled: false, ...fields, account: null };
}

export function puppet(
  permissions: string[],
  owner: LockSubject | null,
  fields: Partial<Omit<LockSubject, 'account'>> = {},
): LockSubject {
  return { id: 10, permissions, isSuperuser: false, quelled: false, ...fields, account: owner };
}
