/**
 * The storage contract, run on every backend (SQLite always; PostgreSQL when its binaries are
 * installed, otherwise skipped with the reason in the test name).
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isWaystoneError, type ErrorCode } from '../../shared/errors.ts';
import { nameSkeleton } from '../accounts/names.ts';
import type { Backend } from './backend.ts';
import { accountRef, objectRef } from './entity-ref.ts';
import { migrate } from './migrator.ts';
import { initial } from './migrations/001-initial.ts';
import { backendCases, silentLog, useBackend } from './test-support.ts';
import { newAccountRow as account, SAMPLE_VALUES } from './test-values.ts';
import type { AttributeValue, NewObject, Storage } from './types.ts';

async function expectCode(promise: Promise<unknown> | (() => unknown), code: ErrorCode) {
  let caught: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${code}`).toBeDefined();
  expect(isWaystoneError(caught) ? caught.code : caught).toBe(code);
  return caught as Error;
}

/** Whether `table` has an index whose first column is `column`, on either backend. */
async function indexOn(backend: Backend, table: string, column: string): Promise<boolean> {
  if (backend.kind === 'sqlite') {
    const { rows } = await sql<{ name: string }>`
      select il.name from pragma_index_list(${table}) il
      where (select name from pragma_index_info(il.name) where seqno = 0) = ${column}`.execute(
      backend.db,
    );
    return rows.length > 0;
  }
  const { rows } = await sql<{ indexdef: string }>`
    select indexdef from pg_indexes where tablename = ${table}`.execute(backend.db);
  return rows.some((r) => r.indexdef.includes(`(${column})`));
}

const object = (key: string, extra: Partial<NewObject> = {}): NewObject => ({
  typeclass: 'DefaultObject',
  key,
  locationId: null,
  homeId: null,
  destinationId: null,
  accountId: null,
  locks: '',
  ...extra,
});

describe.each(backendCases())('storage on $name', ({ name, skipReason }) => {
  describe.skipIf(skipReason !== '')(
    skipReason === '' ? 'contract' : `SKIPPED: ${skipReason}`,
    () => {
      const fx = useBackend(name);

      describe('migrations', () => {
        it('migrates an empty database on open', async () => {
          const storage = await fx.open();
          expect(storage.backend).toBe(name);
          expect(await storage.migrationStatus()).toEqual({ current: 6, latest: 6, pending: [] });
          expect(await storage.accounts.count()).toBe(0);
        });

        it('is idempotent: reopening and migrating again apply nothing', async () => {
          const target = await fx.fresh();
          const first = await fx.open(target);
          await first.accounts.create(account('Keeper'));
          await first.close();
          const second = await fx.open(target);
          expect(await second.migrate()).toEqual([]);
          expect(await second.migrate()).toEqual([]);
          expect((await second.accounts.findByNameKey('keeper'))?.name).toBe('Keeper');
        });

        it('leaves an empty database alone with migrate: false, then migrates on request', async () => {
          const storage = await fx.open(undefined, { migrate: false });
          expect(await storage.migrationStatus()).toEqual({
            current: 0,
            latest: 6,
            pending: [
              '001-initial',
              '002-name-skeletons',
              '003-timers',
              '004-channels',
              '005-prototypes-help',
              '006-player-descriptions',
            ],
          });
          expect(await storage.migrate()).toEqual([
            '001-initial',
            '002-name-skeletons',
            '003-timers',
            '004-channels',
            '005-prototypes-help',
            '006-player-descriptions',
          ]);
          expect((await storage.migrationStatus()).current).toBe(6);
        });

        it('refuses a database migrated by a newer Waystone', async () => {
          const target = await fx.fresh();
          await (await fx.open(target)).close();
          const raw = await fx.raw(target);
          await raw.db
            .insertInto('waystone_schema')
            .values({ version: 99, name: '099-future', applied_at: new Date().toISOString() })
            .execute();
          const err = await expectCode(fx.open(target), 'STORAGE_TOO_NEW');
          expect(err.message).toMatch(/version 99.*up to 6/);
          await expectCode(fx.open(target, { migrate: false }), 'STORAGE_TOO_NEW');
        });

        it('rolls back a failing migration whole', async () => {
          const target = await fx.fresh();
          const raw = await fx.raw(target);
          const broken = {
            version: 2,
            name: '002-broken',
            up: async (db: Parameters<typeof initial.up>[0]) => {
              await db.schema.createTable('half_done').addColumn('x', 'integer').execute();
              throw new Error('boom');
            },
          };
          await expectCode(migrate(raw, silentLog, [initial, broken]), 'STORAGE_MIGRATION_FAILED');
          const tables = (await raw.db.introspection.getTables()).map((t) => t.name);
          expect(tables).not.toContain('half_done');
          expect(tables).not.toContain('accounts');
          expect(await migrate(raw, silentLog, [initial])).toEqual(['001-initial']);
        });

        it('gives accounts made before migration 2 their look-alike keys, indexed', async () => {
          const target = await fx.fresh();
          const raw = await fx.raw(target);
          await migrate(raw, silentLog, [initial]);
          for (const name of ['Eve', 'Zoë']) {
            await sql`insert into accounts (name, name_key, password_hash, typeclass, created_at)
              values (${name}, ${name.toLowerCase()}, 'x', 'DefaultAccount', '2024-01-01')`.execute(
              raw.db,
            );
          }
          expect(await migrate(raw, silentLog)).toEqual([
            '002-name-skeletons',
            '003-timers',
            '004-channels',
            '005-prototypes-help',
            '006-player-descriptions',
          ]);
          const storage = await fx.open(target);
          // Cyrillic Е, ѵ, е: the key of a name that looks like Eve finds the old account.
          const eve = await storage.accounts.findByNameSkeleton(nameSkeleton('\u0415\u0475\u0435'));
          expect(eve?.name).toBe('Eve');
          expect((await storage.accounts.findByNameSkeleton(nameSkeleton('ZOË')))?.name).toBe(
            'Zoë',
          );
          expect(await indexOn(raw, 'accounts', 'name_skeleton')).toBe(true);
        });
      });

      describe('accounts', () => {
        it('creates, finds, updates, counts, lists and deletes', async () => {
          const storage = await fx.open();
          const before = Date.now();
          const bob = await storage.accounts.create(
            account('Bob', { email: 'bob@example.org', isSuperuser: true }),
          );
          expect(bob).toMatchObject({
            name: 'Bob',
            nameKey: 'bob',
            email: 'bob@example.org',
            permissions: ['Player'],
            isSuperuser: true,
            isGuest: false,
            lastLoginAt: null,
          });
          expect(bob.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
          const guest = await storage.accounts.create(account('Guest1', { isGuest: true }));
          expect(guest.id).not.toBe(bob.id);
          expect(await storage.accounts.findById(bob.id)).toEqual(bob);
          expect(await storage.accounts.findByNameKey('bob')).toEqual(bob);
          expect(await storage.accounts.findById(9999)).toBeNull();

          const login = new Date('2025-01-02T03:04:05.678Z');
          const updated = await storage.accounts.update(bob.id, {
            lastLoginAt: login,
            permissions: ['Player', 'Builder'],
            passwordHash: 'new-hash',
            isSuperuser: false,
          });
          expect(updated).toMatchObject({
            lastLoginAt: login,
            permissions: ['Player', 'Builder'],
            passwordHash: 'new-hash',
            isSuperuser: false,
          });
          expect(await storage.accounts.findById(bob.id)).toEqual(updated);
          expect(await storage.accounts.update(bob.id, {})).toEqual(updated);
          expect(await storage.accounts.update(9999, { name: 'x' })).toBeNull();

          expect(await storage.accounts.count()).toBe(2);
          expect(await storage.accounts.count({ isGuest: true })).toBe(1);
          expect(await storage.accounts.count({ isSuperuser: true })).toBe(0);
          expect((await storage.accounts.list({ isGuest: false })).map((a) => a.name)).toEqual([
            'Bob',
          ]);

          expect(await storage.accounts.delete(guest.id)).toBe(true);
          expect(await storage.accounts.delete(guest.id)).toBe(false);
          expect(await storage.accounts.count()).toBe(1);
        });

        it('finds an account by its look-alike key; two accounts may share one', async () => {
          const storage = await fx.open();
          const eve = await storage.accounts.create(account('Eve', { nameSkeleton: 'eve' }));
          const other = await storage.accounts.create(account('Eve2', { nameSkeleton: 'eve' }));
          expect((await storage.accounts.findByNameSkeleton('eve'))?.id).toBe(eve.id);
          expect(await storage.accounts.findByNameSkeleton('ann')).toBeNull();
          await storage.accounts.update(eve.id, {
            name: 'Ann',
            nameKey: 'ann',
            nameSkeleton: 'ann',
          });
          expect((await storage.accounts.findByNameSkeleton('eve'))?.id).toBe(other.id);
          expect((await storage.accounts.findByNameSkeleton('ann'))?.name).toBe('Ann');
        });

        it('keeps names unique regardless of case', async () => {
          const storage = await fx.open();
          const bob = await storage.accounts.create(account('Bob'));
          const err = await expectCode(
            storage.accounts.create(account('BOB', { nameKey: 'BOB' })),
            'STORAGE_DUPLICATE',
          );
          expect(err.message).toContain('BOB');
          expect((await storage.accounts.findByNameKey('BoB'))?.id).toBe(bob.id);
          const alice = await storage.accounts.create(account('Alice'));
          await expectCode(
            storage.accounts.update(alice.id, { nameKey: 'bOb' }),
            'STORAGE_DUPLICATE',
          );
          expect(await storage.accounts.count()).toBe(2);
        });

        it('deletes an account with its attributes and tags; its objects lose the link', async () => {
          const storage = await fx.open();
          const bob = await storage.accounts.create(account('Bob'));
          const char = await storage.objects.create(object('Bob', { accountId: bob.id }));
          await storage.attributes.set(accountRef(bob.id), 'prefs', { color: true });
          await storage.tags.add(accountRef(bob.id), 'vip');
          expect(await storage.accounts.delete(bob.id)).toBe(true);
          expect(await storage.attributes.listFor(accountRef(bob.id))).toEqual([]);
          expect(await storage.tags.listFor(accountRef(bob.id))).toEqual([]);
          expect((await storage.objects.findById(char.id))?.accountId).toBeNull();
        });
      });

      describe('objects', () => {
        it('creates, finds by filter, updates, counts and deletes', async () => {
          const storage = await fx.open();
          const limbo = await storage.objects.create(object('Limbo', { typeclass: 'Room' }));
          const hall = await storage.objects.create(object('Hall', { typeclass: 'Room' }));
          const exit = await storage.objects.create(
            object('north', { typeclass: 'Exit', locationId: limbo.id, destinationId: hall.id }),
          );
          const rock = await storage.objects.create(
            object('rock', { locationId: limbo.id, homeId: limbo.id, locks: 'get:all()' }),
          );
          expect(rock).toMatchObject({ key: 'rock', locationId: limbo.id, locks: 'get:all()' });
          expect(await storage.objects.findById(rock.id)).toEqual(rock);
          expect((await storage.objects.find({ locationId: limbo.id })).map((o) => o.key)).toEqual([
            'north',
            'rock',
          ]);
          expect((await storage.objects.find({ locationId: null })).map((o) => o.key)).toEqual([
            'Limbo',
            'Hall',
          ]);
          expect(await storage.objects.find({ destinationId: hall.id })).toEqual([exit]);
          expect(await storage.objects.find({ typeclass: 'Room', key: 'Hall' })).toEqual([hall]);
          expect(await storage.objects.count()).toBe(4);
          expect(await storage.objects.count({ homeId: limbo.id })).toBe(1);

          const moved = await storage.objects.update(rock.id, {
            locationId: hall.id,
            key: 'stone',
          });
          expect(moved).toMatchObject({ key: 'stone', locationId: hall.id, homeId: limbo.id });
          expect(await storage.objects.update(9999, { key: 'x' })).toBeNull();
          expect(await storage.objects.delete(9999)).toBe(false);
        });

        it('refuses a reference to a missing object', async () => {
          const storage = await fx.open();
          await expectCode(
            storage.objects.create(object('ghost', { locationId: 9999 })),
            'STORAGE_CONSTRAINT',
          );
          const rock = await storage.objects.create(object('rock'));
          await expectCode(storage.objects.update(rock.id, { homeId: 9999 }), 'STORAGE_CONSTRAINT');
        });

        it('deleting an object clears references to it and its attributes and tags', async () => {
          const storage = await fx.open();
          const room = await storage.objects.create(object('Room'));
          const other = await storage.objects.create(object('Other'));
          const exit = await storage.objects.create(
            object('out', { locationId: other.id, destinationId: room.id }),
          );
          const thing = await storage.objects.create(object('thing', { locationId: room.id }));
          await storage.attributes.set(objectRef(room.id), 'desc', 'A room.');
          await storage.tags.add(objectRef(room.id), 'indoors');
          expect(await storage.objects.delete(room.id)).toBe(true);
          expect((await storage.objects.findById(exit.id))?.destinationId).toBeNull();
          expect((await storage.objects.findById(thing.id))?.locationId).toBeNull();
          expect(await storage.attributes.listFor(objectRef(room.id))).toEqual([]);
          expect(await storage.tags.findOwners('indoors')).toEqual([]);
          // Ids are never reused, so an old reference cannot come to point at a new object.
          const next = await storage.objects.create(object('new'));
          expect(next.id).toBeGreaterThan(thing.id);
        });
      });

      describe('attributes', () => {
        it.each(SAMPLE_VALUES)('round-trips %s exactly', async (_label, value) => {
          const storage = await fx.open();
          const owner = objectRef((await storage.objects.create(object('holder'))).id);
          await storage.attributes.set(owner, 'value', value);
          const back = await storage.attributes.get(owner, 'value');
          expect(back).toEqual(value);
          if (typeof value === 'number') expect(Object.is(back, value)).toBe(true);
          const [row] = await storage.attributes.listFor(owner);
          expect(row?.value).toEqual(value);
        });

        it('gets, overwrites, separates categories, lists and deletes', async () => {
          const storage = await fx.open();
          const owner = objectRef((await storage.objects.create(object('holder'))).id);
          expect(await storage.attributes.get(owner, 'hp')).toBeUndefined();
          await storage.attributes.set(owner, 'hp', 10);
          await storage.attributes.set(owner, 'hp', 12);
          await storage.attributes.set(owner, 'hp', 'max', 'limits');
          await storage.attributes.set(owner, 'nothing', null);
          expect(await storage.attributes.get(owner, 'hp')).toBe(12);
          expect(await storage.attributes.get(owner, 'hp', 'limits')).toBe('max');
          expect(await storage.attributes.get(owner, 'nothing')).toBeNull();
          expect(await storage.attributes.get(accountRef(owner.id), 'hp')).toBeUndefined();
          expect(await storage.attributes.listFor(owner)).toEqual([
            { ownerKind: 'object', ownerId: owner.id, category: '', name: 'hp', value: 12 },
            { ownerKind: 'object', ownerId: owner.id, category: '', name: 'nothing', value: null },
            {
              ownerKind: 'object',
              ownerId: owner.id,
              category: 'limits',
              name: 'hp',
              value: 'max',
            },
          ]);
          expect(await storage.attributes.delete(owner, 'hp')).toBe(true);
          expect(await storage.attributes.delete(owner, 'hp')).toBe(false);
          expect(await storage.attributes.get(owner, 'hp', 'limits')).toBe('max');
          expect(await storage.attributes.deleteAllFor(owner)).toBe(2);
          expect(await storage.attributes.listFor(owner)).toEqual([]);
        });

        it('refuses values it cannot store, before writing anything', async () => {
          const storage = await fx.open();
          const owner = objectRef(1);
          const circular: Record<string, unknown> = { a: 1 };
          circular.self = circular;
          const bad: unknown[] = [
            () => 1,
            undefined,
            NaN,
            { nested: [1, NaN] },
            circular,
            new Map(),
            10n,
            Symbol('s'),
            new Date('not a date'),
            // eslint-disable-next-line no-sparse-arrays
            [1, , 3],
            { $ref: 'object', id: 1.5 },
            { $ref: 'room', id: 1 },
          ];
          for (const value of bad) {
            await expectCode(
              () => storage.attributes.set(owner, 'bad', value as AttributeValue),
              'STORAGE_BAD_VALUE',
            );
          }
          await expectCode(
            () => storage.attributes.set({ $ref: 'room', id: 1 } as never, 'x', 1),
            'STORAGE_BAD_VALUE',
          );
          expect(await storage.attributes.listFor(owner)).toEqual([]);
        });

        it('names the offending part of a refused value', async () => {
          const storage = await fx.open();
          const err = await expectCode(
            () =>
              storage.attributes.set(objectRef(3), 'stats', {
                hp: [1, 2, (() => 0) as never],
              }),
            'STORAGE_BAD_VALUE',
          );
          expect(err.message).toContain("attribute 'stats' of object #3");
          expect(err.message).toContain('hp[2]');
          expect(err.message).toContain('function');
        });

        it('reports a stored value that does not decode', async () => {
          const target = await fx.fresh();
          const storage = await fx.open(target);
          const raw = await fx.raw(target);
          await raw.db
            .insertInto('attributes')
            .values({ owner_kind: 'object', owner_id: 1, category: '', name: 'x', value: '{oops' })
            .execute();
          await expectCode(storage.attributes.get(objectRef(1), 'x'), 'STORAGE_CORRUPT_VALUE');
        });
      });

      describe('tags', () => {
        it('adds, checks, lists, finds owners and removes', async () => {
          const storage = await fx.open();
          const a = objectRef((await storage.objects.create(object('a'))).id);
          const b = objectRef((await storage.objects.create(object('b'))).id);
          const acct = accountRef((await storage.accounts.create(account('Acct'))).id);
          expect(await storage.tags.add(a, 'shop')).toBe(true);
          expect(await storage.tags.add(a, 'shop')).toBe(false);
          expect(await storage.tags.add(a, 'shop', 'zone')).toBe(true);
          expect(await storage.tags.add(b, 'shop')).toBe(true);
          expect(await storage.tags.add(acct, 'shop')).toBe(true);
          expect(await storage.tags.has(a, 'shop')).toBe(true);
          expect(await storage.tags.has(a, 'shop', 'other')).toBe(false);
          expect(await storage.tags.listFor(a)).toEqual([
            { ownerKind: 'object', ownerId: a.id, category: '', tag: 'shop' },
            { ownerKind: 'object', ownerId: a.id, category: 'zone', tag: 'shop' },
          ]);
          expect(await storage.tags.findOwners('shop')).toEqual([acct, a, b]);
          expect(await storage.tags.findOwners('shop', '', 'object')).toEqual([a, b]);
          expect(await storage.tags.findOwners('shop', 'zone')).toEqual([a]);
          expect(await storage.tags.remove(a, 'shop')).toBe(true);
          expect(await storage.tags.remove(a, 'shop')).toBe(false);
          expect(await storage.tags.deleteAllFor(a)).toBe(1);
          expect(await storage.tags.listFor(a)).toEqual([]);
        });
      });

      describe('server config', () => {
        it('gets, sets, lists by prefix and deletes', async () => {
          const storage = await fx.open();
          const until = new Date('2030-01-01T00:00:00.000Z');
          expect(await storage.config.get('ban:name:troll')).toBeUndefined();
          await storage.config.set('ban:name:troll', { until, reason: 'spam' });
          await storage.config.set('ban:ip:10.0.%', { until: null });
          await storage.config.set('ban_x', 1);
          await storage.config.set('throttle:login:1.2.3.4', [new Date(1), new Date(2)]);
          await storage.config.set('throttle:login:1.2.3.4', [new Date(3)]);
          expect(await storage.config.get('ban:name:troll')).toEqual({ until, reason: 'spam' });
          expect((await storage.config.list('ban:')).map((e) => e.key)).toEqual([
            'ban:ip:10.0.%',
            'ban:name:troll',
          ]);
          expect(await storage.config.list('ban:ip:10.0.%')).toHaveLength(1);
          expect(await storage.config.list('throttle:')).toEqual([
            { key: 'throttle:login:1.2.3.4', value: [new Date(3)] },
          ]);
          expect(await storage.config.list()).toHaveLength(4);
          expect(await storage.config.delete('ban_x')).toBe(true);
          expect(await storage.config.delete('ban_x')).toBe(false);
          await expectCode(() => storage.config.set('bad', NaN), 'STORAGE_BAD_VALUE');
        });
      });

      describe('scripts, tickers and delays', () => {
        it('stores a script with its schedule and data, updates and deletes it', async () => {
          const storage = await fx.open();
          const bell = await storage.objects.create(object('bell'));
          const nextAt = new Date('2030-01-01T00:00:01.500Z');
          const row = await storage.scripts.create({
            key: 'toll',
            typeclass: 'TollScript',
            objectId: bell.id,
            accountId: null,
            description: 'tolls',
            intervalMs: 3 * 365 * 24 * 3600 * 1000,
            repeats: 0,
            fired: 0,
            startDelay: true,
            catchUp: 'all',
            nextAt,
            pausedMs: null,
            data: { tolls: 0, when: new Date(5), who: { $ref: 'object', id: bell.id } },
          });
          expect(row).toMatchObject({ key: 'toll', objectId: bell.id, startDelay: true, nextAt });
          expect(
            await storage.scripts.update(row.id, { fired: 3, nextAt: null, pausedMs: 1234.5 }),
          ).toBe(true);
          const [back] = await storage.scripts.list();
          expect(back).toMatchObject({
            fired: 3,
            nextAt: null,
            pausedMs: 1234.5,
            catchUp: 'all',
            intervalMs: 3 * 365 * 24 * 3600 * 1000,
            data: { tolls: 0, when: new Date(5), who: { $ref: 'object', id: bell.id } },
          });
          // Scripts go with their object.
          await storage.objects.delete(bell.id);
          expect(await storage.scripts.list()).toEqual([]);
          expect(await storage.scripts.delete(row.id)).toBe(false);
        });

        it('keeps one subscription per interval, object, method and idstring', async () => {
          const storage = await fx.open();
          const cat = await storage.objects.create(object('cat'));
          const sub = { intervalMs: 5000, objectId: cat.id, method: 'wander', idstring: '' };
          await storage.tickers.subscribe({ ...sub, args: [1] });
          await storage.tickers.subscribe({ ...sub, args: ['again'] });
          await storage.tickers.subscribe({ ...sub, idstring: 'b', args: [] });
          expect(await storage.tickers.list()).toEqual([
            { ...sub, args: ['again'] },
            { ...sub, idstring: 'b', args: [] },
          ]);
          const at = new Date('2030-01-01T00:00:05.000Z');
          await storage.tickers.setNextTick(5000, at);
          await storage.tickers.setNextTick(5000, new Date(at.getTime() + 5000));
          expect(await storage.tickers.listIntervals()).toEqual([
            { intervalMs: 5000, nextAt: new Date(at.getTime() + 5000) },
          ]);
          expect(await storage.tickers.unsubscribe(sub)).toBe(true);
          expect(await storage.tickers.unsubscribe(sub)).toBe(false);
          await storage.objects.delete(cat.id);
          expect(await storage.tickers.list()).toEqual([]);
          await storage.tickers.deleteInterval(5000);
          expect(await storage.tickers.listIntervals()).toEqual([]);
        });

        it('stores delays until they are deleted, or their object is', async () => {
          const storage = await fx.open();
          const bomb = await storage.objects.create(object('bomb'));
          const dueAt = new Date('2030-01-01T00:00:10.000Z');
          const a = await storage.delays.create({
            objectId: bomb.id,
            method: 'explode',
            args: [3],
            dueAt,
          });
          const b = await storage.delays.create({
            objectId: bomb.id,
            method: 'fizzle',
            args: [],
            dueAt,
          });
          expect(await storage.delays.list()).toEqual([a, b]);
          expect(await storage.delays.delete(a.id)).toBe(true);
          expect(await storage.delays.list()).toEqual([b]);
          await storage.objects.delete(bomb.id);
          expect(await storage.delays.list()).toEqual([]);
        });

        it('a unit of work commits a schedule with the world changes, or neither', async () => {
          const storage = await fx.open();
          const bell = await storage.objects.create(object('bell'));
          const row = await storage.scripts.create({
            key: 'toll',
            typeclass: 'S',
            objectId: bell.id,
            accountId: null,
            description: '',
            intervalMs: 1000,
            repeats: 0,
            fired: 0,
            startDelay: false,
            catchUp: 'once',
            nextAt: new Date(1000),
            pausedMs: null,
            data: {},
          });
          await expect(
            storage.transaction(async (tx) => {
              await tx.scripts.update(row.id, { fired: 1, nextAt: new Date(2000) });
              await tx.attributes.set({ $ref: 'object', id: bell.id }, 'tolls', 1);
              throw new Error('crash before commit');
            }),
          ).rejects.toThrow('crash before commit');
          expect((await storage.scripts.list())[0]?.fired).toBe(0);
          expect(
            await storage.attributes.get({ $ref: 'object', id: bell.id }, 'tolls'),
          ).toBeUndefined();
        });
      });

      describe('channels', () => {
        const channel = (key: string, aliases: string[] = []) => ({
          key,
          typeclass: 'DefaultChannel',
          description: `${key} talk`,
          locks: 'listen:all();send:all()',
          aliases,
        });

        it('creates channels unique whatever the case, updates, lists and deletes them', async () => {
          const storage = await fx.open();
          const pub = await storage.channels.create(channel('Public', ['pub']));
          expect(pub).toMatchObject({
            key: 'Public',
            aliases: ['pub'],
            typeclass: 'DefaultChannel',
          });
          await expectCode(storage.channels.create(channel('PUBLIC')), 'STORAGE_DUPLICATE');
          const ooc = await storage.channels.create(channel('Ooc'));
          await expectCode(storage.channels.update(ooc.id, { key: 'public' }), 'STORAGE_DUPLICATE');
          expect(
            await storage.channels.update(pub.id, { description: 'chat', aliases: ['p', 'pub'] }),
          ).toBe(true);
          expect(await storage.channels.update(9999, { description: 'x' })).toBe(false);
          expect(
            (await storage.channels.list()).map((c) => [c.key, c.description, c.aliases]),
          ).toEqual([
            ['Public', 'chat', ['p', 'pub']],
            ['Ooc', 'Ooc talk', []],
          ]);
          expect(await storage.channels.delete(ooc.id)).toBe(true);
          expect(await storage.channels.delete(ooc.id)).toBe(false);
          expect((await storage.channels.list()).map((c) => c.key)).toEqual(['Public']);
        });

        it('keeps subscriptions (muted, personal aliases) and bans, which go with the channel or the account', async () => {
          const storage = await fx.open();
          const pub = await storage.channels.create(channel('Public'));
          const ann = await storage.accounts.create(account('Ann'));
          const bob = await storage.accounts.create(account('Bob'));
          expect(await storage.channels.subscribe(pub.id, ann.id)).toBe(true);
          expect(await storage.channels.subscribe(pub.id, ann.id)).toBe(false);
          expect(await storage.channels.subscribe(pub.id, bob.id)).toBe(true);
          await expectCode(storage.channels.subscribe(pub.id, 9999), 'STORAGE_CONSTRAINT');
          expect(
            await storage.channels.updateSubscription(pub.id, ann.id, {
              muted: true,
              aliases: ['x'],
            }),
          ).toBe(true);
          expect(await storage.channels.listSubscriptions()).toEqual([
            {
              channelId: pub.id,
              accountId: ann.id,
              accountName: 'Ann',
              muted: true,
              aliases: ['x'],
            },
            { channelId: pub.id, accountId: bob.id, accountName: 'Bob', muted: false, aliases: [] },
          ]);
          expect(await storage.channels.ban(pub.id, bob.id, 'spam')).toBe(true);
          expect(await storage.channels.ban(pub.id, bob.id, 'more spam')).toBe(false);
          expect(await storage.channels.listBans()).toMatchObject([
            { channelId: pub.id, accountId: bob.id, accountName: 'Bob', reason: 'more spam' },
          ]);
          // An account that goes takes its subscriptions and bans with it.
          await storage.accounts.delete(bob.id);
          expect((await storage.channels.listSubscriptions()).map((s) => s.accountId)).toEqual([
            ann.id,
          ]);
          expect(await storage.channels.listBans()).toEqual([]);
          expect(await storage.channels.unsubscribe(pub.id, ann.id)).toBe(true);
          expect(await storage.channels.unsubscribe(pub.id, ann.id)).toBe(false);
          await storage.channels.subscribe(pub.id, ann.id);
          await storage.channels.delete(pub.id);
          expect(await storage.channels.listSubscriptions()).toEqual([]);
        });

        it("keeps each channel's newest messages up to its bound, and pages through them", async () => {
          const storage = await fx.open();
          const pub = await storage.channels.create(channel('Public'));
          const ooc = await storage.channels.create(channel('Ooc'));
          const ann = await storage.accounts.create(account('Ann'));
          const at = new Date('2030-01-01T00:00:00.000Z');
          for (let i = 1; i <= 12; i++) {
            await storage.channelMessages.add(
              {
                channelId: pub.id,
                senderName: 'Ann',
                senderAccountId: ann.id,
                text: `m${i}`,
                createdAt: at,
              },
              10,
            );
          }
          const other = await storage.channelMessages.add(
            {
              channelId: ooc.id,
              senderName: 'cora@IRC',
              senderAccountId: null,
              text: 'hi',
              createdAt: at,
            },
            10,
          );
          expect(other).toMatchObject({
            senderName: 'cora@IRC',
            senderAccountId: null,
            createdAt: at,
          });
          // Twelve written, ten kept: m3..m12; the other channel's line is untouched.
          expect(await storage.channelMessages.count(pub.id)).toBe(10);
          expect(await storage.channelMessages.count(ooc.id)).toBe(1);
          const texts = async (page: { limit: number; skip?: number }) =>
            (await storage.channelMessages.recent(pub.id, page)).map((m) => m.text);
          expect(await texts({ limit: 3 })).toEqual(['m10', 'm11', 'm12']);
          expect(await texts({ limit: 3, skip: 3 })).toEqual(['m7', 'm8', 'm9']);
          expect(await texts({ limit: 20, skip: 8 })).toEqual(['m3', 'm4']);
          expect(await texts({ limit: 5, skip: 10 })).toEqual([]);
          // A sender who goes leaves the history readable, under the name it was said with.
          await storage.accounts.delete(ann.id);
          expect((await storage.channelMessages.recent(pub.id, { limit: 1 }))[0]).toMatchObject({
            senderName: 'Ann',
            senderAccountId: null,
            text: 'm12',
          });
          await storage.channels.delete(pub.id);
          expect(await storage.channelMessages.count(pub.id)).toBe(0);
        });
      });

      describe('transactions', () => {
        it('commits everything when the work resolves', async () => {
          const storage = await fx.open();
          const id = await storage.transaction(async (tx) => {
            const acct = await tx.accounts.create(account('Tx'));
            await tx.attributes.set(accountRef(acct.id), 'a', 1);
            return acct.id;
          });
          expect(await storage.attributes.get(accountRef(id), 'a')).toBe(1);
        });

        it('rolls everything back when the work throws', async () => {
          const storage = await fx.open();
          const failure = new Error('changed my mind');
          await expect(
            storage.transaction(async (tx) => {
              const acct = await tx.accounts.create(account('Tx'));
              await tx.attributes.set(accountRef(acct.id), 'a', 1);
              await tx.config.set('k', 'v');
              throw failure;
            }),
          ).rejects.toBe(failure);
          expect(await storage.accounts.count()).toBe(0);
          expect(await storage.config.list()).toEqual([]);
        });

        it('rolls back on a database error, reported with its code', async () => {
          const storage = await fx.open();
          await storage.accounts.create(account('Taken'));
          await expectCode(
            storage.transaction(async (tx) => {
              await tx.objects.create(object('orphan'));
              await tx.accounts.create(account('TAKEN', { nameKey: 'taken' }));
            }),
            'STORAGE_DUPLICATE',
          );
          expect(await storage.objects.count()).toBe(0);
        });

        it('keeps multi-statement deletes atomic inside a transaction too', async () => {
          const storage = await fx.open();
          const acct = await storage.accounts.create(account('Gone'));
          await storage.tags.add(accountRef(acct.id), 't');
          await expect(
            storage.transaction(async (tx) => {
              await tx.accounts.delete(acct.id);
              throw new Error('undo');
            }),
          ).rejects.toThrow('undo');
          expect(await storage.tags.has(accountRef(acct.id), 't')).toBe(true);
        });
      });

      describe('unit of work', () => {
        async function seeded(storage: Storage) {
          const room = await storage.objects.create(object('Room'));
          const acct = await storage.accounts.create(account('Worker'));
          return { room, acct, ref: objectRef(room.id) };
        }

        it('writes nothing until commit, then everything in one go', async () => {
          const storage = await fx.open();
          const { room, acct, ref } = await seeded(storage);
          const uow = storage.unitOfWork();
          uow.setAttribute(ref, 'desc', 'A quiet room.');
          uow.setAttribute(ref, 'visits', 1, 'stats');
          uow.addTag(ref, 'quiet');
          uow.updateObject(room.id, { key: 'Quiet Room' });
          uow.updateAccount(acct.id, { lastLoginAt: new Date(5) });
          uow.setConfig('motd', 'hello');
          uow.add(async (tx) => tx.objects.create(object('chair', { locationId: room.id })));
          expect(uow.size).toBe(7);
          expect(await storage.attributes.get(ref, 'desc')).toBeUndefined();
          expect(await storage.config.get('motd')).toBeUndefined();
          await uow.commit();
          expect(await storage.attributes.get(ref, 'desc')).toBe('A quiet room.');
          expect(await storage.attributes.get(ref, 'visits', 'stats')).toBe(1);
          expect(await storage.tags.has(ref, 'quiet')).toBe(true);
          expect((await storage.objects.findById(room.id))?.key).toBe('Quiet Room');
          expect((await storage.accounts.findById(acct.id))?.lastLoginAt).toEqual(new Date(5));
          expect(await storage.config.get('motd')).toBe('hello');
          expect(await storage.objects.count({ locationId: room.id })).toBe(1);

          const undo = storage.unitOfWork();
          undo.deleteAttribute(ref, 'desc');
          undo.removeTag(ref, 'quiet');
          undo.deleteConfig('motd');
          undo.deleteAccount(acct.id);
          undo.deleteObject(room.id);
          await undo.commit();
          expect(await storage.objects.findById(room.id)).toBeNull();
          expect(await storage.accounts.findById(acct.id)).toBeNull();
          expect(await storage.config.get('motd')).toBeUndefined();
        });

        it('stores values as they were when set, and refuses bad ones at once', async () => {
          const storage = await fx.open();
          const { ref } = await seeded(storage);
          const uow = storage.unitOfWork();
          const inventory: AttributeValue[] = ['sword'];
          uow.setAttribute(ref, 'inventory', inventory);
          inventory.push('shield');
          expect(() => uow.setAttribute(ref, 'bad', undefined as never)).toThrow(
            expect.objectContaining({ code: 'STORAGE_BAD_VALUE' }),
          );
          expect(uow.size).toBe(1);
          await uow.commit();
          expect(await storage.attributes.get(ref, 'inventory')).toEqual(['sword']);
        });

        it('applies none of its writes when one fails, and the next one still works', async () => {
          const storage = await fx.open();
          const { room, ref } = await seeded(storage);
          const uow = storage.unitOfWork();
          uow.setAttribute(ref, 'desc', 'never');
          uow.updateObject(room.id, { locationId: 9999 });
          await expectCode(uow.commit(), 'STORAGE_CONSTRAINT');
          expect(await storage.attributes.get(ref, 'desc')).toBeUndefined();
          expect(storage.paused).toBe(false);
          const next = storage.unitOfWork();
          next.setAttribute(ref, 'desc', 'works');
          await next.commit();
          expect(await storage.attributes.get(ref, 'desc')).toBe('works');
        });

        it('commits in the order commit() was called', async () => {
          const storage = await fx.open();
          const { ref } = await seeded(storage);
          const commits: Array<Promise<void>> = [];
          for (let i = 1; i <= 20; i++) {
            const uow = storage.unitOfWork();
            uow.setAttribute(ref, 'counter', i);
            uow.add(async (tx) => {
              const seen = (await tx.attributes.get(ref, 'log')) as number[] | undefined;
              await tx.attributes.set(ref, 'log', [...(seen ?? []), i]);
            });
            commits.push(uow.commit());
          }
          await Promise.all(commits);
          expect(await storage.attributes.get(ref, 'counter')).toBe(20);
          expect(await storage.attributes.get(ref, 'log')).toEqual(
            Array.from({ length: 20 }, (_, i) => i + 1),
          );
        });

        it('is used once: no writes after commit; an empty commit touches nothing', async () => {
          const storage = await fx.open();
          const uow = storage.unitOfWork();
          await uow.commit();
          expect(() => uow.setConfig('k', 1)).toThrow(
            expect.objectContaining({ code: 'STORAGE_UNIT_OF_WORK' }),
          );
          await expectCode(uow.commit(), 'STORAGE_UNIT_OF_WORK');
        });

        it('keeps committed writes across a close and reopen', async () => {
          const target = await fx.fresh();
          const storage = await fx.open(target);
          const { ref } = await seeded(storage);
          const uow = storage.unitOfWork();
          uow.setAttribute(ref, 'saved', { at: new Date(42), by: accountRef(1) });
          await uow.commit();
          await storage.close();
          await expectCode(() => storage.unitOfWork(), 'STORAGE_CLOSED');
          const reopened = await fx.open(target);
          expect(await reopened.attributes.get(ref, 'saved')).toEqual({
            at: new Date(42),
            by: accountRef(1),
          });
          // The commit log only holds tokens while a commit might be retried.
          const raw = await fx.raw(target);
          const left = await sql<{
            n: number;
          }>`select count(*) as n from waystone_commit_log`.execute(raw.db);
          expect(Number(left.rows[0]?.n)).toBe(0);
        });
      });
    },
  );
});
