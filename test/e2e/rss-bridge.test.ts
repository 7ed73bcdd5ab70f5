/**
 * The feed bridge, black-box: a feed served by a local HTTP server in the test, a game polling
 * it every second (`rss2chan`). What the feed held when the bridge was made is not posted; a
 * new entry appears once on the channel; after the whole game is stopped and started again
 * (a new Portal: the poller starts with no memory) nothing is posted twice, an entry published
 * while it was down is posted, and so is a new entry after that. The channel's history is the record of what was posted.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, waitUntil } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const ENV = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
};

interface Entry {
  id: string;
  title: string;
}

function feedXml(entries: readonly Entry[]): string {
  // Newest first, as feeds list them.
  const items = [...entries]
    .reverse()
    .map(
      (e) =>
        `<item><title>${e.title}</title><link>https://example.org/${e.id}</link><guid>${e.id}</guid></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>${items}</channel></rss>`;
}

async function staff(game: GameProcess): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  await c.exchange('connect Cora "seven silver keys"', 'You are logged in');
  return c;
}

describe('feed bridge', () => {
  let http: Server;
  let url: string;
  const entries: Entry[] = [{ id: 'e1', title: 'First entry' }];
  let requests = 0;
  let game: GameProcess;
  let cora: TelnetClient;

  /** Wait until the game has fetched the feed `n` more times. */
  const polls = (n: number) => {
    const target = requests + n;
    return waitUntil(`${n} more polls of the feed`, () => requests >= target, 20_000);
  };

  beforeAll(async () => {
    http = createServer((_req, res) => {
      requests += 1;
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      res.end(feedXml(entries));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}/feed.xml`;
    game = await GameProcess.start({
      dir: makeGameDir({ rssEnabled: true, rssUpdateIntervalSeconds: 1 }),
      env: ENV,
    });
    await game.createSuperuser('Cora', 'seven silver keys');
    cora = await staff(game);
  }, 60_000);

  afterAll(async () => {
    cora?.close();
    await game?.stop();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  it('posts a new entry once, and not what the feed held when the bridge was made', async () => {
    await cora.exchange(`rss2chan public = ${url}`, 'Feed bridge #1 made');
    await polls(2);
    expect(cora.count('First entry')).toBe(0);

    entries.push({ id: 'e2', title: 'Second entry' });
    await cora.waitFor('[Public] Second entry: https://example.org/e2');
    await polls(3);
    expect(cora.count('Second entry')).toBe(1);
    expect(await cora.exchange('rss2chan/list', 'RSS bridges')).toMatch(
      /#1\s+rssbot-public\s+Public\s+http:\/\/127\.0\.0\.1:\d+\/feed\.xml\s+ok/,
    );
  });

  it('posts nothing twice after the game is stopped and started again', async () => {
    cora.close();
    await game.stop();
    // Published while the game was down: posted when it is back (unlike Evennia's bot, which
    // starts each run from what the feed holds then).
    entries.push({ id: 'e3', title: 'Third entry' });
    game = await GameProcess.start({ dir: game.dir, env: ENV });
    // The new Portal's poller remembers nothing; the Server's database does.
    await polls(3);
    cora = await staff(game);
    const history = await cora.exchange('channel/history public', 'History of channel Public');
    expect(history.match(/Second entry/g)).toHaveLength(1);
    expect(history.match(/Third entry/g)).toHaveLength(1);
    expect(history).not.toContain('First entry');

    entries.push({ id: 'e4', title: 'Fourth entry' });
    await cora.waitFor('[Public] Fourth entry: https://example.org/e4');
    await polls(2);
    const after = await cora.exchange('channel/history public', 'History of channel Public');
    expect(after.match(/Second entry/g)).toHaveLength(1);
    expect(after.match(/Third entry/g)).toHaveLength(1);
    expect(after.match(/Fourth entry/g)).toHaveLength(1);
  }, 90_000);

  it('rss2chan/delete stops the polling', async () => {
    await cora.exchange('rss2chan/delete 1', 'Feed bridge #1 deleted.');
    await new Promise((r) => setTimeout(r, 1500));
    const before = requests;
    await new Promise((r) => setTimeout(r, 2500));
    expect(requests).toBe(before);
    expect(await cora.exchange('rss2chan/list', 'No RSS bridges.')).toContain('No RSS bridges.');
  });
});
