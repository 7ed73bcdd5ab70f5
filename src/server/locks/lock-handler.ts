/**
 * The locks on one entity (a command, an object, an account, a channel…): a map from access
 * type to a parsed expression. Setting a lock parses it at once, so a malformed one throws
 * `LOCK_INVALID` there and leaves the handler unchanged; `check` never throws.
 *
 * Checking order: an active superuser passes (unless the check forbids the bypass, as the
 * command handler does for `call`); then the access type's expression decides; an access type
 * with no lock gives the caller's default.
 */
import { evaluateLock } from './ast.ts';
import type { LockFuncRegistry } from './lock-funcs.ts';
import { isActiveSuperuser, type LockSubject } from './lock-subject.ts';
import { parseLockString, type ParsedLock } from './parser.ts';

export interface LockCheckOptions {
  /** Superusers are checked like anyone else. */
  noSuperuserBypass?: boolean;
}

export class LockHandler {
  private readonly locks = new Map<string, ParsedLock>();

  /**
   * @param funcs the game's lock functions
   * @param owner the entity the locks sit on (handed to lock functions as their target)
   * @param lockString initial locks, e.g. `cmd:all();edit:perm(Admin)`
   */
  constructor(
    private readonly funcs: LockFuncRegistry,
    readonly owner: unknown = null,
    lockString = '',
  ) {
    if (lockString !== '') this.add(lockString);
  }

  /** Add locks; an access type already present is replaced. All or nothing. */
  add(lockString: string): void {
    const parsed = parseLockString(lockString, this.funcs);
    for (const lock of parsed) this.locks.set(lock.accessType, lock);
  }

  /** Replace every lock with those in `lockString`. All or nothing. */
  replace(lockString: string): void {
    const parsed = parseLockString(lockString, this.funcs);
    this.locks.clear();
    for (const lock of parsed) this.locks.set(lock.accessType, lock);
  }

  remove(accessType: string): boolean {
    return this.locks.delete(accessType);
  }

  clear(): void {
    this.locks.clear();
  }

  has(accessType: string): boolean {
    return this.locks.has(accessType);
  }

  /** The expression for an access type as written, e.g. `perm(Admin)`. */
  get(accessType: string): string | undefined {
    return this.locks.get(accessType)?.source;
  }

  accessTypes(): string[] {
    return [...this.locks.keys()];
  }

  /** The lock string to store and set again later: `cmd:all();edit:perm(Admin)`. */
  toString(): string {
    return [...this.locks.values()].map((l) => `${l.accessType}:${l.source}`).join(';');
  }

  check(
    subject: LockSubject,
    accessType: string,
    defaultResult = false,
    options?: LockCheckOptions,
  ): boolean {
    if (options?.noSuperuserBypass !== true && isActiveSuperuser(subject)) return true;
    const lock = this.locks.get(accessType);
    if (lock === undefined) return defaultResult;
    try {
      return evaluateLock(lock.ast, this.funcs, subject, this.owner);
    } catch (err) {
      // A game's lock function threw: deny rather than let a broken check open a door.
      this.funcs.onError?.(err, `${accessType}:${lock.source}`);
      return false;
    }
  }
}
