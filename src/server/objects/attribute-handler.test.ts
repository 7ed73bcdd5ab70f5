import { describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { objectRef } from '../storage/entity-ref.ts';
import type { AttributeRow, QueuedWrite } from '../storage/types.ts';
import { AttributeHandler, createDbProxy } from './attribute-handler.ts';

function handler(rows: readonly AttributeRow[] = []) {
  const dirty = new Map<string, QueuedWrite>();
  const attrs = new AttributeHandler({ ref: objectRef(3), isDeleted: false }, rows, {
    markDirty: (key, write) => dirty.set(key, write),
  });
  return { attrs, dirty };
}

describe('AttributeHandler', () => {
  it('starts from the stored rows and reads from memory', () => {
    const { attrs } = handler([
      { ownerKind: 'object', ownerId: 3, name: 'hp', category: '', value: 10 },
      { ownerKind: 'object', ownerId: 3, name: 'names', category: 'system', value: ['a'] },
    ]);
    expect(attrs.get('hp')).toBe(10);
    expect(attrs.get('names', 'system')).toEqual(['a']);
    expect(attrs.get('names')).toBeUndefined();
    expect(attrs.all().map((e) => `${e.category}/${e.name}`)).toEqual(['/hp', 'system/names']);
  });

  it('marks one dirty key per attribute however often it changes', () => {
    const { attrs, dirty } = handler();
    attrs.set('hp', 1);
    attrs.set('hp', 2);
    attrs.set('hp', 2, 'other');
    attrs.delete('hp');
    expect(dirty.size).toBe(2);
    expect(attrs.has('hp')).toBe(false);
    expect(attrs.get('hp', 'other')).toBe(2);
  });

  it('refuses a value storage cannot hold, changing nothing', () => {
    const { attrs, dirty } = handler();
    let code = '';
    try {
      attrs.set('bad', Number.NaN);
    } catch (err) {
      code = isWaystoneError(err) ? err.code : 'other';
    }
    expect(code).toBe('STORAGE_BAD_VALUE');
    expect(attrs.has('bad')).toBe(false);
    expect(dirty.size).toBe(0);
  });

  it('stores a frozen copy, so in-place changes throw instead of being lost', () => {
    const { attrs } = handler();
    const list = [1, { deep: [2] }];
    attrs.set('list', list);
    list.push(3);
    expect(attrs.get('list')).toEqual([1, { deep: [2] }]);
    const stored = attrs.get('list') as number[];
    expect(() => stored.push(4)).toThrow(TypeError);
  });

  it('keeps many attributes as it keeps a few: each found, replaced and deleted alone', () => {
    const { attrs } = handler([
      { ownerKind: 'object', ownerId: 3, name: 'a0', category: '', value: 0 },
    ]);
    for (let i = 1; i < 20; i += 1) attrs.set(`a${i}`, i, i % 2 === 0 ? '' : 'odd');
    attrs.set('a0', 'zero');
    expect(attrs.get('a0')).toBe('zero');
    expect(attrs.get('a7', 'odd')).toBe(7);
    expect(attrs.get('a7')).toBeUndefined();
    expect(attrs.names()).toHaveLength(10);
    for (let i = 0; i < 20; i += 1) {
      if (i !== 12) expect(attrs.delete(`a${i}`, i % 2 === 0 ? '' : 'odd')).toBe(true);
    }
    expect(attrs.delete('a0')).toBe(false);
    expect(attrs.all().map((e) => [e.name, e.value])).toEqual([['a12', 12]]);
  });

  it('offers db as a property view of the uncategorised attributes', () => {
    const { attrs } = handler();
    const db = createDbProxy(attrs);
    db.hp = 5;
    attrs.set('secret', 1, 'system');
    expect(db.hp).toBe(5);
    expect('hp' in db).toBe(true);
    expect(Object.keys(db)).toEqual(['hp']);
    expect({ ...db }).toEqual({ hp: 5 });
    delete db.hp;
    expect(db.hp).toBeUndefined();
    expect(attrs.has('hp')).toBe(false);
  });

  it('tells watchers of each set and delete, and of field changes, until they stop', () => {
    const { attrs } = handler();
    const heard: Array<string | null> = [];
    const stop = attrs.watch((change) =>
      heard.push(change === null ? null : `${change.category}/${change.name}`),
    );
    attrs.set('hp', 1);
    attrs.set('names', ['a'], 'system');
    attrs.delete('hp');
    attrs.delete('hp'); // nothing was there: no change
    attrs.fieldsChanged();
    expect(() => attrs.set('bad', Number.NaN)).toThrow(); // refused: no change either
    expect(heard).toEqual(['/hp', 'system/names', '/hp', null]);
    stop();
    attrs.set('hp', 2);
    attrs.fieldsChanged();
    expect(heard).toHaveLength(4);
  });
});
