import { describe, expect, it } from 'vitest';
import { objectRef } from '../storage/entity-ref.ts';
import type { QueuedWrite } from '../storage/types.ts';
import { TagHandler } from './tag-handler.ts';

function make() {
  const dirty = new Map<string, QueuedWrite>();
  const tags = new TagHandler(
    { ref: objectRef(4), isDeleted: false },
    [{ ownerKind: 'object', ownerId: 4, tag: 'blade', category: 'alias' }],
    { markDirty: (key, write) => dirty.set(key, write) },
  );
  return { tags, dirty };
}

describe('TagHandler', () => {
  it('keeps tags per category, starting from the stored rows', () => {
    const { tags } = make();
    expect(tags.has('blade', 'alias')).toBe(true);
    expect(tags.has('blade')).toBe(false);
    expect(tags.add('red')).toBe(true);
    expect(tags.add('red')).toBe(false);
    expect(tags.all()).toEqual(['red']);
    expect(tags.categories()).toEqual(['', 'alias']);
  });

  it('gives a view of one category (aliases, permissions)', () => {
    const { tags, dirty } = make();
    const aliases = tags.category('alias');
    aliases.add('sword');
    expect(aliases.all()).toEqual(['blade', 'sword']);
    expect(aliases.remove('blade')).toBe(true);
    expect(aliases.remove('blade')).toBe(false);
    expect(tags.all('alias')).toEqual(['sword']);
    expect(dirty.size).toBe(2);
  });

  it('hands out frozen lists', () => {
    const { tags } = make();
    expect(() => (tags.all('alias') as string[]).push('x')).toThrow(TypeError);
  });
});
