/**
 * Game time in a real game: `time` over telnet, and the game's clock carrying on across a
 * reload from the first start stored in the database (not starting again at the epoch).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir } from '../support/game-process.ts';
import { logInOverTelnet } from '../support/log-in.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const games: GameProcess[] = [];
const clients: TelnetClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(games.splice(0).map((g) => g.stop()));
});

/** The `time` table's rows, by label. */
async function time(client: TelnetClient): Promise<Record<string, string>> {
  const mark = client.text.length;
  client.send('time');
  await client.waitFor(/First start {2}.* UTC/, 15_000, mark);
  const rows: Record<string, string> = {};
  for (const m of client.text
    .slice(mark)
    .matchAll(/^(Game time|Time factor|Uptime|Real time|First start) +(.+?)\r?$/gm)) {
    rows[m[1] ?? ''] = m[2] ?? '';
  }
  return rows;
}

/** Game seconds from the zero of the calendar below ("Year 1042, season 0, day 3, 06:10:00"). */
function gameSeconds(text: string): number {
  const m = /^Year (\d+), season (\d+), day (\d+), (\d\d):(\d\d):(\d\d)$/.exec(text ?? '');
  if (m === null) throw new Error(`not a game time: ${text}`);
  const [y, s, d, h, min, sec] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return ((((y * 4 + s) * 90 + d) * 24 + h) * 60 + min) * 60 + sec;
}

describe('game time in a running game', () => {
  it('shows in `time` and carries on across a reload from the stored first start', async () => {
    const dir = makeGameDir({
      // One game hour per real second, in a calendar of seasons, starting in year 1042.
      timeFactor: 3600,
      timeGameEpoch: 1042 * 31_104_000,
      timeUnits: { second: 1, minute: 60, hour: 3600, day: 86400, season: 7776000, year: 31104000 },
    });
    const game = await GameProcess.start({ dir });
    games.push(game);
    const ann = await TelnetClient.open(game.telnetPort);
    clients.push(ann);
    await ann.waitFor('Welcome to Testgame');
    await logInOverTelnet(ann, 'Ann');

    const before = await time(ann);
    expect(before['Game time']).toMatch(/^Year 1042, season 0, day 0, \d\d:\d\d:\d\d$/);
    expect(before['Time factor']).toBe('3600 game seconds per real second');

    const mark = ann.text.length;
    const reload = await game.launcher(['reload']);
    expect(reload.code).toBe(0);
    await ann.waitFor('... Server restarted.', 20_000, mark);

    const after = await time(ann);
    // Same first start (read back, not stored anew), and the clock went on rather than restarting.
    expect(after['First start']).toBe(before['First start']);
    const elapsed = gameSeconds(after['Game time'] ?? '') - gameSeconds(before['Game time'] ?? '');
    expect(elapsed).toBeGreaterThan(0);
    expect(gameSeconds(after['Game time'] ?? '')).toBeGreaterThan(1042 * 31_104_000 + 3600);
  });
});
