/**
 * What a game author writes to test timed behaviour: the WorldTestKit's virtual clock runs
 * scripts, tickers and delays deterministically (`kit.advance(ms)`), with the game's own setup.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from '../commands/default/character/world-test-kit.ts';
import type { GameSetup } from '../game-setup.ts';
import { DefaultCharacter } from '../objects/character.ts';
import { Script } from './script.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

class Toll extends Script {
  override key = 'toll';
  override interval = 60;
  override startDelay = true;
  override atRepeat(): void {
    this.obj?.location?.msgContents('The bell tolls.');
  }
}

class Cat extends DefaultCharacter {
  async wander(): Promise<void> {
    await this.execute('pose stretches and yawns.');
  }
  purr(times: number): void {
    this.location?.msgContents(`The cat purrs ${times} times.`);
  }
}

function setup(game: GameSetup): void {
  game.registerScript('Toll', Toll);
  game.registerTypeclass('Cat', Cat);
}

describe('timers in the WorldTestKit', () => {
  it('a script tolls every minute in its room', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    const bell = await kit.objects.create({
      typeclass: 'DefaultObject',
      key: 'bell',
      location: kit.limbo,
    });
    await bell.scripts.add('Toll');
    await kit.advance(59_000);
    expect(ann.take()).toEqual([]);
    await kit.advance(121_000);
    expect(ann.take()).toEqual(['The bell tolls.', 'The bell tolls.', 'The bell tolls.']);
  });

  it('a ticker makes a cat act through its commands', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    const cat = await kit.objects.create({ typeclass: 'Cat', key: 'cat', location: kit.limbo });
    kit.tickers.add(30, cat, 'wander');
    await kit.advance(60_000);
    expect(ann.take()).toEqual(['cat stretches and yawns.', 'cat stretches and yawns.']);
  });

  it('a persistent delay calls a method once, with its arguments', async () => {
    kit = await WorldTestKit.open({ setup });
    const ann = await kit.player('Ann');
    const cat = await kit.objects.create({ typeclass: 'Cat', key: 'cat', location: kit.limbo });
    const handle = await kit.delays.call(10, cat, 'purr', 3);
    expect(handle.pending).toBe(true);
    await kit.advance(60_000);
    expect(ann.take()).toEqual(['The cat purrs 3 times.']);
    expect(handle.pending).toBe(false);
  });
});

describe("the README's example", () => {
  class GreatToll extends Script {
    override key = 'toll';
    override interval = 1800;
    override startDelay = true;
    override atRepeat(): void {
      this.obj?.location?.msgContents('The great bell tolls.');
      this.db['tolls'] = ((this.db['tolls'] as number | undefined) ?? 0) + 1;
    }
  }

  it('tolls three times in three virtual minutes, counting in its db', async () => {
    kit = await WorldTestKit.open({ setup: (game) => game.registerScript('Toll', GreatToll) });
    const ann = await kit.player('Ann');
    const bell = await kit.objects.create({
      typeclass: 'DefaultObject',
      key: 'bell',
      location: kit.limbo,
    });
    const toll = await bell.scripts.add('Toll', { interval: 60 });
    await kit.advance(180_000);
    expect(ann.take()).toEqual([
      'The great bell tolls.',
      'The great bell tolls.',
      'The great bell tolls.',
    ]);
    expect(toll.db['tolls']).toBe(3);
  });
});
