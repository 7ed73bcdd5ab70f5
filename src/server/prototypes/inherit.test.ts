import { describe, expect, it } from 'vitest';
import { isWaystoneError, type ErrorCode } from '../../shared/errors.ts';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { resolvePrototype } from './inherit.ts';
import type { Prototype } from './prototype.ts';

function world(...prototypes: Prototype[]) {
  const byKey = new Map(prototypes.map((p) => [p.prototypeKey.toLowerCase(), p]));
  const ctx = {
    lookup: (key: string) => byKey.get(key),
    hasTypeclass: (name: string) => ['DefaultObject', 'DefaultRoom', 'Weapon'].includes(name),
    lockFuncs: createLockFuncRegistry(),
  };
  return (key: string) => resolvePrototype(byKey.get(key) as Prototype, ctx);
}

function failure(fn: () => unknown): [ErrorCode, string] {
  try {
    fn();
  } catch (err) {
    if (isWaystoneError(err)) return [err.code, err.message];
    throw err;
  }
  throw new Error('expected an error');
}

const thing: Prototype = {
  prototypeKey: 'thing',
  attributes: { weight: 1, desc: 'A thing.' },
  tags: ['item'],
  locks: 'get:all();drop:all()',
};
const weapon: Prototype = {
  prototypeKey: 'weapon',
  prototypeParent: 'thing',
  typeclass: 'Weapon',
  attributes: { damage: 3 },
  aliases: ['arm'],
  locks: 'get:perm(Builder)',
};
const sharp: Prototype = {
  prototypeKey: 'sharp',
  attributes: { edge: true, desc: 'Sharp.' },
  tags: ['sharp', 'item'],
};

describe('resolving prototype parents', () => {
  it('folds parents in: the child wins, attributes and locks merge, tags add up', () => {
    const resolve = world(thing, weapon, sharp, {
      prototypeKey: 'sword',
      prototypeParent: ['weapon', 'sharp'],
      key: 'sword',
      attributes: { damage: 6 },
      aliases: ['blade'],
    });
    expect(resolve('sword')).toEqual({
      prototypeKey: 'sword',
      key: 'sword',
      typeclass: 'Weapon',
      // sharp (the later parent) over weapon over thing; the sword over them all.
      attributes: { weight: 1, desc: 'Sharp.', damage: 6, edge: true },
      tags: [
        ['item', ''],
        ['sharp', ''],
      ],
      aliases: ['blade'],
      locks: 'get:perm(Builder);drop:all()',
      home: null,
      location: null,
    });
  });

  it('defaults the key to the prototype key and the typeclass to DefaultObject', () => {
    expect(world(thing)('thing')).toMatchObject({ key: 'thing', typeclass: 'DefaultObject' });
  });

  it('names an unknown parent, a circle, an unknown typeclass or a bad lock', () => {
    expect(failure(() => world({ prototypeKey: 'a', prototypeParent: 'ghost' })('a'))).toEqual([
      'PROTOTYPE_UNKNOWN',
      "Prototype 'a' names parent 'ghost', but there is no prototype of that name.",
    ]);
    const [code, message] = failure(() =>
      world(
        { prototypeKey: 'a', prototypeParent: 'b' },
        { prototypeKey: 'b', prototypeParent: ['thing', 'c'] },
        { prototypeKey: 'c', prototypeParent: 'A' },
        thing,
      )('a'),
    );
    expect(code).toBe('PROTOTYPE_CYCLE');
    expect(message).toBe('Prototype parents go round in a circle: a → b → c → a.');
    expect(failure(() => world({ prototypeKey: 'x', typeclass: 'Dragon' })('x'))).toEqual([
      'PROTOTYPE_INVALID',
      "Prototype 'x' uses typeclass 'Dragon', which this game has not registered.",
    ]);
    expect(failure(() => world({ prototypeKey: 'x', locks: 'get:nosuch()' })('x'))[0]).toBe(
      'PROTOTYPE_INVALID',
    );
  });

  it('refuses parents nested deeper than the limit', () => {
    const chain: Prototype[] = Array.from({ length: 25 }, (_, i) => ({
      prototypeKey: `p${i}`,
      ...(i < 24 ? { prototypeParent: `p${i + 1}` } : {}),
    }));
    expect(failure(() => world(...chain)('p0'))[1]).toMatch(/deeper than 20 levels/);
  });
});
