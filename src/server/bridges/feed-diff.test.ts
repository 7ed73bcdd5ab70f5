import { describe, expect, it } from 'vitest';
import { diffFeed, type FeedItem } from './feed-diff.ts';

const item = (id: string): FeedItem => ({ id, title: `T${id}`, link: `https://e.org/${id}` });
const limits = { maxSeen: 100, maxPosts: 5 };

describe('diffFeed', () => {
  it('posts nothing on the first poll, and remembers what the feed holds', () => {
    const first = diffFeed(null, [item('a'), item('b')], limits);
    expect(first.post).toEqual([]);
    expect(first.seen).toEqual(['a', 'b']);
  });

  it('posts each new entry once, oldest first', () => {
    const one = diffFeed(['a', 'b'], [item('a'), item('b'), item('c'), item('d')], limits);
    expect(one.post.map((e) => e.id)).toEqual(['c', 'd']);
    const again = diffFeed(one.seen, [item('a'), item('b'), item('c'), item('d')], limits);
    expect(again.post).toEqual([]);
  });

  it('does not post an entry again when it drops out of the feed for a while', () => {
    const gone = diffFeed(['a', 'b', 'c'], [item('c')], limits);
    expect(gone.post).toEqual([]);
    const back = diffFeed(gone.seen, [item('a'), item('c')], limits);
    expect(back.post).toEqual([]);
  });

  it('stays bounded, always keeping the ids still in the feed', () => {
    let seen: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const entries = [item(`x${i}`), item(`x${i + 1}`), item('pinned')];
      seen = diffFeed(seen, entries, { maxSeen: 10, maxPosts: 5 }).seen;
    }
    expect(seen.length).toBeLessThanOrEqual(10);
    expect(seen).toContain('pinned');
    expect(seen).toContain('x50');
  });

  it('posts at most maxPosts from one poll (the newest), remembering all of them', () => {
    const entries = Array.from({ length: 20 }, (_, i) => item(`n${i}`));
    const diff = diffFeed([], entries, limits);
    expect(diff.post.map((e) => e.id)).toEqual(['n15', 'n16', 'n17', 'n18', 'n19']);
    expect(diffFeed(diff.seen, entries, limits).post).toEqual([]);
  });

  it('posts a duplicated id once', () => {
    const diff = diffFeed([], [item('d'), item('d')], limits);
    expect(diff.post.map((e) => e.id)).toEqual(['d']);
  });
});
