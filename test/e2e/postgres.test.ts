/**
 * A game on PostgreSQL, black-box: accounts work the same, and when the database goes away
 * mid-game the players are told the game is paused; the write they were making completes, and
 * is acknowledged, only once the database is back. Skipped, visibly, without PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../support/game-process.ts';
import { postgresAvailability, startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const pg = postgresAvailability();

describe.skipIf(!pg.available)(
  `a game on PostgreSQL${pg.available ? '' : ` (SKIPPED: ${pg.reason})`}`,
  () => {
    let server: TestPostgres;
    let game: GameProcess;

    beforeAll(async () => {
      server = await startTestPostgres();
      game = await GameProcess.start({
        env: {
          WAYSTONE_DATABASE_URL: await server.createDatabase(),
          WAYSTONE_ARGON2_MEMORY_COST: '4096',
          WAYSTONE_ARGON2_TIME_COST: '1',
        },
      });
    }, 90_000);

    afterAll(async () => {
      await game?.stop();
      await server?.destroy();
    });

    it('creates and logs in accounts, and pauses (without losing the write) while the database is down', async () => {
      const c = await TelnetClient.open(game.telnetPort);
      await c.waitFor('Welcome');
      c.send('create Ash "silver birch grove"');
      await c.waitFor('[Y/n]');
      c.send('y');
      await c.waitFor("A new account 'Ash' was created");
      c.send('connect Ash "silver birch grove"');
      await c.waitFor('You are logged in');

      await server.stop('fast');
      const mark = c.text.length;
      c.send('password "silver birch grove" = "copper beech lane"');
      // The old password is checked (a read) before the write; while the database is down the
      // read fails fast, so wait for the database outage to be noticed by a write instead.
      await c.waitFor(/paused|cannot be reached/, 20_000, mark);
      await server.start();
      const mark2 = c.text.length;
      c.send('password "silver birch grove" = "copper beech lane"');
      await c.waitFor('Password changed.', 30_000, mark2);
      expect(c.isClosed).toBe(false);
      c.send('quit');
      await c.closed;

      const again = await TelnetClient.open(game.telnetPort);
      await again.waitFor('Welcome');
      again.send('connect Ash "copper beech lane"');
      await again.waitFor('You are logged in');
      again.close();
    }, 90_000);
  },
);
