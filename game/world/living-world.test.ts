/**
 * The world moves on its own: the bell tolls the game hours, the cat wanders, the lantern burns
 * while carried. The WorldTestKit's clock moves only with `advance`, so hours pass in
 * milliseconds; the default time factor is 2 (a game hour is 30 real minutes) and the game's
 * clock starts at 00:00.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit, type DefaultObject } from 'waystone';
import setup from '../game.ts';
import { CAT_TURN_SECONDS, type Cat } from './cat.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

const MINUTE = 60_000;

async function room(key: string): Promise<DefaultObject> {
  const [found] = await kit.objects.find({ key });
  if (found === undefined) throw new Error(`no room ${key}`);
  return found;
}

async function theCat(): Promise<Cat> {
  const [cat] = await kit.objects.find({ typeclass: 'Cat' });
  return cat as Cat;
}

/** A small seeded generator (mulberry32), so the cat's choices are the same every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the living world', () => {
  it('a player standing in the Courtyard sees the world move without typing', async () => {
    kit = await WorldTestKit.open({ setup });
    (await theCat()).random = seeded(7);
    const ann = await kit.player('Ann', { location: await room('Courtyard') });
    await kit.advance(60 * MINUTE); // two game hours
    const seen = ann.take();
    expect(seen.filter((l) => l.includes('bell'))).toEqual([
      "From the Bell Tower, a bell tolls one o'clock.",
      "From the Bell Tower, a bell tolls two o'clock.",
    ]);
    expect(seen.some((l) => l.startsWith('Marmalade '))).toBe(true);
  });

  it('the bell tolls every game hour in the tower and is heard below, nowhere else', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann', { location: await room('Bell Tower') });
    const bob = await kit.player('Bob', { location: await room('Courtyard') });
    const cyd = await kit.player('Cyd', { location: await room('Library') });
    const bells = (p: typeof ann) => p.take().filter((l) => /bell|BONG/.test(l));

    await kit.advance(29 * MINUTE);
    expect(bells(ann)).toEqual([]);
    await kit.advance(1 * MINUTE);
    expect(bells(ann)).toEqual(["The bronze bell tolls one o'clock: BONG!"]);
    expect(bells(bob)).toEqual(["From the Bell Tower, a bell tolls one o'clock."]);
    await kit.advance(30 * MINUTE);
    expect(bells(ann)).toEqual(["The bronze bell tolls two o'clock: BONG! BONG!"]);
    // Ten game hours more: noon, twelve strokes.
    await kit.advance(10 * 30 * MINUTE);
    expect(bells(ann).at(-1)).toBe(
      `The bronze bell tolls noon: ${Array(12).fill('BONG!').join(' ')}`,
    );
    expect(bells(cyd)).toEqual([]);
    expect(kit.timerErrors).toEqual([]);
  });

  it('the toll is a stored script on the bell, and comes back to the game hour when its schedule is changed', async () => {
    kit = await WorldTestKit.open({ setup });
    const [bell] = await kit.objects.find({ typeclass: 'Bell' });
    const toll = bell!.scripts.get('toll')!;
    expect(toll.id).toBeGreaterThan(0); // persistent: stored
    expect(toll.typeclass).toBe('BellToll');
    expect(toll.interval).toBe(kit.gameTime.realSecondsPer('hour'));
    await kit.advance(10 * MINUTE);
    expect(toll.timeUntilNextRepeat()).toBe(20 * 60);
    await toll.restart({ interval: 5 });
    expect(toll.interval).toBe(1800);
    expect(toll.timeUntilNextRepeat()).toBe(20 * 60);
  });

  it('the cat wanders its rooms on a ticker, through exits and poses, one thing a turn at most', async () => {
    kit = await WorldTestKit.open({ setup });
    const cat = await theCat();
    cat.random = seeded(42);
    const courtyard = await room('Courtyard');
    const bob = await kit.player('Bob', { location: courtyard });
    const places = new Set<string>();
    const heard: string[] = [];
    for (let turn = 0; turn < 60; turn += 1) {
      await kit.advance(CAT_TURN_SECONDS * 1000);
      places.add(cat.location?.key ?? 'nowhere');
      const lines = bob.take().filter((l) => l.startsWith('Marmalade'));
      expect(lines.length).toBeLessThanOrEqual(1);
      heard.push(...lines);
    }
    expect([...places].sort()).toEqual(['Bell Tower', 'Courtyard', 'Library']);
    expect(heard.some((l) => /^Marmalade leaves for the (Library|Bell Tower)\.$/.test(l))).toBe(
      true,
    );
    expect(heard.some((l) => /^Marmalade arrives from the (Library|Bell Tower)\.$/.test(l))).toBe(
      true,
    );
    expect(heard.some((l) => !/leaves|arrives/.test(l))).toBe(true); // a pose
    // Put out of its territory (Limbo), it walks home at its next turn.
    await cat.moveTo(kit.limbo, { quiet: true });
    await kit.advance(CAT_TURN_SECONDS * 1000);
    expect(cat.location).toBe(courtyard);
    expect(kit.timerErrors).toEqual([]);
  });

  it('the lantern burns down while carried, and not while it lies on the floor', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann', { location: await room('Courtyard') });
    const oil = async () => (await kit.typeText(ann, 'look lantern')).split('\n').at(-1);
    expect(await oil()).toBe('It is unlit; its oil tank is full.');
    await kit.advance(120 * MINUTE);
    expect(await oil()).toBe('It is unlit; its oil tank is full.');

    await kit.type(ann, 'get lantern');
    expect(await oil()).toBe('It burns bright and steady; its oil tank is full.');
    await kit.advance(20 * MINUTE);
    expect(await oil()).toBe('It burns bright and steady; its oil tank is three-quarters full.');
    await kit.advance(10 * MINUTE);
    expect(await oil()).toBe('It burns steady; its oil tank is half full.');

    await kit.type(ann, 'drop lantern');
    await kit.advance(300 * MINUTE);
    expect(await oil()).toBe('It is unlit; its oil tank is half full.');

    await kit.type(ann, 'get lantern');
    await kit.advance(25 * MINUTE);
    expect(await oil()).toBe('It burns fitfully, guttering; its oil tank is all but empty.');
    await kit.advance(5 * MINUTE);
    expect(await oil()).toBe('It has burned out: its oil is gone.');
  });
});
