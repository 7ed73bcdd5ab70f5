/**
 * Timers fire exactly once, durably (issue 14): a script changes the world every 50 ms while
 * the Server is killed with SIGKILL at random instants, eight times; the Portal restarts it
 * each time. Afterwards, read straight from the database:
 *   - the world's count equals the script's own stored count of firings and the count kept in
 *     its `db` — all three are written in one transaction per firing, so a firing is stored
 *     whole or not at all (nothing twice, nothing half);
 *   - with catchUp 'all' nothing is lost: the firings match the time the script existed;
 *   - a script limited to 20 repeats ran exactly 20 times and is gone;
 *   - a persistent delay ran exactly once.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/server/storage/open-storage.ts';
import { seededRandom } from '../../src/shared/seeded-random.ts';
import { GameProcess, makeGameDir, waitUntil } from '../support/game-process.ts';

const GAME = `
import { DefaultObject, Script, type GameSetup } from 'waystone';

class Box extends DefaultObject {
  ring(): void {
    this.db['rings'] = ((this.db['rings'] as number | undefined) ?? 0) + 1;
  }
}

class Tally extends Script {
  override key = 'tally';
  override interval = 0.05;
  override catchUp = 'all' as const;
  override atRepeat(): void {
    const box = this.obj!;
    box.db['count'] = ((box.db['count'] as number | undefined) ?? 0) + 1;
    this.db['seen'] = ((this.db['seen'] as number | undefined) ?? 0) + 1;
  }
}

class Twenty extends Script {
  override key = 'twenty';
  override interval = 0.3;
  override repeats = 20;
  override catchUp = 'all' as const;
  override atRepeat(): void {
    const box = this.obj!;
    box.db['twenty'] = ((box.db['twenty'] as number | undefined) ?? 0) + 1;
  }
}

export default function setup(game: GameSetup): void {
  game.registerTypeclass('Box', Box);
  game.registerScript('Tally', Tally);
  game.registerScript('Twenty', Twenty);
  game.onWorldCreated(async (limbo) => {
    const box = await game.services.objects.create({ typeclass: 'Box', key: 'box', location: limbo });
    await box.scripts.add(Tally);
    await box.scripts.add(Twenty);
    await game.services.delays.call(1.5, box, 'ring');
  });
}
`;

const KILLS = 8;
const ENV = {
  WAYSTONE_SERVER_RESTART_DELAY_MS: '100',
  WAYSTONE_SERVER_RESTART_MAX_DELAY_MS: '200',
  WAYSTONE_SERVER_MAX_START_FAILURES: '1000',
};

interface Stored {
  count: number;
  twenty: number;
  rings: number;
  tally: { fired: number; seen: number; createdAt: number } | undefined;
  twentyLeft: number;
  delaysLeft: number;
}

async function readWorld(dir: string): Promise<Stored> {
  const storage = await openStorage({
    gameDir: dir,
    databaseUrl: '',
    databaseFile: 'game.sqlite3',
    log: pino({ level: 'silent' }),
  });
  try {
    const [box] = await storage.objects.find({ key: 'box' });
    const attr = async (name: string): Promise<number> =>
      ((await storage.attributes.get({ $ref: 'object', id: box!.id }, name)) as
        number | undefined) ?? 0;
    const scripts = await storage.scripts.list();
    const tally = scripts.find((row) => row.key === 'tally');
    return {
      count: await attr('count'),
      twenty: await attr('twenty'),
      rings: await attr('rings'),
      tally: tally && {
        fired: tally.fired,
        seen: (tally.data['seen'] as number | undefined) ?? 0,
        createdAt: tally.createdAt.getTime(),
      },
      twentyLeft: scripts.filter((row) => row.key === 'twenty').length,
      delaysLeft: (await storage.delays.list()).length,
    };
  } finally {
    await storage.close();
  }
}

describe('timers under kill -9', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({ dir: makeGameDir({}, GAME), env: ENV });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('fire exactly once: stored whole or not at all, nothing twice, nothing lost', async () => {
    const random = seededRandom(14);
    for (let i = 0; i < KILLS; i++) {
      const { server } = await game.waitForServer('running', 60_000);
      await new Promise((r) => setTimeout(r, 300 + random() * 1200));
      process.kill(server.pid!, 'SIGKILL');
      await waitUntil('the Server to go', async () => {
        const s = await game.status().catch(() => null);
        return s !== null && s.server.pid !== server.pid;
      });
    }
    const restarted = await game.waitForServer('running', 60_000);
    // The Server really was killed and restarted every time.
    expect(restarted.server.restarts).toBeGreaterThanOrEqual(KILLS);
    // Long enough for 'all' to replay what the last downtime missed, and for Twenty to end.
    await new Promise((r) => setTimeout(r, 7_000));
    const stopAsked = Date.now();
    await game.stop();
    const stopped = Date.now();

    const world = await readWorld(game.dir);
    expect(world.tally).toBeDefined();
    const tally = world.tally!;
    // One transaction per firing: the world, the schedule and the script's db agree.
    expect(world.count).toBe(tally.fired);
    expect(tally.seen).toBe(tally.fired);
    // Nothing lost: every 50 ms slot from the script's start to the stop fired (a second of
    // slack for firings still catching up when the stop was asked); the script keeps firing
    // while the stop goes through, but never ahead of the clock.
    const slotsAsked = Math.floor((stopAsked - tally.createdAt) / 50);
    const slotsStopped = Math.floor((stopped - tally.createdAt) / 50);
    expect(tally.fired).toBeGreaterThan(slotsAsked - 20);
    expect(tally.fired).toBeLessThanOrEqual(slotsStopped + 2);
    expect(world.twenty).toBe(20);
    expect(world.twentyLeft).toBe(0);
    expect(world.rings).toBe(1);
    expect(world.delaysLeft).toBe(0);
  });
});
