import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../commands/default/character/world-test-kit.ts';
import type { LockSubject } from '../locks/lock-subject.ts';
import { DefaultObject } from '../objects/object.ts';
import { objectManager } from '../objects/test-support.ts';
import { openStorage } from '../storage/open-storage.ts';
import { silentLog } from '../storage/test-support.ts';
import { isWaystoneError } from '../../shared/errors.ts';
import { ON_DEMAND_CATEGORY } from './on-demand.ts';
import { VirtualClock } from './virtual-clock.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const FLAME = { 0: 'burns brightly', 600: 'flickers low', 1200: 'has gone out' };

/** The lantern of the default world: it burns only while someone carries it. */
class Lantern extends DefaultObject {
  override atObjectCreation(): void {
    this.onDemand.add('flame', { stages: FLAME, paused: true });
  }
  override atAfterMove(): void {
    if (this.location?.isCharacter) this.onDemand.resume('flame');
    else this.onDemand.pause('flame');
  }
  override getDisplayDesc(_looker: LockSubject | null): string {
    return `An old brass lantern. It ${this.onDemand.stage('flame')}.`;
  }
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isWaystoneError(err) ? err.code : String(err);
  }
  return undefined;
}

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('on-demand state', () => {
  it('moves through its stages as time passes, with no timer', async () => {
    kit = await WorldTestKit.open();
    const plant = await kit.objects.create({ typeclass: 'DefaultObject', key: 'plant' });
    plant.onDemand.add('growth', { stages: { 0: 'seed', 3600: 'sprout', 86400: 'flower' } });
    expect(plant.onDemand.stage('growth')).toBe('seed');
    await kit.advance(HOUR - 1000);
    expect(plant.onDemand.stage('growth')).toBe('seed');
    await kit.advance(1000);
    expect(plant.onDemand.stage('growth')).toBe('sprout');
    expect(plant.onDemand.elapsed('growth')).toBe(3600);
    await kit.advance(24 * HOUR);
    expect(plant.onDemand.stage('growth')).toBe('flower');
    expect(kit.clock.pending).toBe(0); // nothing was armed for it
  });

  it('counts only time it was not paused', async () => {
    kit = await WorldTestKit.open();
    const wound = await kit.objects.create({ typeclass: 'DefaultObject', key: 'wound' });
    wound.onDemand.add('heal', { stages: { 0: 'bleeding', 600: 'scabbed' }, elapsed: 60 });
    await kit.advance(4 * MIN);
    wound.onDemand.pause('heal');
    wound.onDemand.pause('heal'); // twice changes nothing
    await kit.advance(HOUR);
    expect(wound.onDemand.elapsed('heal')).toBe(300);
    expect(wound.onDemand.isPaused('heal')).toBe(true);
    expect(wound.onDemand.stage('heal')).toBe('bleeding');
    wound.onDemand.resume('heal');
    await kit.advance(5 * MIN);
    expect(wound.onDemand.elapsed('heal')).toBe(600);
    expect(wound.onDemand.stage('heal')).toBe('scabbed');
    expect(wound.onDemand.keys()).toEqual(['heal']);
    expect(wound.onDemand.remove('heal')).toBe(true);
    expect(wound.onDemand.has('heal')).toBe(false);
    expect(wound.onDemand.stage('heal')).toBeUndefined();
    expect(wound.onDemand.remove('heal')).toBe(false);
  });

  it('a lantern burns down only while carried, as players see it', async () => {
    kit = await WorldTestKit.open({
      setup: (game) => game.registerTypeclass('Lantern', Lantern),
    });
    const ann = await kit.player('Ann');
    await kit.objects.create({ typeclass: 'Lantern', key: 'lantern', location: kit.limbo });
    expect(await kit.typeText(ann, 'look lantern')).toContain('It burns brightly.');
    await kit.advance(HOUR); // on the floor: it waits
    expect(await kit.typeText(ann, 'look lantern')).toContain('It burns brightly.');
    await kit.type(ann, 'get lantern');
    await kit.advance(10 * MIN);
    expect(await kit.typeText(ann, 'look lantern')).toContain('It flickers low.');
    await kit.type(ann, 'drop lantern');
    await kit.advance(HOUR);
    expect(await kit.typeText(ann, 'look lantern')).toContain('It flickers low.');
    await kit.type(ann, 'get lantern');
    await kit.advance(10 * MIN);
    expect(await kit.typeText(ann, 'look lantern')).toContain('It has gone out.');
  });

  it('refuses stages without a start at 0, bad seconds, and unknown keys to pause', async () => {
    kit = await WorldTestKit.open();
    const thing = await kit.objects.create({ typeclass: 'DefaultObject', key: 'thing' });
    expect(codeOf(() => thing.onDemand.add('x', { stages: { 10: 'late' } }))).toBe('TIME_INVALID');
    expect(codeOf(() => thing.onDemand.add('x', { stages: { 0: 'a', [-5]: 'b' } }))).toBe(
      'TIME_INVALID',
    );
    expect(codeOf(() => thing.onDemand.add('x', { stages: { 0: '' } }))).toBe('TIME_INVALID');
    expect(codeOf(() => thing.onDemand.add('', { stages: { 0: 'a' } }))).toBe('TIME_INVALID');
    expect(codeOf(() => thing.onDemand.add('x', { stages: { 0: 'a' }, elapsed: -1 }))).toBe(
      'TIME_INVALID',
    );
    expect(codeOf(() => thing.onDemand.pause('nothing'))).toBe('TIME_INVALID');
    expect(codeOf(() => thing.onDemand.resume('nothing'))).toBe('TIME_INVALID');
    expect(thing.onDemand.has('x')).toBe(false);
  });

  it('is stored as a plain attribute and carries on after a reload, downtime counted', async () => {
    const clock = new VirtualClock();
    const storage = await openStorage({
      gameDir: '.',
      databaseUrl: '',
      databaseFile: ':memory:',
      log: silentLog,
    });
    try {
      const objects = objectManager(storage, { clock });
      const plant = await objects.create({ typeclass: 'DefaultObject', key: 'plant' });
      plant.onDemand.add('growth', { stages: { 0: 'seed', 3600: 'sprout', 7200: 'flower' } });
      const wick = await objects.create({ typeclass: 'DefaultObject', key: 'wick' });
      wick.onDemand.add('burn', { stages: { 0: 'lit', 60: 'out' } });
      await clock.advance(30 * MIN);
      wick.onDemand.pause('burn');
      await objects.flush();
      expect(plant.attributes.get('growth', ON_DEMAND_CATEGORY)).toEqual({
        ran: 0,
        since: clock.now() - 30 * MIN,
        stages: [
          [0, 'seed'],
          [3600, 'sprout'],
          [7200, 'flower'],
        ],
      });

      // Down for an hour; a new Server (a second manager on the same database) loads them.
      await clock.advance(HOUR);
      const reloaded = objectManager(storage, { clock });
      const plant2 = await reloaded.load(plant.id);
      const wick2 = await reloaded.load(wick.id);
      expect(plant2).not.toBe(plant);
      expect(plant2?.onDemand.elapsed('growth')).toBe(5400);
      expect(plant2?.onDemand.stage('growth')).toBe('sprout');
      expect(wick2?.onDemand.isPaused('burn')).toBe(true);
      expect(wick2?.onDemand.elapsed('burn')).toBe(1800);
      expect(wick2?.onDemand.stage('burn')).toBe('out');
    } finally {
      await storage.close();
    }
  });
});
