import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../character/world-test-kit.ts';
import { CmdHelp } from '../help.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

const HOUR = 3_600_000;

describe('time', () => {
  it('shows the game time, its factor, the uptime, the real time and the first start', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    await kit.advance(3 * HOUR + 5 * 60_000);
    expect(await kit.typeText(ann, 'time')).toBe(
      [
        'Game time    2026-01-01 06:10:00',
        'Time factor  2 game seconds per real second',
        'Uptime       3h 5m',
        'Real time    2026-01-01 03:05:00 UTC',
        'First start  2026-01-01 00:00:00 UTC',
      ].join('\n'),
    );
    // Evennia's name for it works too.
    expect(await kit.typeText(ann, '@time')).toContain('Game time    2026-01-01 06:10:00');
  });

  it("shows a game's own calendar", async () => {
    kit = await WorldTestKit.open({
      gameTime: {
        factor: 24,
        units: { second: 1, minute: 60, hour: 3600, day: 86400, season: 7776000, year: 31104000 },
        epoch: 1042 * 31104000,
      },
    });
    const ann = await kit.player('Ann');
    await kit.advance(HOUR + 15 * 60_000);
    const text = await kit.typeText(ann, 'time');
    expect(text).toContain('Game time    Year 1042, season 0, day 1, 06:00:00');
    expect(text).toContain('Time factor  24 game seconds per real second');
  });

  it('is listed and explained by help, under System', async () => {
    // `help` lives in the account set, which the kit leaves to the game: add it as the Server does.
    kit = await WorldTestKit.open({
      setup: (game) => game.extendCmdSet('account', (set) => set.add(new CmdHelp(null))),
    });
    const ann = await kit.player('Ann');
    expect(await kit.typeText(ann, 'help time')).toMatch(/Show the game's time and the server's/);
    expect(await kit.typeText(ann, 'help')).toMatch(/System[\s\S]*time/);
  });
});
