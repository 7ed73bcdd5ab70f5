import { describe, expect, it } from 'vitest';
import {
  deleteAt,
  getAt,
  MAX_PATH_DEPTH,
  parseAttributePath,
  setAt,
  showPath,
} from './attribute-path.ts';
import type { AttributeValue } from '../../../storage/types.ts';

describe('attribute paths', () => {
  it("reads name, name:category and Evennia's [key] paths", () => {
    expect(parseAttributePath('hp')).toEqual({ name: 'hp', category: '', path: [] });
    expect(parseAttributePath('hp:combat')).toEqual({ name: 'hp', category: 'combat', path: [] });
    expect(parseAttributePath(`loot['gems'][0]`)).toEqual({
      name: 'loot',
      category: '',
      path: ['gems', 0],
    });
    expect(parseAttributePath('loot["eye colour"][-1][bare]')).toMatchObject({
      path: ['eye colour', -1, 'bare'],
    });
    expect(showPath({ name: 'loot', category: 'c', path: ['a', 0] })).toBe("loot:c['a'][0]");
  });

  it('explains a path it cannot read', () => {
    expect(parseAttributePath('9lives')).toMatch(/is not an attribute name/);
    expect(parseAttributePath("loot['gems'")).toMatch(/Could not read/);
    expect(parseAttributePath('loot[]')).toMatch(/Could not read/);
    expect(parseAttributePath('loot x')).toMatch(/Could not read ' x'/);
    expect(parseAttributePath(`a${'[0]'.repeat(MAX_PATH_DEPTH + 1)}`)).toMatch(/at most/);
  });

  it('reads and changes a part, copying only the containers on the path', () => {
    // Frozen, as stored values are: changing a part must copy, never write in place.
    const gems = Object.freeze(['ruby', 'opal']) as unknown as AttributeValue[];
    const other = Object.freeze({ x: 1 }) as { [key: string]: AttributeValue };
    const loot = Object.freeze({ gold: 10, gems, other }) as { [key: string]: AttributeValue };
    expect(getAt(loot, ['gems', -1])).toBe('opal');
    expect(getAt(loot, ['gems', 5])).toBeUndefined();
    expect(getAt(loot, ['gold', 'x'])).toBeUndefined();
    const set = setAt(loot, ['gems', 2], 'jade');
    expect(set).toEqual({
      ok: true,
      value: { gold: 10, gems: ['ruby', 'opal', 'jade'], other: { x: 1 } },
    });
    if (set.ok) expect((set.value as { other: unknown }).other).toBe(loot.other);
    expect(setAt(loot, ['gems', 4], 'x')).toEqual({
      ok: false,
      problem: '[4] is not a place in a list of 2.',
    });
    expect(setAt(loot, ['gold', 'a'], 1)).toMatchObject({ ok: false });
    expect(setAt(loot, ['nothing', 'a'], 1)).toMatchObject({
      ok: false,
      problem: /no \[nothing\]/,
    });
    expect(deleteAt(loot, ['gems', 0])).toEqual({
      ok: true,
      value: { gold: 10, gems: ['opal'], other: { x: 1 } },
    });
    expect(deleteAt(loot, ['silver'])).toMatchObject({ ok: false });
    expect(loot.gems).toEqual(['ruby', 'opal']);
  });

  it('treats dates and references to objects as values, not containers', () => {
    expect(setAt(new Date(0), ['x'], 1)).toMatchObject({ ok: false });
    expect(setAt({ $ref: 'object', id: 3 }, ['id'], 4)).toMatchObject({ ok: false });
  });
});
