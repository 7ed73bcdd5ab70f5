/** `server` in the WorldTestKit: sessions, objects, memory, timers, counts and commands/s. */
import { afterEach, describe, expect, it } from 'vitest';
import type { GameSetup } from '../../../game-setup.ts';
import { DefaultCharacter } from '../../../objects/character.ts';
import { Script } from '../../../scripts/script.ts';
import { WorldTestKit } from '../character/world-test-kit.ts';
import { CmdServer } from './server-load.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

class Toll extends Script {
  override key = 'toll';
  override interval = 60;
  override startDelay = true;
}

class Cat extends DefaultCharacter {
  async wander(): Promise<void> {
    await this.execute('pose stretches.');
  }
}

// `server` lives in the account set, which the kit leaves to the game: add it as the Server does.
function setup(game: GameSetup): void {
  game.registerScript('Toll', Toll);
  game.registerTypeclass('Cat', Cat);
  game.extendCmdSet('account', (set) => set.add(new CmdServer(game.services)));
}

/** The `server` table's rows, by label. */
function rows(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^(\w+) +(.+)$/gm)) out[m[1] ?? ''] = m[2] ?? '';
  return out;
}

describe('server', () => {
  it('shows sessions, objects, memory, timers, scripts, tickers, delays, commands/s, uptime', async () => {
    kit = await WorldTestKit.open({ setup });
    const dev = await kit.player('Dev', { permissions: ['Developer'] });
    await kit.player('Ann');
    const bell = await kit.objects.create({ typeclass: 'DefaultObject', key: 'bell' });
    const toll = await bell.scripts.add('Toll');
    await kit.scripts.add(Toll, { key: 'spare' });
    const cat = await kit.objects.create({ typeclass: 'Cat', key: 'cat', location: kit.limbo });
    kit.tickers.add(10, cat, 'wander');
    await kit.delays.call(600, cat, 'wander');
    await toll.pause();
    await kit.advance(30_000); // the cat acts three times (three lines run by an object)
    await kit.type(dev, 'look');
    await kit.type(dev, 'look');

    const text = await kit.typeText(dev, 'server');
    const r = rows(text);
    expect(Object.keys(r)).toEqual([
      'Sessions',
      'Objects',
      'Memory',
      'Timers',
      'Scripts',
      'Tickers',
      'Delays',
      'Commands',
      'Uptime',
      'Load',
    ]);
    expect(r['Sessions']).toBe('2 (2 logged in)');
    // Limbo, two characters, the bell and the cat.
    expect(r['Objects']).toBe('5 in memory');
    expect(r['Memory']).toMatch(/^RSS \d+\.\d MB, heap \d+\.\d MB used of \d+\.\d MB$/);
    // Waiting: the spare toll, the ticker's interval, the delay (the paused toll has none).
    expect(r['Timers']).toBe(`3 waiting, ${kit.timers.fired} fired, next in 10s`);
    expect(kit.timers.fired).toBeGreaterThanOrEqual(3);
    expect(r['Scripts']).toBe('2 (1 paused)');
    expect(r['Tickers']).toBe('1 subscription');
    expect(r['Delays']).toBe('1 stored, waiting');
    // 3 cat poses + 2 looks + this line, in the last minute: 6 / 60 s.
    expect(r['Commands']).toBe('0.10/s over the last minute (6 since start)');
    expect(r['Uptime']).toBe('30s');
    expect(r['Load']).toMatch(/^\d+\.\d\d \(1 minute average\)$/);

    // A minute later the looks have left the window (six more poses and this line are in it).
    await kit.advance(60_000);
    expect(rows(await kit.typeText(dev, 'serverload'))['Commands']).toBe(
      '0.12/s over the last minute (13 since start)',
    );
  });

  it('/mem gives the memory line alone; it is for Developers', async () => {
    kit = await WorldTestKit.open({ setup });
    const dev = await kit.player('Dev', { permissions: ['Developer'] });
    const builder = await kit.player('Bo', { permissions: ['Builder'] });
    expect(await kit.typeText(dev, 'server/mem')).toMatch(/^Memory {2}RSS \d+\.\d MB, heap /);
    expect(await kit.typeText(dev, 'server/frob')).toBe(
      'Unknown switch. Use server or server/mem.',
    );
    expect(await kit.typeText(dev, '@server')).toMatch(/^Sessions/);
    expect(await kit.typeText(builder, 'server')).toMatch(/^Command 'server' is not available\./);
  });
});
