import { describe, expect, it } from 'vitest';
import { StreamSearch } from './stream-search.ts';

describe('StreamSearch', () => {
  it('counts matches, including one split across chunks, without counting any twice', () => {
    const s = new StreamSearch(' says, "');
    const text = 'Bob says, "hi"\r\nAnn says, "yo"\r\nAnn says, "again"\r\n';
    // Every way of cutting the text in two.
    for (let cut = 0; cut <= text.length; cut++) {
      s.reset();
      const n = s.count(Buffer.from(text.slice(0, cut))) + s.count(Buffer.from(text.slice(cut)));
      expect(n, `cut at ${cut}`).toBe(3);
    }
    s.reset();
    expect([...text].reduce((n, ch) => n + s.count(Buffer.from(ch)), 0)).toBe(3);
  });

  it('finds a pattern that arrives a byte at a time, and forgets it after reset', () => {
    const s = new StreamSearch('You become');
    const hits = [...'xx You become Ann'].map((ch) => s.test(Buffer.from(ch)));
    expect(hits.filter(Boolean)).toHaveLength(1);
    s.test(Buffer.from('You bec'));
    s.reset();
    expect(s.test(Buffer.from('ome'))).toBe(false);
  });

  it('refuses an empty pattern', () => {
    expect(() => new StreamSearch('')).toThrow(/empty/);
  });
});
