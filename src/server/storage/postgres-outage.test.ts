/**
 * PostgreSQL going away: down when the game starts (a clear error naming host and port), and
 * stopped in the middle of a unit of work's commit (the commit waits while the game is paused,
 * then goes through after the restart, once, with nothing lost). Skipped, visibly, without the
 * PostgreSQL binaries.
 */
import { describe, expect, it } from 'vitest';
import { freePort, postgresAvailability } from '../../../test/support/postgres.ts';
import { objectRef } from './entity-ref.ts';
import { openStorage } from './open-storage.ts';
import { silentLog, useBackend } from './test-support.ts';
import type { NewObject } from './types.ts';

const pg = postgresAvailability();

const thing = (key: string, locationId: number | null = null): NewObject => ({
  typeclass: 'DefaultObject',
  key,
  locationId,
  homeId: null,
  destinationId: null,
  accountId: null,
  locks: '',
});

/** Rejects if `promise` takes longer than `ms`: no test waits unbounded. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe.skipIf(!pg.available)(
  pg.available ? 'PostgreSQL outages' : `PostgreSQL outages SKIPPED: ${pg.reason}`,
  () => {
    const fx = useBackend('postgres');

    it('reports a server that is down at start, naming host and port', async () => {
      const port = await freePort();
      const started = Date.now();
      await expect(
        openStorage({
          gameDir: '',
          databaseUrl: `postgres://waystone:secret@127.0.0.1:${port}/game`,
          databaseFile: '',
          log: silentLog,
          connectTimeoutMs: 2_000,
        }),
      ).rejects.toMatchObject({
        code: 'STORAGE_UNREACHABLE',
        message: expect.stringMatching(new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`)),
      });
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('reports a database that does not exist', async () => {
      const server = fx.postgres()!;
      await expect(
        openStorage({
          gameDir: '',
          databaseUrl: `postgres://postgres@127.0.0.1:${server.port}/no_such_game`,
          databaseFile: '',
          log: silentLog,
        }),
      ).rejects.toMatchObject({
        code: 'STORAGE_REFUSED',
        message: expect.stringContaining('no_such_game'),
      });
    });

    it('waits out a server stopped mid-commit and commits once after the restart', async () => {
      const server = fx.postgres()!;
      const paused: string[] = [];
      let resumed = 0;
      const storage = await fx.open(undefined, {
        onPaused: (reason) => paused.push(reason),
        onResumed: () => resumed++,
        retry: { initialDelayMs: 50, maxDelayMs: 400 },
      });
      const room = await storage.objects.create(thing('Room'));
      const ref = objectRef(room.id);

      // The first command's commit loses the server half-way through its transaction.
      let stopped = false;
      const first = storage.unitOfWork();
      first.setAttribute(ref, 'desc', 'Before the outage.');
      first.add(async (tx) => {
        if (!stopped) {
          stopped = true;
          await server.stop('immediate');
        }
        await tx.objects.create(thing('chair', room.id));
      });
      first.setAttribute(ref, 'visits', 1);
      const firstCommit = first.commit();
      // A second command finishes during the outage; it must land after the first.
      const second = storage.unitOfWork();
      second.setAttribute(ref, 'visits', 2);
      const secondCommit = second.commit();
      let settled = false;
      void Promise.allSettled([firstCommit, secondCommit]).then(() => (settled = true));

      await expect.poll(() => paused.length, { timeout: 20_000 }).toBe(1);
      expect(storage.paused).toBe(true);
      expect(paused[0]).toContain(`127.0.0.1:${server.port}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);

      await server.start();
      await within(30_000, Promise.all([firstCommit, secondCommit]));
      expect(resumed).toBe(1);
      expect(paused).toHaveLength(1);
      expect(storage.paused).toBe(false);
      expect(await storage.attributes.get(ref, 'desc')).toBe('Before the outage.');
      expect(await storage.attributes.get(ref, 'visits')).toBe(2);
      expect(await storage.objects.count({ locationId: room.id })).toBe(1);
    });
  },
);
