/**
 * The lock-function registry: the names a lock expression may call. One instance per game,
 * built by the composition root (with the built-ins) and passed to everything that parses or
 * checks locks; a game extends it with `register`. Functions get the subject being checked,
 * the entity the lock sits on, and the call's string arguments.
 *
 * Register functions before setting locks that use them: a lock naming an unknown function is
 * refused when it is set. Re-registering a name replaces the function everywhere at once,
 * since parsed locks look functions up by name when they are checked.
 */
import { WaystoneError } from '../../shared/errors.ts';
import type { LockFunc, LockFuncCatalog, LockFuncLookup } from './ast.ts';
import { LockParseCache } from './parse-cache.ts';
import type { ParsedLockCaches } from './parser.ts';
import { PermissionHierarchy } from './permissions.ts';

export interface LockFuncOptions {
  /**
   * Checked when a lock using the function is set: return why the arguments are wrong, or
   * null. Without it any arguments are accepted.
   */
  checkArgs?(args: readonly string[], kwargs: Readonly<Record<string, string>>): string | null;
}

interface Entry {
  readonly fn: LockFunc;
  readonly options: LockFuncOptions;
}

const NAME = /^[a-z_][a-z0-9_]*$/;
const RESERVED = new Set(['and', 'or', 'not']);
/**
 * Entries per generation of each parse cache: several times the distinct locks a game's
 * objects share (a few dozen); the rest (one character's own) need not stay.
 */
const PARSE_CACHE_LIMIT = 256;

export class LockFuncRegistry implements LockFuncCatalog, LockFuncLookup {
  private readonly entries = new Map<string, Entry>();
  readonly hierarchy: PermissionHierarchy;
  /** Told about a function that threw while checked (the check then fails closed). */
  onError: ((err: unknown, name: string) => void) | null = null;
  /**
   * Locks parsed with these functions, shared by the handlers that set the same text
   * (parse-cache.ts); emptied when a function is registered, as what parses may change.
   */
  readonly parsedLocks: ParsedLockCaches = {
    strings: new LockParseCache(PARSE_CACHE_LIMIT),
    parts: new LockParseCache(PARSE_CACHE_LIMIT),
    calls: new LockParseCache(PARSE_CACHE_LIMIT),
    words: new LockParseCache(PARSE_CACHE_LIMIT),
  };

  constructor(hierarchy: PermissionHierarchy = new PermissionHierarchy()) {
    this.hierarchy = hierarchy;
  }

  /** Add or replace a function. Names are case-insensitive. */
  register(name: string, fn: LockFunc, options: LockFuncOptions = {}): this {
    const key = name.toLowerCase();
    if (!NAME.test(key) || RESERVED.has(key)) {
      throw new WaystoneError('LOCK_FUNC_INVALID', `'${name}' cannot name a lock function.`);
    }
    this.entries.set(key, { fn, options });
    for (const cache of Object.values(this.parsedLocks)) cache.clear();
    return this;
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  resolve(name: string): LockFunc | undefined {
    return this.entries.get(name)?.fn;
  }

  checkArgs(
    name: string,
    args: readonly string[],
    kwargs: Readonly<Record<string, string>>,
  ): string | null {
    const check = this.entries.get(name.toLowerCase())?.options.checkArgs;
    return check ? check(args, kwargs) : null;
  }
}
