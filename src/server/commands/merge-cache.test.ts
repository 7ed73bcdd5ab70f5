import { describe, expect, it } from 'vitest';
import { CmdSet } from './cmdset.ts';
import { CommandIndex } from './command-index.ts';
import { MergeCache, type MergedEntry } from './merge-cache.ts';

describe('MergeCache', () => {
  it('keeps the entries in use and lets the least recently used go', () => {
    const cache = new MergeCache(2);
    const [a, b, c] = [new CmdSet(), new CmdSet(), new CmdSet()];
    let builds = 0;
    const build = (sets: readonly CmdSet[]): MergedEntry => {
      builds += 1;
      return { cmdset: sets[0]!, index: new CommandIndex(sets[0]!) };
    };
    cache.resolve([a], 1, build);
    cache.resolve([b], 1, build);
    cache.resolve([a], 1, build); // a is used again
    cache.resolve([c], 1, build); // b, unused the longest, goes
    expect(builds).toBe(3);
    cache.resolve([a], 1, build);
    expect(builds).toBe(3);
    cache.resolve([b], 1, build);
    expect(builds).toBe(4);
    expect(cache.stats()).toEqual({ hits: 2, misses: 4, size: 2 });
  });
});
