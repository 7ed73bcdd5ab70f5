/**
 * The `rss` outbound kind: a feed (RSS or Atom) polled every `intervalSeconds` (Evennia's RSS
 * bot, `rss2chan`, which also polls from the Portal). Each poll hands the Server the feed's
 * newest entries, oldest first:
 *
 *   ['bot_data_in', [], { type: 'feed', entries: [{ id, title, link }, …] }]
 *
 * and the Server posts those it has not seen (it remembers them in the database, so a restart
 * posts nothing twice; the Portal keeps no memory of its own). Every poll delivers the list,
 * even when the feed answered 304 Not Modified, so entries a crashed Server never got are
 * offered again. A failing feed is logged and reported as `bridge_status` (state `failing`),
 * and tried again at the next interval.
 */
import { z } from 'zod';
import type { FuncCall } from '../../shared/session-data.ts';
import { fetchFeed, FeedFetchError } from './feed/fetch-feed.ts';
import type { FeedEntry } from './feed/parse-feed.ts';
import type { OutboundConnection, OutboundContext, OutboundKind } from './outbound-kind.ts';

export const rssConfigSchema = z
  .object({
    url: z
      .string()
      .max(2000)
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'an http or https URL'),
    intervalSeconds: z.number().int().min(1).max(86_400).default(600),
  })
  .strict();
export type RssConfig = z.infer<typeof rssConfigSchema>;

export interface RssLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxEntries: number;
}

export const RSS_LIMITS: RssLimits = {
  timeoutMs: 30_000,
  maxBytes: 2 * 1024 * 1024,
  maxEntries: 50,
};

export function rssKind(limits: RssLimits = RSS_LIMITS): OutboundKind<RssConfig> {
  return {
    name: 'rss',
    configSchema: rssConfigSchema,
    address: (config) => config.url,
    open: (config, context) => new FeedPoller(config, context, limits),
  };
}

class FeedPoller implements OutboundConnection {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private etag: string | null = null;
  private lastModified: string | null = null;
  private entries: FeedEntry[] | null = null;
  private failing = false;

  constructor(
    private readonly config: RssConfig,
    private readonly context: OutboundContext,
    private readonly limits: RssLimits,
  ) {
    // The first poll right away: a new bridge (or a restarted Portal) reads the feed now.
    this.timer = setTimeout(() => void this.poll(), 0);
  }

  /** A feed bridge relays one way only: the channel's lines are not for it. */
  send(_cmds: readonly FuncCall[]): void {}

  close(_reason: string): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    this.timer = null;
    if (this.closed) return;
    try {
      const fetched = await fetchFeed(this.config.url, {
        timeoutMs: this.limits.timeoutMs,
        maxBytes: this.limits.maxBytes,
        etag: this.entries === null ? null : this.etag,
        lastModified: this.entries === null ? null : this.lastModified,
      });
      if (fetched.changed) {
        // The XML parser is loaded by the first feed, not by every Portal (about 2.5 MB).
        const { parseFeed } = await import('./feed/parse-feed.ts');
        this.entries = parseFeed(fetched.body, this.limits.maxEntries);
        this.etag = fetched.etag;
        this.lastModified = fetched.lastModified;
      }
      if (this.closed) return;
      if (this.failing) {
        this.failing = false;
        this.context.log.info({ url: this.config.url }, 'feed: reachable again');
      }
      this.context.deliver(['bot_data_in', [], { type: 'feed', entries: this.entries ?? [] }]);
      this.context.deliver(['bridge_status', [], { state: 'ok', detail: '' }]);
    } catch (err) {
      if (this.closed) return;
      this.failing = true;
      const expected =
        err instanceof FeedFetchError || (err instanceof Error && err.name === 'FeedParseError');
      // A bug here must not take the Portal down (this runs from a timer): it is logged loudly.
      if (expected) this.context.log.warn({ url: this.config.url }, `feed: ${err.message}`);
      else this.context.log.error({ err, url: this.config.url }, 'feed: polling failed');
      const detail = expected ? err.message : 'internal error (see the Portal log)';
      this.context.deliver(['bridge_status', [], { state: 'failing', detail }]);
    } finally {
      if (!this.closed)
        this.timer = setTimeout(() => void this.poll(), this.config.intervalSeconds * 1000);
    }
  }
}
