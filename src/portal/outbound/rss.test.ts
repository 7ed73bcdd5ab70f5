import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FuncCall } from '../../shared/session-data.ts';
import { fetchFeed, FeedFetchError } from './feed/fetch-feed.ts';
import type { OutboundConnection } from './outbound-kind.ts';
import { RSS_LIMITS, rssConfigSchema, rssKind } from './rss.ts';

const silent = pino({ level: 'silent' });

let http: Server | null = null;
let poller: OutboundConnection | null = null;

afterEach(async () => {
  poller?.close('done');
  poller = null;
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  http = null;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  http = createServer(handler);
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as { port: number }).port}`;
}

async function until<T>(what: string, check: () => T | undefined | null | false, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const feed = (ids: string[]) =>
  `<rss version="2.0"><channel><title>t</title>${ids
    .map(
      (id) =>
        `<item><guid>${id}</guid><title>Title ${id}</title><link>https://e.org/${id}</link></item>`,
    )
    .join('')}</channel></rss>`;

const entriesOf = (call: FuncCall | undefined) =>
  (call?.[2]['entries'] as Array<{ id: string }>).map((e) => e.id);

describe('the rss kind', () => {
  it('polls at once and then every interval, handing over the entries oldest first', async () => {
    let ids = ['b', 'a'];
    const url = await serve((_req, res) => {
      res.setHeader('content-type', 'application/rss+xml');
      res.end(feed(ids));
    });
    const delivered: FuncCall[] = [];
    poller = rssKind().open(rssConfigSchema.parse({ url, intervalSeconds: 1 }), {
      bridgeId: 'rss-1',
      log: silent,
      deliver: (c) => delivered.push(c),
    });
    const feeds = () => delivered.filter((c) => c[0] === 'bot_data_in');
    await until('first poll', () => feeds().length === 1);
    expect(feeds()[0]![2]['type']).toBe('feed');
    expect(entriesOf(feeds()[0])).toEqual(['a', 'b']);
    expect(delivered).toContainEqual(['bridge_status', [], { state: 'ok', detail: '' }]);
    ids = ['c', 'b', 'a'];
    await until('second poll', () => feeds().length === 2, 3000);
    expect(entriesOf(feeds()[1])).toEqual(['a', 'b', 'c']);
  });

  it('asks conditionally and offers the same entries again on 304 Not Modified', async () => {
    const seen: Array<string | undefined> = [];
    const url = await serve((req, res) => {
      seen.push(req.headers['if-none-match']);
      if (req.headers['if-none-match'] === '"v1"') {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader('etag', '"v1"');
      res.end(feed(['x']));
    });
    const delivered: FuncCall[] = [];
    poller = rssKind().open(rssConfigSchema.parse({ url, intervalSeconds: 1 }), {
      bridgeId: 'rss-1',
      log: silent,
      deliver: (c) => delivered.push(c),
    });
    const feeds = () => delivered.filter((c) => c[0] === 'bot_data_in');
    await until('two polls', () => feeds().length === 2, 3000);
    expect(seen).toEqual([undefined, '"v1"']);
    expect(entriesOf(feeds()[1])).toEqual(['x']);
  });

  it('reports a failing feed and keeps polling', async () => {
    let broken = true;
    const url = await serve((_req, res) => {
      if (broken) {
        res.statusCode = 500;
        res.end('oops');
        return;
      }
      res.end(feed(['a']));
    });
    const delivered: FuncCall[] = [];
    poller = rssKind().open(rssConfigSchema.parse({ url, intervalSeconds: 1 }), {
      bridgeId: 'rss-1',
      log: silent,
      deliver: (c) => delivered.push(c),
    });
    await until('failing', () =>
      delivered.find((c) => c[0] === 'bridge_status' && c[2]['state'] === 'failing'),
    );
    expect(String(delivered[0]![2]['detail'])).toContain('HTTP 500');
    broken = false;
    await until('entries', () => delivered.find((c) => c[0] === 'bot_data_in'), 3000);
  });

  it('validates its config: http(s) only, an interval of at least a second', () => {
    expect(rssConfigSchema.parse({ url: 'https://e.org/feed' }).intervalSeconds).toBe(600);
    for (const bad of [
      { url: 'file:///etc/passwd' },
      { url: 'ftp://e.org/feed' },
      { url: 'not a url' },
      { url: 'https://e.org/', intervalSeconds: 0 },
      { url: 'https://e.org/', other: true },
    ])
      expect(rssConfigSchema.safeParse(bad).success).toBe(false);
  });
});

describe('fetchFeed', () => {
  it('stops reading a body past the size bound, whatever the headers say', async () => {
    const url = await serve((_req, res) => {
      res.write('x'.repeat(64 * 1024));
      res.end('x'.repeat(64 * 1024));
    });
    await expect(fetchFeed(url, { timeoutMs: 5000, maxBytes: 100_000 })).rejects.toThrow(
      /larger than 100000 bytes/,
    );
  });

  it('gives up on a server that does not answer in time', async () => {
    const url = await serve(() => undefined);
    const started = Date.now();
    await expect(fetchFeed(url, { timeoutMs: 300, maxBytes: 1000 })).rejects.toBeInstanceOf(
      FeedFetchError,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses a redirect away from http(s) and reports a refused connection', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', 'file:///etc/passwd');
      res.end();
    });
    await expect(fetchFeed(url, { timeoutMs: 2000, maxBytes: 1000 })).rejects.toBeInstanceOf(
      FeedFetchError,
    );
    await expect(
      fetchFeed('http://127.0.0.1:1/feed', { timeoutMs: 2000, maxBytes: 1000 }),
    ).rejects.toBeInstanceOf(FeedFetchError);
  });

  it('has sane default limits', () => {
    expect(RSS_LIMITS.maxBytes).toBeGreaterThan(100_000);
    expect(RSS_LIMITS.timeoutMs).toBeLessThanOrEqual(60_000);
  });
});
