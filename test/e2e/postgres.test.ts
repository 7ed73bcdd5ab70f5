/**
 * A game on PostgreSQL, black-box: accounts work the same as on SQLite; when the database goes
 * away mid-game, reads get a clear message, a write waits while players are told the game is
 * paused, and the write is acknowledged only once the database is back (nothing lost).
 * Skipped, visibly, without PostgreSQL's server binaries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, runLauncher } from '../support/game-process.ts';
import { postgresAvailability, startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const pg = postgresAvailability();

const say = (c: TelnetClient, line: string, expected: string | RegExp): Promise<string> =>
  c.exchange(line, expected, 30_000);

describe.skipIf(!pg.available)(
  `a game on PostgreSQL${pg.available ? '' : ` (SKIPPED: ${pg.reason})`}`,
  () => {
    let server: TestPostgres;
    let game: GameProcess;
    let env: Record<string, string>;

    beforeAll(async () => {
      server = await startTestPostgres();
      env = {
        WAYSTONE_DATABASE_URL: await server.createDatabase(),
        WAYSTONE_ARGON2_MEMORY_COST: '4096',
        WAYSTONE_ARGON2_TIME_COST: '1',
      };
      const dir = makeGameDir();
      const su = await runLauncher(
        [
          'createsuperuser',
          '--game-dir',
          dir,
          '--name',
          'Keeper',
          '--password',
          'lantern in the fog',
        ],
        env,
      );
      expect(su.code).toBe(0);
      game = await GameProcess.start({ dir, env });
    }, 90_000);

    afterAll(async () => {
      await game?.stop();
      await server?.destroy();
    });

    it('creates and logs in accounts', async () => {
      const c = await TelnetClient.open(game.telnetPort);
      await c.waitFor('Welcome');
      await say(c, 'create Ash "silver birch grove"', '[Y/n]');
      await say(c, 'y', "A new account 'Ash' was created");
      await say(c, 'connect Ash "silver birch grove"', 'You are logged in');
      await say(c, 'password "silver birch grove" = "copper beech lane"', 'Password changed.');
      c.close();
    });

    it('pauses a write while the database is down and completes it when it is back', async () => {
      const admin = await TelnetClient.open(game.telnetPort);
      await admin.waitFor('Welcome');
      await say(admin, 'connect Keeper "lantern in the fog"', 'You are logged in');
      const other = await TelnetClient.open(game.telnetPort);
      await other.waitFor('Welcome');
      await say(other, 'connect Ash "copper beech lane"', 'You are logged in');

      await server.stop('fast');
      // A read fails fast with a clear message; the session keeps working.
      await say(other, 'password "copper beech lane" = "amber willow creek"', 'cannot be reached');
      // A write (a ban is saved at once) waits: everyone hears the game is paused, and the admin
      // is not told the ban happened until it is committed.
      const mark = admin.text.length;
      admin.send('ban Mallory : spam');
      await other.waitFor('The game is paused', 30_000);
      expect(admin.text.slice(mark)).not.toContain("Banned name 'Mallory'");
      await server.start();
      await admin.waitFor("Banned name 'Mallory'", 30_000, mark);
      await other.waitFor('The database is back');
      expect(other.isClosed).toBe(false);
      admin.close();
      other.close();

      // The ban survived: a new Server (after a reload) still refuses the name.
      expect((await game.launcher(['reload'], env)).code).toBe(0);
      const c = await TelnetClient.open(game.telnetPort);
      await c.waitFor('Welcome');
      await say(c, 'create Mallory "quiet meadow path"', /banned/i);
      c.close();
    }, 90_000);
  },
);
