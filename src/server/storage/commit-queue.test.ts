/**
 * The retry half of the persistence contract, with failures injected between kysely and a
 * real (in-memory SQLite) database: a lost connection is retried whole while the game is
 * paused, a commit whose acknowledgement was lost is not applied twice, and waiting has limits.
 * The real thing (PostgreSQL stopped and restarted) is in postgres-outage.test.ts.
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './commit-queue.ts';
import { DatabaseStorage } from './database-storage.ts';
import { objectRef } from './entity-ref.ts';
import { migrate } from './migrator.ts';
import type { PauseHooks } from './pause-state.ts';
import { openSqlite } from './sqlite-backend.ts';
import { silentLog } from './test-support.ts';
import type { NewObject } from './types.ts';

/** Fails statements on demand, the way a dropped connection would. */
class Faults implements KyselyPlugin {
  /** Statements to fail before they run. */
  failNext = 0;
  /** Fail the next COMMIT after it has committed (the answer is lost). */
  loseCommitAck = false;
  failed = 0;
  /** COMMITs sent: how many transactions the units of work took. */
  transactions = 0;
  readonly #commits = new WeakSet<object>();

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const text = node.kind === 'RawNode' ? node.sqlFragments.join('').trim() : '';
    if (text === 'commit') {
      this.#commits.add(queryId);
      this.transactions++;
    }
    if (this.failNext > 0) {
      this.failNext--;
      this.failed++;
      throw Object.assign(new Error('disk I/O error (injected)'), { code: 'SQLITE_IOERR' });
    }
    return node;
  }

  async transformResult({
    result,
    queryId,
  }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.loseCommitAck && this.#commits.has(queryId)) {
      this.loseCommitAck = false;
      this.failed++;
      throw Object.assign(new Error('connection lost after commit (injected)'), {
        code: 'SQLITE_IOERR',
      });
    }
    return result;
  }
}

const FAST: RetryPolicy = { initialDelayMs: 5, maxDelayMs: 20, giveUpAfterMs: Infinity };

async function setUp(retry: Partial<RetryPolicy> = {}, hooks: PauseHooks = {}) {
  const backend = await openSqlite({ file: ':memory:', busyTimeoutMs: 100 });
  await migrate(backend, silentLog);
  const faults = new Faults();
  const faulty: Backend = { ...backend, db: backend.db.withPlugin(faults) };
  const events: string[] = [];
  const storage = new DatabaseStorage(
    faulty,
    silentLog,
    {
      onPaused: (reason) => {
        events.push(`paused: ${reason}`);
        hooks.onPaused?.(reason);
      },
      onResumed: () => {
        events.push('resumed');
        hooks.onResumed?.();
      },
    },
    { ...FAST, ...retry },
  );
  const room = await storage.objects.create(thing('Room'));
  return { storage, faults, events, ref: objectRef(room.id) };
}

const thing = (key: string): NewObject => ({
  typeclass: 'DefaultObject',
  key,
  locationId: null,
  homeId: null,
  destinationId: null,
  accountId: null,
  locks: '',
});

describe('commit retries', () => {
  it('uses sane defaults: waits for ever, backing off to 5 s', () => {
    expect(DEFAULT_RETRY).toEqual({
      initialDelayMs: 100,
      maxDelayMs: 5_000,
      giveUpAfterMs: Infinity,
    });
  });

  it('retries a failing commit whole, pausing and resuming the game once', async () => {
    const { storage, faults, events, ref } = await setUp();
    const uow = storage.unitOfWork();
    uow.setAttribute(ref, 'a', 1);
    uow.add((tx) => tx.objects.create(thing('chair')));
    faults.failNext = 7;
    await uow.commit();
    expect(faults.failed).toBe(7);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/^paused: .*I\/O error/);
    expect(events[1]).toBe('resumed');
    expect(storage.paused).toBe(false);
    expect(await storage.attributes.get(ref, 'a')).toBe(1);
    expect(await storage.objects.count({ key: 'chair' })).toBe(1);
    await storage.close();
  });

  it('does not apply a commit twice when only its acknowledgement was lost', async () => {
    const { storage, faults, events } = await setUp();
    const uow = storage.unitOfWork();
    uow.add((tx) => tx.objects.create(thing('coin')));
    faults.loseCommitAck = true;
    await uow.commit();
    expect(faults.failed).toBe(1);
    expect(events).toEqual([expect.stringMatching(/^paused/), 'resumed']);
    expect(await storage.objects.count({ key: 'coin' })).toBe(1);
    await storage.close();
  });

  it('does not pause for an error a retry cannot fix', async () => {
    const { storage, events } = await setUp();
    const uow = storage.unitOfWork();
    uow.updateObject(1, { locationId: 4242 });
    await expect(uow.commit()).rejects.toMatchObject({ code: 'STORAGE_CONSTRAINT' });
    expect(events).toEqual([]);
    await storage.close();
  });

  it('gives up after giveUpAfterMs with STORAGE_UNAVAILABLE, writing nothing', async () => {
    const { storage, faults, ref } = await setUp({ giveUpAfterMs: 100 });
    const uow = storage.unitOfWork();
    uow.setAttribute(ref, 'a', 1);
    faults.failNext = 1_000_000;
    await expect(uow.commit()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    faults.failNext = 0;
    expect(await storage.attributes.get(ref, 'a')).toBeUndefined();
    await storage.close();
  });

  it('abandons a waiting commit with STORAGE_CLOSED when the storage closes', async () => {
    const { storage, faults, ref } = await setUp({ initialDelayMs: 60_000, maxDelayMs: 60_000 });
    const uow = storage.unitOfWork();
    uow.setAttribute(ref, 'a', 1);
    faults.failNext = 1;
    const commit = uow.commit();
    await expect.poll(() => storage.paused, { timeout: 5_000 }).toBe(true);
    const started = Date.now();
    await storage.close();
    await expect(commit).rejects.toMatchObject({ code: 'STORAGE_CLOSED' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('commits units that queue up together, in order, and keeps a bad one from the rest', async () => {
    const { storage, ref } = await setUp();
    const commits: Array<Promise<void>> = [];
    for (let i = 1; i <= 20; i++) {
      const uow = storage.unitOfWork();
      uow.setAttribute(ref, 'n', i); // the last one must win
      uow.setAttribute(ref, `a${i}`, i);
      if (i === 7) uow.updateObject(1, { locationId: 4242 }); // refused by the database
      commits.push(uow.commit());
    }
    const results = await Promise.allSettled(commits);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[6]).toMatchObject({
      status: 'rejected',
      reason: { code: 'STORAGE_CONSTRAINT' },
    });
    expect(await storage.attributes.get(ref, 'n')).toBe(20);
    expect(await storage.attributes.get(ref, 'a7')).toBeUndefined();
    for (const i of [1, 6, 8, 20]) expect(await storage.attributes.get(ref, `a${i}`)).toBe(i);
    await storage.close();
  });

  it('needs far fewer transactions than units when many commit at once', async () => {
    const { storage, faults, ref } = await setUp();
    const before = faults.transactions;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const uow = storage.unitOfWork();
        uow.setAttribute(ref, `b${i}`, i);
        return uow.commit();
      }),
    );
    expect(faults.transactions - before).toBeLessThanOrEqual(2);
    expect(await storage.attributes.get(ref, 'b49')).toBe(49);
    await storage.close();
  });

  it('gives players logging in together one transaction per step, not one per write', async () => {
    // Each "player" commits three times in a row, as a login does (the account, the login time,
    // the address), each after the last has committed, with transactions in between mixed in.
    const { storage, faults, ref } = await setUp();
    const before = faults.transactions;
    const player = async (i: number) => {
      for (const step of ['x', 'y', 'z']) {
        if (step === 'y') await storage.transaction((tx) => tx.config.set(`c${i}`, i));
        const uow = storage.unitOfWork();
        uow.setAttribute(ref, `${step}${i}`, i);
        await uow.commit();
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => player(i)));
    expect(faults.transactions - before).toBeLessThanOrEqual(4);
    expect(await storage.attributes.get(ref, 'z49')).toBe(49);
    expect(await storage.config.get('c49')).toBe(49);
    await storage.close();
  });

  it('rolls back a transaction that throws without undoing the others it was grouped with', async () => {
    const { storage, ref } = await setUp();
    const failure = new Error('changed my mind');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        storage.transaction(async (tx) => {
          await tx.attributes.set(ref, `t${i}`, i);
          if (i === 2) throw failure;
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(results[2]).toMatchObject({ reason: failure });
    expect(results[4]).toMatchObject({ value: 4 });
    expect(await storage.attributes.get(ref, 't2')).toBeUndefined();
    for (const i of [0, 1, 3, 4]) expect(await storage.attributes.get(ref, `t${i}`)).toBe(i);
    await storage.close();
  });

  it('survives a pause hook that throws', async () => {
    const { storage, faults, ref } = await setUp(
      {},
      {
        onPaused: () => {
          throw new Error('hook bug');
        },
      },
    );
    const uow = storage.unitOfWork();
    uow.setAttribute(ref, 'a', 1);
    faults.failNext = 2;
    await uow.commit();
    expect(await storage.attributes.get(ref, 'a')).toBe(1);
    await storage.close();
  });
});
