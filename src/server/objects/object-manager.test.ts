/**
 * The object manager on every storage backend: creation and loading, the identity map, typeclass
 * errors, moves (hook order, persistence, contents), deletion, search and batched writes.
 */
import { describe, expect, it, vi } from 'vitest';
import { isWaystoneError, type ErrorCode } from '../../shared/errors.ts';
import { CmdSet } from '../commands/cmdset.ts';
import { CmdSetRegistry } from '../commands/cmdset-registry.ts';
import { objectRef } from '../storage/entity-ref.ts';
import { backendCases, useBackend } from '../storage/test-support.ts';
import { newAccountRow, SAMPLE_VALUES } from '../storage/test-values.ts';
import { DefaultCharacter } from './character.ts';
import { DefaultExit } from './exit.ts';
import { DefaultObject } from './object.ts';
import type { ObjectManagerOptions } from './object-manager.ts';
import { DefaultRoom } from './room.ts';
import { objectManager, TestSession } from './test-support.ts';
import { TypeclassRegistry } from './typeclass-registry.ts';

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | string | undefined> {
  try {
    await promise;
  } catch (err) {
    return isWaystoneError(err) ? err.code : String(err);
  }
  return undefined;
}

/** Every hook call, in order, across all Recorder objects. */
const calls: string[] = [];

class Recorder extends DefaultObject {
  override atObjectCreation(): void {
    calls.push(`${this.key}.atObjectCreation`);
  }
  override atInit(): void {
    calls.push(`${this.key}.atInit`);
  }
  override atServerReload(): void {
    calls.push(`${this.key}.atServerReload`);
    this.db.reloaded = true;
  }
  override atBeforeMove(destination: DefaultObject): boolean {
    calls.push(`${this.key}.atBeforeMove(${destination.key})`);
    return this.db.stuck !== true;
  }
  override atPreObjectLeave(obj: DefaultObject, target: DefaultObject): boolean {
    calls.push(`${this.key}.atPreObjectLeave(${obj.key},${target.key})`);
    return true;
  }
  override async atPreObjectReceive(
    obj: DefaultObject,
    source: DefaultObject | null,
  ): Promise<boolean> {
    calls.push(`${this.key}.atPreObjectReceive(${obj.key},${source?.key})`);
    await Promise.resolve();
    return this.db.closed !== true;
  }
  override atObjectLeave(obj: DefaultObject, target: DefaultObject): void {
    calls.push(`${this.key}.atObjectLeave(${obj.key},${target.key})`);
  }
  override atObjectReceive(obj: DefaultObject, source: DefaultObject | null): void {
    calls.push(`${this.key}.atObjectReceive(${obj.key},${source?.key})`);
    this.db.received = ((this.db.received as number | undefined) ?? 0) + 1;
  }
  override atAfterMove(source: DefaultObject | null): void {
    calls.push(`${this.key}.atAfterMove(${source?.key})`);
  }
  override atObjectDelete(): boolean {
    calls.push(`${this.key}.atObjectDelete`);
    return this.db.undeletable !== true;
  }
}

class Sword extends DefaultObject {
  static override defaultLocks(id: number): string {
    return `${super.defaultLocks(id)};wield:id(${id})`;
  }
}

class PersistentSet extends CmdSet {
  override key = 'Persistent';
  override persistent = true;
}

function registry(): TypeclassRegistry {
  return new TypeclassRegistry().register('Recorder', Recorder).register('Sword', Sword);
}

describe.each(backendCases())('object manager on $name', ({ name, skipReason }) => {
  describe.skipIf(skipReason !== '')(
    skipReason === '' ? 'objects' : `SKIPPED: ${skipReason}`,
    () => {
      const fx = useBackend(name);

      async function world(options: Partial<ObjectManagerOptions> = {}) {
        const target = await fx.fresh();
        const storage = await fx.open(target);
        const objects = objectManager(storage, { typeclasses: registry(), ...options });
        /** A second manager on the same database: what a reloaded Server sees. */
        const reopen = async (more: Partial<ObjectManagerOptions> = {}) => {
          await objects.flush();
          return objectManager(await fx.open(target), {
            typeclasses: registry(),
            ...options,
            ...more,
          });
        };
        return { storage, objects, reopen, target };
      }

      describe('create and load', () => {
        it('restores typeclass, attributes of every type, tags, aliases, permissions and locks', async () => {
          const { objects, reopen } = await world();
          const room = await objects.create({ typeclass: DefaultRoom, key: 'Limbo' });
          const sword = await objects.create({
            typeclass: 'Sword',
            key: 'sword',
            location: room,
            locks: 'get:perm(Builder)',
            attributes: Object.fromEntries(SAMPLE_VALUES),
            aliases: ['blade'],
            permissions: ['Builder'],
            tags: ['sharp', ['weapon', 'kind']],
          });
          sword.db.later = 'set after creation';
          sword.attributes.set('note', [1, 2], 'system');

          const fresh = await reopen();
          const loaded = await fresh.load(sword.id);
          expect(loaded).toBeInstanceOf(Sword);
          expect(loaded?.typeclass).toBe('Sword');
          expect(loaded?.key).toBe('sword');
          expect(loaded?.location?.key).toBe('Limbo');
          expect(loaded?.home?.key).toBe('Limbo');
          expect(loaded?.location).toBeInstanceOf(DefaultRoom);
          for (const [label, value] of SAMPLE_VALUES) {
            expect(loaded?.db[label], label).toEqual(value);
          }
          expect(Object.is(loaded?.db['negative zero'], -0)).toBe(true);
          expect(loaded?.db.later).toBe('set after creation');
          expect(loaded?.attributes.get('note', 'system')).toEqual([1, 2]);
          expect(loaded?.aliases.all()).toEqual(['blade']);
          expect(loaded?.permissions).toEqual(['Builder']);
          expect(loaded?.tags.has('sharp')).toBe(true);
          expect(loaded?.tags.all('kind')).toEqual(['weapon']);
          expect(loaded?.locks.get('get')).toBe('perm(Builder)');
          expect(loaded?.locks.get('wield')).toBe(`id(${sword.id})`);
          expect(loaded?.locks.get('call')).toBe('true()');
        });

        it('runs atObjectCreation once and atInit on every load into memory', async () => {
          const { objects, reopen } = await world();
          calls.length = 0;
          const thing = await objects.create({ typeclass: Recorder, key: 'box' });
          expect(calls).toEqual(['box.atObjectCreation', 'box.atInit']);
          calls.length = 0;
          const fresh = await reopen();
          await fresh.load(thing.id);
          await fresh.load(thing.id);
          expect(calls).toEqual(['box.atInit']);
        });

        it('keeps one instance per id however it is reached', async () => {
          const { objects, reopen } = await world();
          const room = await objects.create({ typeclass: DefaultRoom, key: 'Hall' });
          const box = await objects.create({
            typeclass: DefaultObject,
            key: 'box',
            location: room,
          });
          expect(await objects.load(box.id)).toBe(box);
          expect(objects.cached(box.id)).toBe(box);

          const fresh = await reopen();
          const a = await fresh.load(box.id);
          const b = await fresh.load(box.id);
          expect(a).toBe(b);
          expect(await fresh.loadAll()).toBe(0); // the closure of box already held everything
          expect((await fresh.find({ key: 'box' }))[0]).toBe(a);
          expect((await fresh.loadContents(room.id))[0]).toBe(a);
          expect(a?.location).toBe(fresh.cached(room.id));
        });

        it('loads the whole world with its attributes and tags, and finds objects by owner', async () => {
          const { objects, reopen, storage } = await world();
          const owner = await storage.accounts.create(newAccountRow('Ann'));
          const room = await objects.create({ typeclass: DefaultRoom, key: 'Hall' });
          const made = [];
          for (let i = 0; i < 5; i++) {
            made.push(
              await objects.create({
                typeclass: 'DefaultObject',
                key: `thing ${i}`,
                location: room,
                attributes: { weight: i },
                tags: [[`t${i}`, 'kind']],
                accountId: i % 2 === 0 ? owner.id : null,
              }),
            );
          }
          expect(objects.ownedBy(owner.id).map((o) => o.key)).toEqual([
            'thing 0',
            'thing 2',
            'thing 4',
          ]);
          made[1]!.accountId = owner.id;
          made[0]!.accountId = null;
          await objects.delete(made[4]!);
          expect(objects.ownedBy(owner.id).map((o) => o.key)).toEqual(['thing 1', 'thing 2']);

          const fresh = await reopen();
          expect(await fresh.loadAll()).toBe(5);
          const loaded = fresh.cached(made[3]!.id)!;
          expect(loaded.db.weight).toBe(3);
          expect(loaded.tags.all('kind')).toEqual(['t3']);
          expect(fresh.ownedBy(owner.id).map((o) => o.key)).toEqual(['thing 1', 'thing 2']);
        });

        it('loads an object with its surroundings, so reads never hit the database', async () => {
          const { objects, reopen, storage } = await world();
          const hall = await objects.create({ typeclass: DefaultRoom, key: 'Hall' });
          const yard = await objects.create({ typeclass: DefaultRoom, key: 'Yard' });
          await objects.create({
            typeclass: DefaultExit,
            key: 'out',
            location: hall,
            destination: yard,
          });
          const hero = await objects.create({
            typeclass: DefaultCharacter,
            key: 'Hero',
            location: hall,
          });
          await objects.create({ typeclass: DefaultObject, key: 'coin', location: hero });

          const fresh = await reopen();
          const loaded = await fresh.load(hero.id);
          const spy = vi.spyOn(storage.objects, 'findById');
          expect(loaded?.contents.map((o) => o.key)).toEqual(['coin']);
          expect(loaded?.location?.contents.map((o) => o.key)).toEqual(['out', 'Hero']);
          const exit = loaded?.location?.contents[0];
          expect(exit?.destination?.key).toBe('Yard');
          expect(spy).not.toHaveBeenCalled();
        });

        it('finds stored objects by key, typeclass, location and tag', async () => {
          const { objects, reopen } = await world();
          const room = await objects.create({ typeclass: DefaultRoom, key: 'Hall' });
          await objects.create({ typeclass: Sword, key: 'sword', location: room, tags: ['shiny'] });
          await objects.create({ typeclass: DefaultObject, key: 'rock', location: room });
          const fresh = await reopen();
          expect((await fresh.find({ typeclass: 'Sword' })).map((o) => o.key)).toEqual(['sword']);
          expect((await fresh.find({ tag: { tag: 'shiny' } })).map((o) => o.key)).toEqual([
            'sword',
          ]);
          expect((await fresh.find({ location: null })).map((o) => o.key)).toEqual(['Hall']);
          expect((await fresh.find({ key: 'nothing' })).length).toBe(0);
          expect(await fresh.load(9999)).toBeNull();
        });
      });

      describe('typeclasses', () => {
        it('refuses to create an unregistered typeclass, storing nothing', async () => {
          const { objects, storage } = await world();
          expect(await codeOf(objects.create({ typeclass: 'Dragon', key: 'x' }))).toBe(
            'TYPECLASS_MISSING',
          );
          class Unregistered extends DefaultObject {}
          expect(await codeOf(objects.create({ typeclass: Unregistered, key: 'x' }))).toBe(
            'TYPECLASS_MISSING',
          );
          expect(await storage.objects.count()).toBe(0);
        });

        it('fails a load loudly, naming the missing class, with nothing half-loaded', async () => {
          const { objects, reopen } = await world();
          const room = await objects.create({ typeclass: DefaultRoom, key: 'Hall' });
          await objects.create({ typeclass: Sword, key: 'sword', location: room });
          const fresh = await reopen({ typeclasses: new TypeclassRegistry() });
          await expect(fresh.load(room.id)).rejects.toThrow(/'Sword'/);
          expect(await codeOf(fresh.loadAll())).toBe('TYPECLASS_MISSING');
          expect(fresh.cached(room.id)).toBeUndefined();
          expect(fresh.all()).toEqual([]);
        });

        it('refuses a bad lock string before storing anything', async () => {
          const { objects, storage } = await world();
          expect(
            await codeOf(
              objects.create({ typeclass: DefaultObject, key: 'x', locks: 'get:nope()' }),
            ),
          ).toBe('LOCK_INVALID');
          expect(await storage.objects.count()).toBe(0);
        });

        it('stores persistent cmdsets by name and restores them; an unknown name is loud', async () => {
          const cmdsets = new CmdSetRegistry().register('persistent', PersistentSet);
          const { objects, reopen } = await world({ cmdsets });
          const box = await objects.create({ typeclass: DefaultObject, key: 'box' });
          box.cmdset.add(PersistentSet);
          const fresh = await reopen();
          expect((await fresh.load(box.id))?.cmdset.has('Persistent')).toBe(true);
          const lost = await reopen({ cmdsets: new CmdSetRegistry() });
          expect(await codeOf(lost.load(box.id))).toBe('CMDSET_UNKNOWN');
        });
      });

      describe('moveTo', () => {
        async function rooms() {
          const w = await world();
          const a = await w.objects.create({ typeclass: Recorder, key: 'A' });
          const b = await w.objects.create({ typeclass: Recorder, key: 'B' });
          const thing = await w.objects.create({ typeclass: Recorder, key: 't', location: a });
          calls.length = 0;
          return { ...w, a, b, thing };
        }

        it('runs the hooks in the documented order', async () => {
          const { a, b, thing } = await rooms();
          expect(await thing.moveTo(b)).toBe(true);
          expect(calls).toEqual([
            't.atBeforeMove(B)',
            'A.atPreObjectLeave(t,B)',
            'B.atPreObjectReceive(t,A)',
            'A.atObjectLeave(t,B)',
            'B.atObjectReceive(t,A)',
            't.atAfterMove(A)',
          ]);
          expect(thing.location).toBe(b);
          expect(a.contents).toEqual([]);
          expect(b.contents).toEqual([thing]);
        });

        it('is cancelled by atBeforeMove or atPreObjectReceive returning false', async () => {
          const { a, b, thing } = await rooms();
          thing.db.stuck = true;
          expect(await thing.moveTo(b)).toBe(false);
          expect(calls).toEqual(['t.atBeforeMove(B)']);
          thing.db.stuck = false;
          b.db.closed = true;
          expect(await thing.moveTo(b)).toBe(false);
          expect(thing.location).toBe(a);
          expect(a.contents).toEqual([thing]);
        });

        it('refuses to move into itself or into something it contains', async () => {
          const { objects, thing } = await rooms();
          const inner = await objects.create({
            typeclass: DefaultObject,
            key: 'pouch',
            location: thing,
          });
          calls.length = 0;
          expect(await thing.moveTo(thing)).toBe(false);
          expect(await thing.moveTo(inner)).toBe(false);
          expect(calls).toEqual([]);
        });

        it('is committed when it resolves: a fresh manager sees the same places', async () => {
          const { objects, target, a, b, thing } = await rooms();
          const coin = await objects.create({ typeclass: DefaultObject, key: 'coin', location: a });
          await thing.moveTo(b);
          await coin.moveTo(thing);
          // No flush: the moves committed before resolving.
          const other = objectManager(await fx.open(target), { typeclasses: registry() });
          await other.loadAll();
          const [a2, b2, t2, c2] = [a, b, thing, coin].map((o) => other.cached(o.id));
          expect(t2?.location).toBe(b2);
          expect(c2?.location).toBe(t2);
          expect(a2?.contents).toEqual([]);
          expect(b2?.contents).toEqual([t2]);
          expect(t2?.contents).toEqual([c2]);
          expect(b2?.db.received).toBe(1);
        });

        it('announces departures and arrivals unless quiet', async () => {
          const { objects, a, b, thing } = await rooms();
          const left = await objects.create({
            typeclass: DefaultCharacter,
            key: 'Ann',
            location: a,
          });
          const right = await objects.create({
            typeclass: DefaultCharacter,
            key: 'Bob',
            location: b,
          });
          const [s1, s2, s3] = [new TestSession(1), new TestSession(2), new TestSession(3)];
          left.sessions.add(s1);
          right.sessions.add(s2);
          thing.sessions.add(s3);
          await thing.moveTo(b);
          // Named with articles: a thing called 't' is "a t"; rooms named 'A' and 'B' are names.
          expect(s1.received).toEqual(['A t leaves for B.']);
          expect(s2.received).toEqual(['A t arrives from A.']);
          expect(s3.received).toEqual([]);
          await thing.moveTo(a, { quiet: true });
          expect(s1.received).toHaveLength(1);
          expect(s2.received).toHaveLength(1);
        });
      });

      describe('delete', () => {
        it('sends contents home, deletes exits inside, clears references, and is stored', async () => {
          const { objects, reopen, storage } = await world();
          const hall = await objects.create({ typeclass: DefaultRoom, key: 'Hall' });
          const cellar = await objects.create({ typeclass: DefaultRoom, key: 'Cellar' });
          const down = await objects.create({
            typeclass: DefaultExit,
            key: 'down',
            location: hall,
            destination: cellar,
          });
          const up = await objects.create({
            typeclass: DefaultExit,
            key: 'up',
            location: cellar,
            destination: hall,
          });
          const hero = await objects.create({
            typeclass: DefaultCharacter,
            key: 'Hero',
            location: cellar,
            home: hall,
          });
          const rat = await objects.create({
            typeclass: DefaultObject,
            key: 'rat',
            location: cellar,
          });

          expect(await objects.delete(cellar)).toBe(true);
          expect(cellar.isDeleted).toBe(true);
          expect(up.isDeleted).toBe(true);
          expect(hero.location).toBe(hall);
          expect(rat.location).toBeNull(); // its home was the cellar
          expect(rat.home).toBeNull();
          expect(down.destination).toBeNull();
          expect(objects.cached(cellar.id)).toBeUndefined();
          expect(await storage.objects.findById(cellar.id)).toBeNull();
          expect(await storage.objects.findById(up.id)).toBeNull();

          const fresh = await reopen();
          await fresh.loadAll();
          expect(fresh.cached(hero.id)?.location?.key).toBe('Hall');
          expect(fresh.cached(rat.id)?.location).toBeNull();
          expect(fresh.cached(down.id)?.destination).toBeNull();
          expect(fresh.cached(hall.id)?.contents.map((o) => o.key)).toEqual(['down', 'Hero']);
        });

        it('is cancelled by atObjectDelete returning false', async () => {
          const { objects } = await world();
          const box = await objects.create({
            typeclass: Recorder,
            key: 'box',
            attributes: { undeletable: true },
          });
          expect(await objects.delete(box)).toBe(false);
          expect(box.isDeleted).toBe(false);
          expect(await objects.load(box.id)).toBe(box);
        });
      });

      describe('writes', () => {
        it("batches a command's writes with its own unit of work in one commit", async () => {
          const { objects, storage, reopen } = await world();
          const a = await objects.create({ typeclass: DefaultRoom, key: 'A' });
          const b = await objects.create({ typeclass: DefaultRoom, key: 'B' });
          const hero = await objects.create({
            typeclass: DefaultCharacter,
            key: 'Hero',
            location: a,
          });
          const work = storage.unitOfWork();
          work.setConfig('last-command', 'go b');
          const spy = vi.spyOn(storage, 'unitOfWork');
          await objects.batch(async () => {
            hero.db.steps = 1;
            await hero.moveTo(b);
            hero.db.steps = 2;
            hero.key = 'Heroine';
            hero.aliases.add('her');
            hero.locks.add('puppet:id(1)');
          }, work);
          expect(spy).not.toHaveBeenCalled();
          expect(await storage.config.get('last-command')).toBe('go b');
          expect(await storage.attributes.get(objectRef(hero.id), 'steps')).toBe(2);

          const fresh = await reopen();
          const loaded = await fresh.load(hero.id);
          expect(loaded?.key).toBe('Heroine');
          expect(loaded?.location?.key).toBe('B');
          expect(loaded?.aliases.all()).toEqual(['her']);
          expect(loaded?.locks.get('puppet')).toBe('id(1)');
        });

        it('stores changes made outside a batch on flush, deletions included', async () => {
          const { objects, storage } = await world();
          const box = await objects.create({
            typeclass: DefaultObject,
            key: 'box',
            attributes: { gone: 1 },
          });
          box.db.count = 3;
          delete box.db.gone;
          box.tags.add('red');
          box.tags.add('blue');
          box.tags.remove('red');
          await objects.flush();
          const ref = objectRef(box.id);
          expect(await storage.attributes.get(ref, 'count')).toBe(3);
          expect(await storage.attributes.get(ref, 'gone')).toBeUndefined();
          expect((await storage.tags.listFor(ref)).map((t) => t.tag)).toEqual(['blue']);
        });

        it('skips pending writes of an object deleted before they commit', async () => {
          const { objects, storage } = await world();
          const box = await objects.create({ typeclass: DefaultObject, key: 'box' });
          box.db.pending = 'x';
          await objects.delete(box);
          await objects.flush();
          expect(await storage.objects.count()).toBe(0);
        });

        it('runs atServerReload on everything in memory and stores what it changed', async () => {
          const { objects, reopen } = await world();
          const box = await objects.create({ typeclass: Recorder, key: 'box' });
          calls.length = 0;
          await objects.atServerReload();
          expect(calls).toEqual(['box.atServerReload']);
          const fresh = await reopen();
          expect((await fresh.load(box.id))?.db.reloaded).toBe(true);
        });
      });

      describe('search', () => {
        async function scene() {
          const w = await world();
          const room = await w.objects.create({ typeclass: DefaultRoom, key: 'Armoury' });
          const hero = await w.objects.create({
            typeclass: DefaultCharacter,
            key: 'Hero',
            location: room,
          });
          const red = await w.objects.create({
            typeclass: DefaultObject,
            key: 'red sword',
            location: room,
          });
          const blue = await w.objects.create({
            typeclass: DefaultObject,
            key: 'blue sword',
            location: room,
            aliases: ['blade'],
          });
          const shield = await w.objects.create({
            typeclass: DefaultObject,
            key: 'shield',
            location: hero,
          });
          const session = new TestSession(1);
          hero.sessions.add(session);
          return { ...w, room, hero, red, blue, shield, session };
        }

        it('looks in the room, at the room and in the inventory, with the usual rules', async () => {
          const { objects, room, hero, red, blue, shield } = await scene();
          expect(objects.search(hero, 'sword')).toEqual([red, blue]);
          expect(objects.search(hero, '2-sword')).toEqual([blue]);
          expect(objects.search(hero, 'BLADE')).toEqual([blue]);
          expect(objects.search(hero, 'red sw')).toEqual([red]);
          expect(objects.search(hero, 'shi')).toEqual([shield]);
          expect(objects.search(hero, 'arm')).toEqual([room]);
          expect(objects.search(hero, 'me')).toEqual([hero]);
          expect(objects.search(hero, 'here')).toEqual([room]);
          expect(objects.search(hero, 'axe')).toEqual([]);
          expect(objects.search(hero, 'sword', { candidates: [blue] })).toEqual([blue]);
        });

        it('finds #id among candidates, or anywhere in memory when global', async () => {
          const { objects, hero, red } = await scene();
          const elsewhere = await objects.create({ typeclass: DefaultObject, key: 'far' });
          expect(objects.search(hero, `#${red.id}`)).toEqual([red]);
          expect(objects.search(hero, `#${elsewhere.id}`)).toEqual([]);
          expect(objects.search(hero, `#${elsewhere.id}`, { global: true })).toEqual([elsewhere]);
        });

        it('object.search returns one match, or tells the caller about none or many', async () => {
          const { hero, blue, session } = await scene();
          expect(hero.search('blue')).toBe(blue);
          expect(hero.search('axe|r')).toBeNull();
          expect(hero.search('sword')).toBeNull();
          expect(hero.search('nothing', { quiet: true })).toBeNull();
          expect(session.received).toEqual([
            "Could not find 'axe||r'.",
            "More than one match for 'sword' (please narrow target):\n 1-red sword\n 2-blue sword",
          ]);
        });
      });
    },
  );
});
