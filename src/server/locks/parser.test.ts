import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { createLockFuncRegistry } from './builtin-lock-funcs.ts';
import { parseLockExpression, parseLockString } from './parser.ts';
import { tokenizeLockExpression } from './tokenizer.ts';

const funcs = createLockFuncRegistry()
  .register('attr', () => true)
  .register('tag', () => true);

function lockError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(isWaystoneError(err, 'LOCK_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected LOCK_INVALID');
}

describe('tokenizer', () => {
  it('splits words, punctuation and quoted strings', () => {
    const tokens = tokenizeLockExpression(`id(#5) or attr(note, 'a b)c', x="q\\"t")`);
    expect(tokens.map((t) => ('text' in t ? `${t.kind}:${t.text}` : t.kind))).toEqual([
      'word:id',
      '(',
      'word:#5',
      ')',
      'word:or',
      'word:attr',
      '(',
      'word:note',
      ',',
      'string:a b)c',
      ',',
      'word:x',
      '=',
      'string:q"t',
      ')',
    ]);
  });

  it('refuses an unterminated string', () => {
    lockError(() => tokenizeLockExpression(`attr('abc)`));
  });
});

describe('parseLockString', () => {
  it('parses several access types', () => {
    const parsed = parseLockString('cmd:all(); call:true() ;puppet:id(5) or perm(Admin);', funcs);
    expect(parsed.map((p) => [p.accessType, p.source])).toEqual([
      ['cmd', 'all()'],
      ['call', 'true()'],
      ['puppet', 'id(5) or perm(Admin)'],
    ]);
  });

  it('gives not > and > or precedence, with parentheses overriding', () => {
    const ast = parseLockExpression('not perm(Player) and (attr(x) or tag(y))', funcs);
    expect(ast).toEqual({
      kind: 'and',
      operands: [
        { kind: 'not', operand: { kind: 'call', name: 'perm', args: ['Player'], kwargs: {} } },
        {
          kind: 'or',
          operands: [
            { kind: 'call', name: 'attr', args: ['x'], kwargs: {} },
            { kind: 'call', name: 'tag', args: ['y'], kwargs: {} },
          ],
        },
      ],
    });
    const flat = parseLockExpression('all() or none() and false()', funcs);
    expect(flat.kind).toBe('or');
  });

  it('reads keyword arguments and case-insensitive operators and names', () => {
    expect(parseLockExpression('NOT ATTR(x, value=3)', funcs)).toEqual({
      kind: 'not',
      operand: { kind: 'call', name: 'attr', args: ['x'], kwargs: { value: '3' } },
    });
  });

  it('a later part with the same access type wins', () => {
    const parsed = parseLockString('edit:none();edit:all()', funcs);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]?.source).toBe('all()');
  });

  it('keeps ; inside quotes', () => {
    const parsed = parseLockString(`view:attr('a;b')`, funcs);
    expect(parsed[0]?.ast).toMatchObject({ args: ['a;b'] });
  });

  it.each([
    ['all()', /no access type/],
    [':all()', /not a valid access type/],
    ['cmd:', /no expression/],
    ['cmd:nosuch()', /unknown lock function 'nosuch'/],
    ['cmd:perm(Admin', /\)/],
    ['cmd:perm(Admin))', /unbalanced '\)'/],
    ['cmd:(all()', /'\)' to close/],
    ['cmd:all', /'\(' after 'all'/],
    ['cmd:all() perm(x)', /expected 'and' or 'or'/],
    ['cmd:all() and', /found the end/],
    ['cmd:not', /found the end/],
    ['cmd:perm()', /exactly one permission/],
    ['cmd:perm(a, b)', /exactly one permission/],
    ['cmd:all(x)', /takes no arguments/],
    ['cmd:id(abc)', /database id/],
    ['cmd:perm(,)', /argument/],
    ['cmd:and()', /function call/],
  ])('%s is refused with LOCK_INVALID', (lock, reason) => {
    expect(lockError(() => parseLockString(lock, funcs))).toMatch(reason);
  });
});
