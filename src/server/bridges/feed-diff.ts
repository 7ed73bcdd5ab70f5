/**
 * Which feed entries are new: the Portal hands over the feed's newest entries at every poll
 * (oldest first); the Server remembers the ids it has seen, and posts only the others.
 *
 * - The first poll of a new bridge posts nothing: it learns what the feed already holds
 *   (Evennia's RSS bot does the same), so making a bridge does not flood the channel.
 * - The memory is bounded (`maxSeen` ids). Ids still in the feed are always kept, so an entry
 *   can only be posted twice if it left the feed, was forgotten, and came back.
 * - At most `maxPosts` entries are posted from one poll (the newest of them): a feed that
 *   suddenly shows fifty entries posts a handful, and remembers them all.
 */
export interface FeedItem {
  readonly id: string;
  readonly title: string;
  readonly link: string;
}

export interface FeedDiff {
  /** Entries to post, oldest first. */
  readonly post: FeedItem[];
  /** The ids to remember from now on. */
  readonly seen: string[];
}

export function diffFeed(
  seen: readonly string[] | null,
  entries: readonly FeedItem[],
  limits: { maxSeen: number; maxPosts: number },
): FeedDiff {
  const current = entries.map((e) => e.id);
  const inFeed = new Set(current);
  const remembered = (seen ?? []).filter((id) => !inFeed.has(id));
  const nextSeen = [...remembered, ...unique(current)].slice(-limits.maxSeen);
  if (seen === null) return { post: [], seen: nextSeen };
  const known = new Set(seen);
  const fresh: FeedItem[] = [];
  for (const entry of entries) {
    if (known.has(entry.id)) continue;
    known.add(entry.id);
    fresh.push(entry);
  }
  return { post: fresh.slice(-limits.maxPosts), seen: nextSeen };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
