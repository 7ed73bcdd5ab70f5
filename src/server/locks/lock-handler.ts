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
import { frozenCopy, parseLockString, type ParsedLock } from './parser.ts';

export interface LockCheckOptions {
  /** Superusers are checked like anyone else. */
  noSuperuserBypass?: boolean;
}

export class LockHandler {
  /**
   * The locks in the order first set, as a frozen list: often the very list the registry's
   * parse cache holds for the same lock string, shared with every handler that set it (most
   * objects carry the same defaults). A change makes a new list; nothing mutates one. A dozen
   * entries are found faster by a scan than by a map, and cost a tenth of one.
   */
  #locks: readonly ParsedLock[] = NO_LOCKS;

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
    const parsed = this.#parse(lockString);
    if (this.#locks.length === 0) {
      this.#locks = parsed;
      return;
    }
    const next = [...this.#locks];
    for (const lock of parsed) {
      const at = next.findIndex((l) => l.accessType === lock.accessType);
      if (at === -1) next.push(lock);
      else next[at] = lock;
    }
    this.#locks = frozenCopy(next);
  }

  /** Replace every lock with those in `lockString`. All or nothing. */
  replace(lockString: string): void {
    this.#locks = this.#parse(lockString);
  }

  remove(accessType: string): boolean {
    const next = this.#locks.filter((l) => l.accessType !== accessType);
    if (next.length === this.#locks.length) return false;
    this.#locks = next.length === 0 ? NO_LOCKS : frozenCopy(next);
    return true;
  }

  clear(): void {
    this.#locks = NO_LOCKS;
  }

  has(accessType: string): boolean {
    return this.#find(accessType) !== undefined;
  }

  /** The expression for an access type as written, e.g. `perm(Admin)`. */
  get(accessType: string): string | undefined {
    return this.#find(accessType)?.source;
  }

  accessTypes(): string[] {
    return this.#locks.map((l) => l.accessType);
  }

  /** The lock string to store and set again later: `cmd:all();edit:perm(Admin)`. */
  toString(): string {
    return this.#locks.map((l) => `${l.accessType}:${l.source}`).join(';');
  }

  check(
    subject: LockSubject,
    accessType: string,
    defaultResult = false,
    options?: LockCheckOptions,
  ): boolean {
    if (options?.noSuperuserBypass !== true && isActiveSuperuser(subject)) return true;
    const lock = this.#find(accessType);
    if (lock === undefined) return defaultResult;
    try {
      return evaluateLock(lock.ast, this.funcs, subject, this.owner);
    } catch (err) {
      // A game's lock function threw: deny rather than let a broken check open a door.
      this.funcs.onError?.(err, `${accessType}:${lock.source}`);
      return false;
    }
  }

  #find(accessType: string): ParsedLock | undefined {
    for (const lock of this.#locks) if (lock.accessType === accessType) return lock;
    return undefined;
  }

  #parse(lockString: string): readonly ParsedLock[] {
    return parseLockString(lockString, this.funcs, this.funcs.parsedLocks);
  }
}

const NO_LOCKS: readonly ParsedLock[] = Object.freeze([]);
