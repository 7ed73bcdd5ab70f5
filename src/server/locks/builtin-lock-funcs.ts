/**
 * The lock functions every game has. `createLockFuncRegistry()` is what a composition root
 * calls; a game then registers its own (`attr`, `tag`, `holds`… arrive with objects).
 *
 *   all() / true()        always pass          none() / false()   never pass
 *   perm(P)               permission P or higher in the hierarchy (quell-aware)
 *   perm_above(P)         strictly higher than P in the hierarchy
 *   pperm(P), pperm_above(P)   the same, on the account's own permissions (quell ignored)
 *   id(N) / dbref(N)      the subject's database id is N (`#N` accepted)
 *   pid(N)                the subject's account id is N (the subject itself when an account)
 *   superuser()           the subject is a superuser that has not quelled
 */
import type { LockFunc } from './ast.ts';
import { LockFuncRegistry, type LockFuncOptions } from './lock-funcs.ts';
import { isActiveSuperuser, type LockSubject } from './lock-subject.ts';
import { PermissionHierarchy } from './permissions.ts';

const NO_ARGS: LockFuncOptions = {
  checkArgs: (args, kwargs) =>
    args.length === 0 && Object.keys(kwargs).length === 0 ? null : 'takes no arguments.',
};

const ONE_NAME: LockFuncOptions = {
  checkArgs: (args, kwargs) =>
    args.length === 1 && (args[0] as string).length > 0 && Object.keys(kwargs).length === 0
      ? null
      : 'takes exactly one permission name.',
};

const ONE_ID: LockFuncOptions = {
  checkArgs: (args, kwargs) =>
    args.length === 1 && Object.keys(kwargs).length === 0 && parseDbref(args[0] as string) !== null
      ? null
      : 'takes exactly one database id (a number, optionally written #N).',
};

/** A registry holding the built-ins, ready for a game's own functions. */
export function createLockFuncRegistry(
  hierarchy: PermissionHierarchy = new PermissionHierarchy(),
): LockFuncRegistry {
  const registry = new LockFuncRegistry(hierarchy);
  registerBuiltinLockFuncs(registry);
  return registry;
}

export function registerBuiltinLockFuncs(registry: LockFuncRegistry): void {
  const hierarchy = registry.hierarchy;
  const always: LockFunc = () => true;
  const never: LockFunc = () => false;
  registry
    .register('all', always, NO_ARGS)
    .register('true', always, NO_ARGS)
    .register('none', never, NO_ARGS)
    .register('false', never, NO_ARGS)
    .register('superuser', (subject) => isActiveSuperuser(subject), NO_ARGS)
    .register('perm', (subject, _t, args) => hierarchy.check(subject, args[0] as string), ONE_NAME)
    .register(
      'perm_above',
      (subject, _t, args) => hierarchy.check(subject, args[0] as string, true),
      ONE_NAME,
    )
    .register(
      'pperm',
      (subject, _t, args) => hierarchy.check(accountOf(subject), args[0] as string),
      ONE_NAME,
    )
    .register(
      'pperm_above',
      (subject, _t, args) => hierarchy.check(accountOf(subject), args[0] as string, true),
      ONE_NAME,
    );
  const byId: LockFunc = (subject, _t, args) => subject.id === parseDbref(args[0] as string);
  registry.register('id', byId, ONE_ID).register('dbref', byId, ONE_ID);
  registry.register(
    'pid',
    (subject, _t, args) => accountOf(subject).id === parseDbref(args[0] as string),
    ONE_ID,
  );
}

/** The account behind a subject (the subject itself when it is one), for `pperm` and `pid`. */
function accountOf(subject: LockSubject): LockSubject {
  return subject.account ?? subject;
}

function parseDbref(text: string): number | null {
  const match = /^\s*#?(\d+)\s*$/.exec(text);
  return match ? Number(match[1]) : null;
}
