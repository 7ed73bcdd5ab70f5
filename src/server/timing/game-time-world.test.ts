/**
 * Game time as a game author tests it: in a WorldTestKit, whose clock moves only with
 * `advance`, so an hourly bell is tested in milliseconds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../commands/default/character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('game time in the world test kit', () => {
  it('tolls a bell on every game hour, heard in the room', async () => {
    kit = await WorldTestKit.open(); // timeFactor 2: a game hour is 30 real minutes
    const tower = await kit.objects.create({ typeclass: 'DefaultRoom', key: 'Bell Tower' });
    const ann = await kit.player('Ann', { location: tower });
    const bell = kit.gameTime.schedule(
      () => tower.msgContents(`The bell tolls the hour: ${kit.gameTime.value('hour')}.`),
      { minute: 0 },
      { repeat: true, label: 'bell' },
    );
    await kit.advance(29 * 60_000);
    expect(ann.take()).toEqual([]);
    await kit.advance(60 * 60_000);
    expect(ann.take()).toEqual(['The bell tolls the hour: 1.', 'The bell tolls the hour: 2.']);
    bell.cancel();
    await kit.advance(3_600_000);
    expect(ann.take()).toEqual([]);
    expect(kit.timerErrors).toEqual([]);
  });

  it('gives a script the numbers it needs to run at a game hour across reloads', async () => {
    kit = await WorldTestKit.open({ gameTime: { factor: 4 } });
    // Game 00:00 now; 06:00 is 6 game hours = 90 real minutes away; a game day is 6 real hours.
    expect(kit.gameTime.realMsUntil({ hour: 6 })).toBe(90 * 60_000);
    expect(kit.gameTime.realSecondsPer('day')).toBe(6 * 3600);
    await kit.advance(kit.gameTime.realMsUntil({ hour: 6 }));
    expect(kit.gameTime.format()).toBe('2026-01-01 06:00:00');
  });
});
