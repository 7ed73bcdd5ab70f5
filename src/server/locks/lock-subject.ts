/**
 * What a lock is checked against. Accounts and objects implement this (they come in later
 * layers); the lock system only needs these few fields, so it never imports either of them.
 *
 * Quell: an account that has quelled is checked with its puppet's permissions, never higher
 * than the puppet's, and its superuser status stops bypassing locks.
 */
export interface LockSubject {
  /** Database id (dbref) of the entity, or null when it has none (a session before login). */
  readonly id: number | null;
  /** Permission strings as stored (case is ignored when checking). */
  readonly permissions: readonly string[];
  /**
   * Superuser: passes every lock unless quelled (or the check forbids the bypass). On a
   * puppeted object only the account's flag counts.
   */
  readonly isSuperuser: boolean;
  /** On an account: it has quelled its own permissions. Ignored on objects. */
  readonly quelled: boolean;
  /**
   * On a puppeted object: the account puppeting it, whose permissions count instead of the
   * object's own (or together with them when quelled). Null on accounts and unpuppeted objects.
   */
  readonly account: LockSubject | null;
}

/** The subject of a caller with no account and no puppet (a session before login). */
export const ANONYMOUS_SUBJECT: LockSubject = Object.freeze({
  id: null,
  permissions: Object.freeze([]) as readonly string[],
  isSuperuser: false,
  quelled: false,
  account: null,
});

/** True when the subject (or the account behind it) is a superuser that has not quelled. */
export function isActiveSuperuser(subject: LockSubject): boolean {
  // A puppet is a superuser through its account only, so quelling the account covers it.
  const who = subject.account ?? subject;
  return who.isSuperuser && !who.quelled;
}
