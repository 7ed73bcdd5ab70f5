import { describe, expect, it, vi } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { createLockFuncRegistry } from './builtin-lock-funcs.ts';
import { LockHandler } from './lock-handler.ts';
import { ANONYMOUS_SUBJECT } from './lock-subject.ts';
import { account, puppet } from './test-subjects.ts';

function funcs() {
  return createLockFuncRegistry();
}

describe('built-in lock functions', () => {
  const locks = new LockHandler(
    funcs(),
    null,
    'a:all();b:true();c:false();d:none();e:id(5);f:dbref(#5);g:superuser();' +
      'h:pperm(Builder);i:pid(1);j:perm_above(Builder);k:pperm_above(Player)',
  );

  it('all/true pass and none/false fail for anyone', () => {
    expect(locks.check(ANONYMOUS_SUBJECT, 'a')).toBe(true);
    expect(locks.check(ANONYMOUS_SUBJECT, 'b')).toBe(true);
    expect(locks.check(ANONYMOUS_SUBJECT, 'c')).toBe(false);
    expect(locks.check(ANONYMOUS_SUBJECT, 'd')).toBe(false);
  });

  it('id and dbref compare the database id', () => {
    expect(locks.check(account([], { id: 5 }), 'e')).toBe(true);
    expect(locks.check(account([], { id: 5 }), 'f')).toBe(true);
    expect(locks.check(account([], { id: 6 }), 'e')).toBe(false);
    expect(locks.check(ANONYMOUS_SUBJECT, 'e')).toBe(false);
  });

  it('pperm and pid look at the account, ignoring quell', () => {
    const builder = account(['Builder'], { quelled: true });
    expect(locks.check(puppet(['Player'], builder), 'h')).toBe(true);
    expect(locks.check(puppet(['Player'], builder), 'i')).toBe(true);
    expect(locks.check(puppet(['Builder'], account(['Player'])), 'h')).toBe(false);
    expect(locks.check(account(['Admin']), 'j')).toBe(true);
    expect(locks.check(account(['Builder']), 'k')).toBe(true);
  });

  it('superuser() and the bypass stop when the superuser quells', () => {
    const su = account([], { isSuperuser: true });
    const quelled = account([], { isSuperuser: true, quelled: true });
    expect(locks.check(su, 'g')).toBe(true);
    expect(locks.check(su, 'd')).toBe(true); // bypass
    expect(locks.check(su, 'd', false, { noSuperuserBypass: true })).toBe(false);
    expect(locks.check(su, 'g', false, { noSuperuserBypass: true })).toBe(true);
    expect(locks.check(quelled, 'g')).toBe(false);
    expect(locks.check(quelled, 'd')).toBe(false);
    expect(locks.check(puppet([], su), 'd')).toBe(true);
    expect(locks.check(puppet([], quelled), 'd')).toBe(false);
    // on a puppet only the account's flag counts
    expect(locks.check(puppet([], account([]), { isSuperuser: true }), 'd')).toBe(false);
  });
});

describe('LockHandler', () => {
  it('gives the default for an access type with no lock', () => {
    const locks = new LockHandler(funcs(), null, 'cmd:all()');
    expect(locks.check(ANONYMOUS_SUBJECT, 'edit')).toBe(false);
    expect(locks.check(ANONYMOUS_SUBJECT, 'edit', true)).toBe(true);
  });

  it('add replaces one access type, replace replaces all, remove removes', () => {
    const locks = new LockHandler(funcs(), null, 'cmd:all();edit:perm(Admin)');
    locks.add('cmd:none()');
    expect(locks.toString()).toBe('cmd:none();edit:perm(Admin)');
    locks.replace('view:all()');
    expect(locks.accessTypes()).toEqual(['view']);
    expect(locks.remove('view')).toBe(true);
    expect(locks.has('view')).toBe(false);
  });

  it('a malformed lock throws LOCK_INVALID when set and changes nothing', () => {
    const locks = new LockHandler(funcs(), null, 'cmd:all()');
    for (const bad of ['cmd:none();edit:perm(Admin', 'edit:nosuch()', 'perm(Admin)']) {
      let caught: unknown;
      try {
        locks.add(bad);
      } catch (err) {
        caught = err;
      }
      expect(isWaystoneError(caught, 'LOCK_INVALID')).toBe(true);
    }
    expect(locks.toString()).toBe('cmd:all()');
    expect(() => new LockHandler(funcs(), null, 'cmd:(all()')).toThrow(/invalid/);
  });

  it('evaluates and/or/not with the example lock', () => {
    const registry = funcs()
      .register(
        'attr',
        (_s, target, args) => (target as Record<string, unknown>)[args[0] as string] === true,
      )
      .register('tag', (subject, _t, args) => subject.permissions.includes(`tag:${args[0]}`));
    const owner = { x: false };
    const locks = new LockHandler(registry, owner, 'edit:not perm(Player) and (attr(x) or tag(y))');
    const guest = account(['Guest']);
    expect(locks.check(guest, 'edit')).toBe(false);
    owner.x = true;
    expect(locks.check(guest, 'edit')).toBe(true);
    expect(locks.check(account(['Player']), 'edit')).toBe(false);
    expect(locks.check(account(['Guest', 'tag:y']), 'edit')).toBe(true);
  });

  it('a lock function that throws denies and is reported, never thrown', () => {
    const registry = funcs().register('boom', () => {
      throw new Error('bad game code');
    });
    const onError = vi.fn();
    registry.onError = onError;
    const locks = new LockHandler(registry, null, 'cmd:boom() or all()');
    expect(locks.check(ANONYMOUS_SUBJECT, 'cmd')).toBe(false);
    expect(onError).toHaveBeenCalledWith(expect.any(Error), 'cmd:boom() or all()');
  });

  it('handlers that set the same locks share them, yet a change to one leaves the others', () => {
    const registry = funcs();
    const a = new LockHandler(registry, null, 'cmd:all();edit:perm(Admin)');
    const b = new LockHandler(registry, null, 'cmd:all();edit:perm(Admin)');
    a.add('cmd:none()');
    a.remove('edit');
    expect(a.toString()).toBe('cmd:none()');
    expect(b.toString()).toBe('cmd:all();edit:perm(Admin)');
    expect(a.check(ANONYMOUS_SUBJECT, 'cmd')).toBe(false);
    expect(b.check(ANONYMOUS_SUBJECT, 'cmd')).toBe(true);
  });

  it('registering a function again decides anew which locks using it are valid', () => {
    const registry = funcs().register('pick', () => true);
    expect(new LockHandler(registry, null, 'x:pick(1)').check(ANONYMOUS_SUBJECT, 'x')).toBe(true);
    registry.register('pick', () => true, { checkArgs: () => 'takes no arguments' });
    expect(() => new LockHandler(registry, null, 'x:pick(1)')).toThrow(/takes no arguments/);
  });

  it('refuses bad function names', () => {
    expect(() => funcs().register('and', () => true)).toThrow(/cannot name/);
    expect(() => funcs().register('has space', () => true)).toThrow(/cannot name/);
  });
});
