import { afterEach, describe, expect, it } from 'vitest';
import { DefaultObject } from '../objects/object.ts';
import { Script } from './script.ts';
import { TimeWorld } from './test-world.ts';

let world: TimeWorld;
afterEach(async () => world?.close());

/** Counts its firings on its object, so stored world state and stored schedule can be compared. */
class Counter extends Script {
  override key = 'counter';
  override interval = 10;
  override atRepeat(): void {
    const obj = this.obj!;
    obj.db['count'] = ((obj.db['count'] as number | undefined) ?? 0) + 1;
  }
}

const stops: string[] = [];
class Limited extends Counter {
  override key = 'limited';
  override repeats = 3;
  override atStop(): void {
    stops.push(`${this.key} after ${this.fired}`);
  }
}

class Faulty extends Script {
  override key = 'faulty';
  override interval = 1;
  override atRepeat(): void {
    throw new Error('oops');
  }
}

async function thing(key = 'bell'): Promise<DefaultObject> {
  return world.objects.create({ typeclass: 'DefaultObject', key });
}

const count = (obj: DefaultObject): unknown => obj.db['count'];

describe('scripts on a virtual clock', () => {
  it('fires at once and then every interval; its db and the world change together', async () => {
    world = await new TimeWorld().register({ Counter }).start();
    const bell = await thing();
    const script = await bell.scripts.add(Counter);
    await world.advance(0);
    expect(count(bell)).toBe(1);
    await world.advance(35_000);
    expect(count(bell)).toBe(4);
    expect(script.fired).toBe(4);
    expect(script.timeUntilNextRepeat()).toBe(5);
    expect(bell.scripts.get('COUNTER')).toBe(script);
  });

  it('startDelay waits one interval; repeats end the script with atStop, and its row goes', async () => {
    world = await new TimeWorld().register({ Limited }).start();
    const bell = await thing();
    stops.length = 0;
    await bell.scripts.add(Limited, { startDelay: true });
    await world.advance(9_999);
    expect(count(bell)).toBeUndefined();
    await world.advance(100_000);
    expect(count(bell)).toBe(3);
    expect(stops).toEqual(['limited after 3']);
    expect(bell.scripts.all()).toEqual([]);
    expect(await world.storage.scripts.list()).toEqual([]);
  });

  it('survives a restart with its remaining time, and missed firings follow catchUp', async () => {
    world = await new TimeWorld().register({ Counter }).start();
    const [once, skip, all] = [await thing('once'), await thing('skip'), await thing('all')];
    await once.scripts.add(Counter, { catchUp: 'once', startDelay: true });
    await skip.scripts.add(Counter, { catchUp: 'skip', startDelay: true });
    await all.scripts.add(Counter, { catchUp: 'all', startDelay: true });
    await world.advance(4_000);
    // A quick reload: nothing was missed, each fires 6 s later, on its rhythm.
    await world.restart(1_000);
    const reloaded = world.objects.cached(once.id)!;
    expect(reloaded.scripts.get('counter')?.timeUntilNextRepeat()).toBe(5);
    await world.advance(5_000);
    expect([once, skip, all].map((o) => count(world.objects.cached(o.id)!))).toEqual([1, 1, 1]);
    // Down for 35 s: three firings (20, 30, 40 s) and part of the next interval are missed.
    await world.restart(35_000);
    await world.advance(0);
    expect([once, skip, all].map((o) => count(world.objects.cached(o.id)!))).toEqual([2, 1, 4]);
    // Every policy keeps the rhythm: the next firing is at 50 s for all three.
    await world.advance(5_000);
    expect([once, skip, all].map((o) => count(world.objects.cached(o.id)!))).toEqual([3, 2, 5]);
  });

  it('pause keeps the time left, also across a restart; unpause goes on from there', async () => {
    world = await new TimeWorld().register({ Counter }).start();
    const bell = await thing();
    const script = await bell.scripts.add(Counter, { startDelay: true });
    await world.advance(7_000);
    await script.pause();
    expect(script.isPaused).toBe(true);
    await world.restart(60_000);
    const again = world.objects.cached(bell.id)!.scripts.get('counter')!;
    expect(again.isPaused).toBe(true);
    await world.advance(60_000);
    expect(count(world.objects.cached(bell.id)!)).toBeUndefined();
    await again.unpause();
    await world.advance(2_999);
    expect(count(world.objects.cached(bell.id)!)).toBeUndefined();
    await world.advance(1);
    expect(count(world.objects.cached(bell.id)!)).toBe(1);
  });

  it('a script that throws is logged with its key and object, carries on, and pauses after 10', async () => {
    world = await new TimeWorld().register({ Faulty, Counter }).start();
    const bell = await thing();
    const bad = await bell.scripts.add(Faulty);
    const good = await bell.scripts.add(Counter, { interval: 1 });
    await world.advance(5_000);
    const errors = world.errors('SCRIPT_ERROR');
    expect(errors.length).toBe(6);
    expect(errors[0]?.msg).toBe(`error in atRepeat of script 'faulty' on #${bell.id}`);
    await world.advance(10_000);
    expect(world.errors('SCRIPT_FAILING')).toHaveLength(1);
    expect(bad.isPaused).toBe(true);
    expect(good.fired).toBe(16);
  });

  it('stops with its object: atStop runs, the rows go, the timer too', async () => {
    world = await new TimeWorld().register({ Limited }).start();
    const bell = await thing();
    stops.length = 0;
    await bell.scripts.add(Limited, { repeats: 0 });
    await world.advance(0);
    await world.objects.delete(bell);
    await world.advance(100_000);
    expect(stops).toEqual(['limited after 1']);
    expect(await world.storage.scripts.list()).toEqual([]);
    expect(world.queue.size).toBe(0);
  });

  it('a global script keeps state in its db across a restart', async () => {
    class Weather extends Script {
      override key = 'weather';
      override interval = 60;
      override atRepeat(): void {
        this.db['turns'] = ((this.db['turns'] as number | undefined) ?? 0) + 1;
      }
    }
    world = await new TimeWorld().register({ Weather }).start();
    await world.time.scripts.add(Weather);
    await world.advance(125_000);
    await world.restart(0);
    const weather = world.time.scripts.find({ key: 'weather', obj: null })[0]!;
    expect(weather.db['turns']).toBe(3);
    expect(weather.fired).toBe(3);
  });

  it('refuses a persistent script whose class is not registered, and a bad interval', async () => {
    world = await new TimeWorld().start();
    const bell = await thing();
    class Stray extends Script {}
    await expect(bell.scripts.add(Stray)).rejects.toMatchObject({ code: 'SCRIPT_NOT_REGISTERED' });
    await expect(
      bell.scripts.add(Stray, { persistent: false, interval: -1 }),
    ).rejects.toMatchObject({
      code: 'SCRIPT_INVALID',
    });
    const temp = await bell.scripts.add(Stray, { persistent: false, interval: 1 });
    expect(temp.id).toBeLessThan(0);
    await world.restart(0);
    expect(world.time.scripts.all()).toEqual([]);
  });
});

class Torch extends DefaultObject {
  flicker(by = 1): void {
    this.db['flickers'] = ((this.db['flickers'] as number | undefined) ?? 0) + by;
  }
  explode(how: string): void {
    this.db['exploded'] = [...((this.db['exploded'] as string[] | undefined) ?? []), how];
  }
}

async function torch(key: string): Promise<Torch> {
  return world.objects.create({ typeclass: 'Torch', key }) as Promise<Torch>;
}

const flickers = (t: DefaultObject): unknown => world.objects.cached(t.id)?.db['flickers'];

describe('tickers', () => {
  it('many objects on one interval share one timer, tick in one go, and persist', async () => {
    world = await new TimeWorld().register({}, { Torch }).start();
    const torches = [await torch('a'), await torch('b'), await torch('c')];
    for (const t of torches) world.time.tickers.add(30, t, 'flicker', { args: [2] });
    expect(world.queue.size).toBe(1);
    await world.advance(90_000);
    expect(torches.map(flickers)).toEqual([6, 6, 6]);
    expect(world.time.tickers.count).toBe(3);
    await world.objects.delete(torches[2]!);
    expect(world.time.tickers.count).toBe(2);
    expect(world.time.tickers.remove(30, torches[1]!, 'flicker')).toBe(true);
    await world.advance(30_000);
    // a ticks on; b was unsubscribed; c is gone (deleted, no longer in memory).
    expect(torches.map(flickers)).toEqual([8, 6, undefined]);
    // Down for a minute and a half: the overdue tick fires once, then the rhythm goes on.
    await world.restart(95_000);
    await world.advance(0);
    expect(flickers(torches[0]!)).toBe(10);
    await world.advance(25_000);
    expect(flickers(torches[0]!)).toBe(12);
    expect(world.time.tickers.all().map((t) => [t.obj.key, t.method, t.args])).toEqual([
      ['a', 'flicker', [2]],
    ]);
  });

  it('refuses a method the object does not have, and a bad interval', async () => {
    world = await new TimeWorld().register({}, { Torch }).start();
    const t = await torch('a');
    expect(() => world.time.tickers.add(30, t, 'nope')).toThrow(/no method 'nope'/);
    expect(() => world.time.tickers.add(0, t, 'flicker')).toThrow(/at least/);
  });
});

describe('delays', () => {
  it('in memory: runs once; cancelled: never', async () => {
    world = await new TimeWorld().start();
    const ran: string[] = [];
    world.time.delays.run(5, () => void ran.push('a'));
    const b = world.time.delays.run(5, () => void ran.push('b'));
    expect(b.cancel()).toBe(true);
    await world.advance(10_000);
    expect(ran).toEqual(['a']);
  });

  it('persistent: survives a restart, runs once when overdue, not again after', async () => {
    world = await new TimeWorld().register({}, { Torch }).start();
    const t = await torch('bomb');
    await world.time.delays.call(30, t, 'explode', 'loudly');
    const cancelled = await world.time.delays.call(30, t, 'explode', 'never');
    expect(cancelled.cancel()).toBe(true);
    await world.advance(10_000);
    await world.restart(60_000);
    await world.advance(0);
    expect(world.objects.cached(t.id)?.db['exploded']).toEqual(['loudly']);
    await world.restart(60_000);
    await world.advance(60_000);
    expect(world.objects.cached(t.id)?.db['exploded']).toEqual(['loudly']);
    expect(await world.storage.delays.list()).toEqual([]);
  });
});
