/**
 * `firstIn`: a script whose first firing is neither at once nor one interval away — the bell
 * that tolls each game hour starts at the next one and keeps that rhythm, across a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Script } from './script.ts';
import { TimeWorld } from './test-world.ts';

let world: TimeWorld;
afterEach(async () => world?.close());

const tolls: number[] = [];
class Toll extends Script {
  override key = 'toll';
  override interval = 60;
  override atRepeat(): void {
    tolls.push(this.fired);
  }
}

describe('firstIn', () => {
  it('puts the first firing that many seconds away, then keeps the rhythm from it, across a restart', async () => {
    world = await new TimeWorld().register({ Toll }).start();
    tolls.length = 0;
    const bell = await world.objects.create({ typeclass: 'DefaultObject', key: 'bell' });
    const script = await bell.scripts.add(Toll, { firstIn: 25 });
    expect(script.timeUntilNextRepeat()).toBe(25);
    await world.advance(24_999);
    expect(tolls).toEqual([]);
    await world.advance(1);
    expect(tolls).toEqual([1]);
    await world.advance(30_000);
    await world.restart(1_000);
    // Stored as its next firing: 25 + 60 s from the start, so 29 s after the restart.
    const reloaded = world.objects.cached(bell.id)!.scripts.get('toll')!;
    expect(reloaded.timeUntilNextRepeat()).toBe(29);
    await world.advance(29_000 + 60_000);
    expect(tolls).toEqual([1, 2, 3]);
  });

  it('restart takes it too, and a wait that is not 0 or more seconds is refused', async () => {
    world = await new TimeWorld().register({ Toll }).start();
    const bell = await world.objects.create({ typeclass: 'DefaultObject', key: 'bell' });
    await expect(bell.scripts.add(Toll, { firstIn: -1 })).rejects.toMatchObject({
      code: 'SCRIPT_INVALID',
    });
    expect(bell.scripts.all()).toEqual([]);
    const script = await bell.scripts.add(Toll, { startDelay: true });
    expect(script.timeUntilNextRepeat()).toBe(60);
    await script.restart({ firstIn: 5 });
    expect(script.timeUntilNextRepeat()).toBe(5);
    await expect(script.restart({ firstIn: Number.NaN })).rejects.toMatchObject({
      code: 'SCRIPT_INVALID',
    });
    expect(script.timeUntilNextRepeat()).toBe(5);
  });
});
