import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import type { CmdSet, MergeType } from './cmdset.ts';
import { mergeByPriority, mergeCmdSets, mergedOption } from './merge.ts';
import { CMD_NOMATCH, CMD_NOINPUT } from './system-keys.ts';
import { cmdset, keys, probe } from './test-commands.ts';

/** REFERENCE.md §9's example: A = {a1, a3} (higher), B = {b1, b2, b4, b5}; a1 and b1 share a key. */
function example(mergeType: MergeType, prioA = 1, prioB = 0): { a: CmdSet; b: CmdSet } {
  const a = cmdset('A', prioA, [probe('cmd1', ['a1']), probe('a3')], { mergeType });
  const b = cmdset('B', prioB, [probe('cmd1', ['b1']), probe('b2'), probe('b4'), probe('b5')]);
  return { a, b };
}

/** Name each command by its distinguishing alias (or key). */
function names(set: CmdSet): string[] {
  return set.commands.map((c) => c.aliases[0] ?? c.key);
}

describe('the merge algebra (REFERENCE.md §9 worked example)', () => {
  it.each([
    ['Union', ['a1', 'b2', 'a3', 'b4', 'b5']],
    ['Intersect', ['a1']],
    ['Replace', ['a1', 'a3']],
    ['Remove', ['b2', 'b4', 'b5']],
  ] as const)('%s', (mergeType, expected) => {
    const { a, b } = example(mergeType);
    const merged = mergeCmdSets(b, a);
    expect(names(merged).sort()).toEqual([...expected].sort());
    expect(merged.key).toBe('A');
    expect(merged.priority).toBe(1);
    expect(merged.mergeType).toBe(mergeType);
  });

  it.each([
    ['Union', ['a1', 'b2', 'a3', 'b4', 'b5']],
    ['Intersect', ['a1']],
    ['Replace', ['a1', 'a3']],
    ['Remove', ['b2', 'b4', 'b5']],
  ] as const)(
    '%s: the higher priority wins whichever side it is merged from',
    (mergeType, expected) => {
      const { a, b } = example(mergeType);
      // B merged "onto" A, but A has the higher priority: A's merge type and commands still win.
      expect(names(mergeCmdSets(a, b)).sort()).toEqual([...expected].sort());
    },
  );

  it.each([
    ['Union', ['a1', 'b2', 'a3', 'b4', 'b5']],
    ['Intersect', ['a1']],
    ['Replace', ['a1', 'a3']],
    ['Remove', ['b2', 'b4', 'b5']],
  ] as const)('%s on equal priority: the later one wins', (mergeType, expected) => {
    const { a, b } = example(mergeType, 0, 0);
    expect(names(mergeCmdSets(b, a)).sort()).toEqual([...expected].sort());
    // and the other way round, B is the later one and applies its own (Union) merge type
    const swapped = mergeCmdSets(a, b);
    expect(names(swapped).sort()).toEqual(['a3', 'b1', 'b2', 'b4', 'b5']);
    expect(swapped.key).toBe('B');
  });

  it('keyMergeTypes override the merge type against a named set', () => {
    const { a, b } = example('Union');
    a.keyMergeTypes = { B: 'Replace', Other: 'Remove' };
    expect(names(mergeCmdSets(b, a)).sort()).toEqual(['a1', 'a3']);
    b.key = 'Other';
    expect(names(mergeCmdSets(b, a)).sort()).toEqual(['b2', 'b4', 'b5']);
    b.key = 'Unrelated';
    expect(names(mergeCmdSets(b, a))).toHaveLength(5);
  });

  it('a command matches another through any overlapping key or alias', () => {
    const a = cmdset('A', 1, [probe('look', ['l'])]);
    const b = cmdset('B', 0, [probe('l'), probe('examine', ['look at', 'LOOK'])]);
    expect(keys(mergeCmdSets(b, a))).toEqual(['look']);
  });

  it('refuses an unknown merge type with a coded error', () => {
    const { a, b } = example('Union');
    (a as { mergeType: string }).mergeType = 'union';
    let caught: unknown;
    try {
      mergeCmdSets(b, a);
    } catch (err) {
      caught = err;
    }
    expect(isWaystoneError(caught, 'CMDSET_INVALID')).toBe(true);
  });
});

describe('option transfers', () => {
  it('the higher set passes its options on when it sets them, else the lower set does', () => {
    const a = cmdset('A', 1, [], { noExits: true, noObjs: null, noChannels: false });
    const b = cmdset('B', 0, [], { noExits: false, noObjs: true, noChannels: true });
    const merged = mergeCmdSets(b, a);
    expect([merged.noExits, merged.noObjs, merged.noChannels]).toEqual([true, true, false]);
    // when the higher set is merged from the other side the same rule holds
    const swapped = mergeCmdSets(a, b);
    expect([swapped.noExits, swapped.noObjs, swapped.noChannels]).toEqual([true, true, false]);
  });

  it('options carry through a chain of merges, and duplicates is never carried', () => {
    const low = cmdset('low', -10, [], { noObjs: true, duplicates: true });
    const mid = cmdset('mid', 0, [], { duplicates: true });
    const high = cmdset('high', 5, []);
    const merged = mergeByPriority([high, low, mid]);
    expect(merged.noObjs).toBe(true);
    expect(merged.duplicates).toBeNull();
    expect(merged.key).toBe('high');
    expect(mergedOption([high, low, mid], 'noObjs')).toBe(true);
    const override = cmdset('over', 5, [], { noObjs: false });
    expect(mergeByPriority([low, mid, high, override]).noObjs).toBe(false);
    expect(mergedOption([low, mid, high, override], 'noObjs')).toBe(false);
    expect(mergedOption([low, mid, high, override], 'noExits')).toBeNull();
  });

  it('mergedOption agrees with the merge on ties (the later set wins)', () => {
    const first = cmdset('first', 0, [], { noExits: true });
    const second = cmdset('second', 0, [], { noExits: false });
    expect(mergeByPriority([first, second]).noExits).toBe(false);
    expect(mergedOption([first, second], 'noExits')).toBe(false);
    expect(mergeByPriority([second, first]).noExits).toBe(true);
    expect(mergedOption([second, first], 'noExits')).toBe(true);
  });
});

describe('duplicates', () => {
  it('Union on equal priority keeps both same-named commands when the winner allows duplicates', () => {
    const b = cmdset('red button', 0, [probe('push', ['red'])]);
    const a = cmdset('blue button', 0, [probe('push', ['blue'])], { duplicates: true });
    expect(names(mergeCmdSets(b, a))).toEqual(['blue', 'red']);
  });

  it('only applies on equal priority', () => {
    const b = cmdset('red', 0, [probe('push', ['red'])]);
    const a = cmdset('blue', 1, [probe('push', ['blue'])], { duplicates: true });
    expect(names(mergeCmdSets(b, a))).toEqual(['blue']);
  });

  it('Intersect keeps the pair', () => {
    const b = cmdset('B', 0, [probe('push', ['b']), probe('pull')]);
    const a = cmdset('A', 0, [probe('push', ['a']), probe('kick')], {
      duplicates: true,
      mergeType: 'Intersect',
    });
    expect(names(mergeCmdSets(b, a))).toEqual(['a', 'b']);
  });

  it('the decision can come from outside (the handler makes object sets keep duplicates)', () => {
    const b = cmdset('B', 0, [probe('push', ['b'])]);
    const a = cmdset('A', 0, [probe('push', ['a'])]);
    expect(names(mergeCmdSets(b, a))).toEqual(['a']);
    expect(names(mergeCmdSets(b, a, { duplicatesFor: (s) => s === a }))).toEqual(['a', 'b']);
  });

  it('a cmdset itself replaces same-named commands unless told to allow duplicates', () => {
    const set = cmdset('S', 0, [probe('push', ['one'])]);
    set.add(probe('push', ['two']));
    expect(names(set)).toEqual(['two']);
    set.add(probe('push', ['three']), { allowDuplicates: true });
    expect(names(set)).toEqual(['two', 'three']);
  });
});

describe('system commands survive every merge', () => {
  it.each(['Union', 'Intersect', 'Replace', 'Remove'] as const)('%s', (mergeType) => {
    const lowNoMatch = probe(CMD_NOMATCH, ['low']);
    const highNoMatch = probe(CMD_NOMATCH, ['high']);
    const noInput = probe(CMD_NOINPUT);
    const b = cmdset('B', 0, [probe('x'), lowNoMatch, noInput]);
    const a = cmdset('A', 1, [probe('y'), highNoMatch], { mergeType });
    const merged = mergeCmdSets(b, a);
    expect(merged.systemCommands.map((c) => c.aliases[0] ?? c.key)).toEqual(['high', CMD_NOINPUT]);
    expect(merged.get(CMD_NOMATCH)).toBe(highNoMatch);
    expect(merged.commands.some((c) => c.key.startsWith('__'))).toBe(false);
  });
});

describe('mergeByPriority', () => {
  it('merges equal priorities first, in order, then lowest to highest', () => {
    const base = cmdset('base', 0, [probe('look', ['base'])]);
    const room = cmdset('room', 0, [probe('look', ['room']), probe('pull')]);
    const exits = cmdset('exits', 101, [probe('north')]);
    const account = cmdset('account', -10, [probe('who'), probe('look', ['ooc'])]);
    const merged = mergeByPriority([base, exits, account, room]);
    expect(names(merged).sort()).toEqual(['north', 'pull', 'room', 'who']);
    expect(merged.key).toBe('exits');
  });

  it('one set is returned as is; none gives an empty set', () => {
    const only = cmdset('only', 0, [probe('x')]);
    expect(mergeByPriority([only])).toBe(only);
    expect(mergeByPriority([]).commands).toEqual([]);
  });
});
