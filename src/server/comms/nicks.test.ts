import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import type { AttributeValue } from '../storage/types.ts';
import { NICK_CATEGORY, Nicks, type NickCharacter } from './nicks.ts';
import { CommsWorld } from './test-comms.ts';

/** A character's attributes, in memory (objects keep theirs so; the command's batch stores them). */
class Character implements NickCharacter {
  readonly values = new Map<string, { name: string; category: string; value: AttributeValue }>();
  readonly attributes = {
    all: (category?: string) =>
      [...this.values.values()].filter((a) => category === undefined || a.category === category),
    set: (name: string, value: AttributeValue, category = '') =>
      void this.values.set(`${category}/${name}`, { name, category, value }),
    delete: (name: string, category = '') => this.values.delete(`${category}/${name}`),
  };
}

describe('nicks', () => {
  let world: CommsWorld;
  let nicks: Nicks;
  const make = (max = 5) => new Nicks({ storage: world.storage, maxPerOwner: max, maxLength: 20 });

  beforeEach(async () => {
    world = await CommsWorld.open();
    nicks = make();
  });
  afterEach(async () => {
    await world.close();
  });

  it("substitutes typed lines: the character's nicks first, then the account's, the longer pattern first", async () => {
    const ann = await world.member('Ann');
    const hero = new Character();
    await nicks.add({ kind: 'character', obj: hero }, 'inputline', 'l', 'look');
    await nicks.add({ kind: 'account', id: ann.id }, 'inputline', 'l', 'laugh');
    await nicks.add({ kind: 'account', id: ann.id }, 'inputline', 'ppp $1 $2', 'page $1 = $2');
    await nicks.add({ kind: 'account', id: ann.id }, 'inputline', 'l $1', 'look at $1');
    const line = (text: string, puppet: NickCharacter | null = hero) =>
      nicks.inputLine(ann.id, puppet, text);
    expect(await line('l')).toBe('look');
    // The account's `l $1` is more particular than the character's `l`… but the character's
    // nicks are all tried first.
    expect(await line('l me')).toBe('look me');
    expect(await line('l me', null)).toBe('look at me');
    expect(await line('l', null)).toBe('laugh');
    expect(await line('ppp bob hi there')).toBe('page bob = hi there');
    expect(await line('say l')).toBe('say l');
    // The nick command itself is never changed, so a bad nick can always be removed.
    expect(await line('nick/delete l')).toBe('nick/delete l');
    expect(await line('nicks')).toBe('nicks');
    // Object nicks apply to searches, not to typed lines.
    await nicks.add({ kind: 'character', obj: hero }, 'object', 'car', 'red sports car');
    expect(await line('car')).toBe('car');
    expect(nicks.objectQuery(hero, ann.id, 'car')).toBe('red sports car');
    expect(nicks.objectQuery(hero, ann.id, 'cart')).toBe('cart');
  });

  it('keeps nicks as attributes in the category nick: a new handler (a reload) reads them back', async () => {
    const ann = await world.member('Ann');
    const hero = new Character();
    await nicks.add({ kind: 'account', id: ann.id }, 'inputline', 'gg', 'say good game');
    await nicks.add({ kind: 'character', obj: hero }, 'inputline', 'w', 'wave');
    expect([...hero.values.values()]).toEqual([
      {
        name: 'inputline:w',
        category: NICK_CATEGORY,
        value: { kind: 'inputline', pattern: 'w', replacement: 'wave' },
      },
    ]);
    const reloaded = make();
    expect(await reloaded.ofAccount(ann.id)).toEqual([
      { kind: 'inputline', pattern: 'gg', replacement: 'say good game', owner: 'account' },
    ]);
    expect(await reloaded.inputLine(ann.id, hero, 'gg all')).toBe('say good game all');
    expect(await reloaded.inputLine(ann.id, hero, 'w')).toBe('wave');
    expect(await reloaded.remove({ kind: 'account', id: ann.id }, 'inputline', 'GG')).toBe(true);
    expect(await make().ofAccount(ann.id)).toEqual([]);
  });

  it('replaces a nick of the same pattern, and bounds how many and how long', async () => {
    const ann = await world.member('Ann');
    const owner = { kind: 'account', id: ann.id } as const;
    expect(await nicks.add(owner, 'inputline', 'l', 'look')).toBeNull();
    expect(await nicks.add(owner, 'inputline', 'L', 'listen')).toMatchObject({
      replacement: 'look',
    });
    expect(await nicks.list(owner)).toHaveLength(1);
    for (const p of ['a', 'b', 'c', 'd']) await nicks.add(owner, 'inputline', p, 'look');
    const refusal = async (pattern: string, replacement: string): Promise<string> => {
      try {
        await nicks.add(owner, 'inputline', pattern, replacement);
      } catch (err) {
        expect(isWaystoneError(err, 'NICK_INVALID')).toBe(true);
        return (err as Error).message;
      }
      return 'added';
    };
    expect(await refusal('e', 'look')).toMatch(/5 nicks here, the most allowed/);
    // Changing one you have is not one more.
    expect(await refusal('a', 'laugh')).toBe('added');
    await nicks.remove(owner, 'inputline', 'a');
    expect(await refusal('x'.repeat(21), 'look')).toMatch(/at most 20 characters/);
    expect(await refusal('p $1', 'page')).toMatch(/same \$-markers/);
    expect(await nicks.list(owner)).toHaveLength(4);
  });
});
