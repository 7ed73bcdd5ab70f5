/**
 * Prototypes in a world: spawning from code and stored prototypes, computed values, and
 * `update` bringing spawned objects up to a changed prototype in place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { WorldTestKit } from '../commands/default/character/world-test-kit.ts';
import type { GameSetup } from '../game-setup.ts';
import { DefaultObject } from '../objects/object.ts';
import { FROM_PROTOTYPE } from './prototype.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

/** Random numbers in turn, so computed values are known. */
const seq = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

class Chest extends DefaultObject {
  override atObjectCreation(): void {
    this.db.made_by = 'the chest class';
    this.db.lid = 'shut';
  }
}

const setup = (game: GameSetup) => {
  game.registerTypeclass('Chest', Chest);
  game.prototypes.register({
    prototypeKey: 'monster',
    attributes: { hostile: true },
    tags: ['monster'],
    locks: 'get:false()',
  });
  game.prototypes.register({
    prototypeKey: 'goblin',
    prototypeParent: 'monster',
    key: { $pick: ['goblin', 'hobgoblin'] },
    attributes: { hp: { $random: [5, 10] }, desc: 'A snarling goblin.' },
    aliases: ['gob'],
  });
};

describe('spawning from prototypes', () => {
  it('makes an object with everything its prototype and parents give, tagged with its prototype', async () => {
    kit = await WorldTestKit.open({ setup, random: seq(0.9, 0) });
    const goblin = await kit.prototypes.spawn('Goblin', { defaultLocation: kit.limbo });
    expect(goblin.key).toBe('hobgoblin');
    expect(goblin.location).toBe(kit.limbo);
    expect(goblin.db.hp).toBe(5);
    expect(goblin.db.desc).toBe('A snarling goblin.');
    expect(goblin.db.hostile).toBe(true);
    expect(goblin.tags.has('monster')).toBe(true);
    expect(goblin.tags.has('goblin', FROM_PROTOTYPE)).toBe(true);
    expect(goblin.aliases.all()).toEqual(['gob']);
    const ann = await kit.player('Ann');
    expect(await kit.typeText(ann, 'get gob')).not.toMatch(/You pick up/);
    expect(kit.prototypes.spawnedFrom('goblin')).toEqual([goblin]);
  });

  it("has the prototype's values win over what the class's creation hook sets", async () => {
    kit = await WorldTestKit.open({ setup });
    kit.prototypes.register({
      prototypeKey: 'chest',
      typeclass: 'Chest',
      attributes: { lid: 'open' },
    });
    const chest = await kit.prototypes.spawn('chest');
    expect(chest).toBeInstanceOf(Chest);
    expect(chest.db.lid).toBe('open');
    expect(chest.db.made_by).toBe('the chest class');
    expect(chest.location).toBeNull();
  });

  it('refuses what cannot be spawned, with a clear reason, and makes nothing', async () => {
    kit = await WorldTestKit.open({ setup });
    const before = kit.objects.all().length;
    const code = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (err) {
        return isWaystoneError(err) ? err.code : String(err);
      }
      return 'spawned';
    };
    expect(await code(() => kit.prototypes.spawn('dragon'))).toBe('PROTOTYPE_UNKNOWN');
    kit.prototypes.register({ prototypeKey: 'orphan', prototypeParent: 'nobody' });
    expect(await code(() => kit.prototypes.spawn('orphan'))).toBe('PROTOTYPE_UNKNOWN');
    kit.prototypes.register({ prototypeKey: 'odd', typeclass: 'Dragon' });
    expect(await code(() => kit.prototypes.spawn('odd'))).toBe('PROTOTYPE_INVALID');
    kit.prototypes.register({ prototypeKey: 'lost', location: '#999' });
    expect(await code(() => kit.prototypes.spawn('lost'))).toBe('PROTOTYPE_INVALID');
    expect(kit.objects.all().length).toBe(before);
  });
});

describe('stored prototypes', () => {
  it('are checked when saved: a circle of parents, or the name of a code prototype, is refused', async () => {
    kit = await WorldTestKit.open({ setup });
    kit.prototypes.save({ prototypeKey: 'a', prototypeParent: 'monster' });
    kit.prototypes.save({ prototypeKey: 'b', prototypeParent: 'a' });
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return isWaystoneError(err) ? err.code : String(err);
      }
      return 'saved';
    };
    expect(refusal(() => kit.prototypes.save({ prototypeKey: 'a', prototypeParent: 'b' }))).toBe(
      'PROTOTYPE_CYCLE',
    );
    expect(refusal(() => kit.prototypes.save({ prototypeKey: 'c', prototypeParent: 'zz' }))).toBe(
      'PROTOTYPE_UNKNOWN',
    );
    expect(refusal(() => kit.prototypes.save({ prototypeKey: 'GOBLIN' }))).toBe(
      'PROTOTYPE_READ_ONLY',
    );
    expect(refusal(() => kit.prototypes.delete('a'))).toBe('PROTOTYPE_INVALID');
    expect(kit.prototypes.get('a')?.prototype.prototypeParent).toBe('monster');
    expect(kit.prototypes.delete('b')).toBe(true);
    expect(kit.prototypes.delete('a')).toBe(true);
    expect(kit.prototypes.list().map((e) => [e.prototype.prototypeKey, e.source])).toEqual([
      ['goblin', 'game'],
      ['monster', 'game'],
    ]);
  });
});

describe('spawn/update', () => {
  it('changes on each object only what changed in the prototype, keeping hand edits and rolls', async () => {
    kit = await WorldTestKit.open({ setup, random: seq(0, 0.99) });
    kit.prototypes.save({
      prototypeKey: 'rat',
      key: 'rat',
      attributes: { hp: { $random: [1, 4] }, desc: 'A rat.', squeak: 'eek' },
      tags: ['vermin'],
      aliases: ['rodent'],
      locks: 'get:false()',
    });
    const first = await kit.prototypes.spawn('rat', { location: kit.limbo });
    const second = await kit.prototypes.spawn('rat', { location: kit.limbo });
    expect([first.db.hp, second.db.hp]).toEqual([1, 4]);
    // A builder renames one rat and makes the other one's squeak louder by hand.
    first.key = 'Roland the rat';
    second.db.squeak = 'EEK';

    kit.prototypes.save({
      prototypeKey: 'rat',
      key: 'rat',
      attributes: { hp: { $random: [1, 4] }, desc: 'A big grey rat.', squeak: 'eek', tail: true },
      tags: ['pest'],
      aliases: ['rodent', 'ratty'],
    });
    const results = await kit.prototypes.update('rat');
    expect(results.map((r) => [r.object.id, r.changed])).toEqual([
      [
        first.id,
        [
          'attribute desc',
          'attribute tail',
          'tag vermin removed',
          'tag pest',
          'alias ratty',
          'lock get reset',
        ],
      ],
      [
        second.id,
        [
          'attribute desc',
          'attribute tail',
          'tag vermin removed',
          'tag pest',
          'alias ratty',
          'lock get reset',
        ],
      ],
    ]);
    // Not rolled again; hand edits to what the prototype did not change stay.
    expect([first.db.hp, second.db.hp]).toEqual([1, 4]);
    expect(first.key).toBe('Roland the rat');
    expect(second.db.squeak).toBe('EEK');
    expect(first.db.desc).toBe('A big grey rat.');
    expect(first.tags.has('vermin')).toBe(false);
    // The dropped lock goes back to the class's default.
    expect(first.locks.get('get')).toBe('all()');
    // A second update finds nothing to do.
    expect((await kit.prototypes.update('rat')).every((r) => r.changed.length === 0)).toBe(true);
  });

  it('rolls a computed value again when its definition changed, and swaps a changed typeclass', async () => {
    kit = await WorldTestKit.open({ setup, random: seq(0) });
    kit.prototypes.save({ prototypeKey: 'box', attributes: { coins: { $random: [1, 3] } } });
    const box = await kit.prototypes.spawn('box');
    expect(box.db.coins).toBe(1);
    kit.prototypes.save({
      prototypeKey: 'box',
      typeclass: 'Chest',
      attributes: { coins: { $random: [10, 30] } },
    });
    const [result] = await kit.prototypes.update('box');
    expect(result?.changed).toEqual(['typeclass', 'attribute coins']);
    const same = kit.objects.cached(box.id);
    expect(same).toBe(box);
    expect(box).toBeInstanceOf(Chest);
    expect(box.db.coins).toBe(10);
  });
});
