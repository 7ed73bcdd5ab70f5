import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { PersistentLockHandler } from './persistent-locks.ts';

describe('PersistentLockHandler', () => {
  it('parses the stored string without reporting it, then reports every change', () => {
    const saved: string[] = [];
    const locks = new PersistentLockHandler(createLockFuncRegistry(), null, 'get:all()', (s) =>
      saved.push(s),
    );
    expect(locks.get('get')).toBe('all()');
    expect(saved).toEqual([]);
    locks.add('puppet:perm(Builder)');
    locks.remove('get');
    locks.remove('nothing');
    locks.replace('call:true()');
    locks.clear();
    expect(saved).toEqual([
      'get:all();puppet:perm(Builder)',
      'puppet:perm(Builder)',
      'call:true()',
      '',
    ]);
  });

  it('refuses a malformed lock with LOCK_INVALID and reports nothing', () => {
    const saved: string[] = [];
    const locks = new PersistentLockHandler(createLockFuncRegistry(), null, '', (s) =>
      saved.push(s),
    );
    let code = '';
    try {
      locks.add('get:nosuchfunc()');
    } catch (err) {
      code = isWaystoneError(err) ? err.code : 'other';
    }
    expect(code).toBe('LOCK_INVALID');
    expect(saved).toEqual([]);
  });
});
