/**
 * `scripts` and `script` in the WorldTestKit: listing and filters, the switches taking effect
 * on the virtual clock, attaching a script class by name, and the errors staff see.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GameSetup } from '../../../game-setup.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { Script } from '../../../scripts/script.ts';
import { WorldTestKit, type KitPlayer } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

class Toll extends Script {
  override key = 'toll';
  override desc = 'Tolls every minute';
  override interval = 60;
  override startDelay = true;
  override atRepeat(): void {
    // On a thing its room hears it; on a room (`script here = Toll`) the room itself.
    (this.obj?.location ?? this.obj)?.msgContents('The bell tolls.');
  }
}

class Census extends Script {
  override key = 'census';
  override interval = 10;
  override repeats = 20;
  override startDelay = true;
}

function setup(game: GameSetup): void {
  game.registerScript('Toll', Toll);
  game.registerScript('Census', Census);
}

const MINUTE = 60_000;

async function world(): Promise<{ ann: KitPlayer; bob: KitPlayer; bell: DefaultObject }> {
  kit = await WorldTestKit.open({ setup });
  const ann = await kit.player('Ann', { permissions: ['Builder'] });
  const bob = await kit.player('Bob');
  const bell = await kit.objects.create({
    typeclass: 'DefaultObject',
    key: 'bell',
    location: kit.limbo,
  });
  return { ann, bob, bell };
}

/** Lines saying the bell tolled, in what the player was sent. */
const tolls = (p: KitPlayer): number => p.take().filter((l) => l === 'The bell tolls.').length;

describe('scripts', () => {
  it('lists every script in aligned columns, or says there are none', async () => {
    const { ann, bell } = await world();
    expect(await kit.typeText(ann, 'scripts')).toBe('No scripts are running.');
    await bell.scripts.add('Toll');
    await kit.scripts.add('Census');
    await kit.scripts.add(Census, { key: 'ghost', persistent: false, repeats: 0, interval: 0 });
    await kit.advance(25_000);
    expect(await kit.typeText(ann, 'scripts')).toBe(
      [
        'id   on        key     class   every  next  left   stored  desc',
        `#1   bell(#${bell.id})  toll    Toll    1m     35s   -      yes     Tolls every minute`,
        '#-1  global    ghost   Census  --     --    -      no',
        '#2   global    census  Census  10s    5s    18/20  yes',
      ].join('\n'),
    );
    // Evennia's names reach it too.
    expect(await kit.typeText(ann, '@scripts')).toContain('census');
    expect(await kit.typeText(ann, 'listscripts')).toContain('census');
  });

  it('fits the table to a narrow screen and reads it linearly to a screen reader', async () => {
    const { ann, bell } = await world();
    await bell.scripts.add('Toll');
    ann.session.protocolFlags['SCREENWIDTH'] = 60;
    const narrow = await kit.typeText(ann, 'scripts');
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(narrow).toMatch(/^#1 /m);
    ann.session.protocolFlags['SCREENREADER'] = true;
    expect(await kit.typeText(ann, 'scripts')).toMatch(
      new RegExp(`^id: #1; on: bell\\(#${bell.id}\\); key: toll; class: Toll; every: 1m; next: `),
    );
  });

  it('shows at most 200 rows, and how many more there are', async () => {
    const { ann } = await world();
    for (let i = 0; i < 205; i++) {
      await kit.scripts.add(Census, { key: `c${i}`, persistent: false, interval: 0 });
    }
    const lines = (await kit.typeText(ann, 'scripts')).split('\n');
    expect(lines).toHaveLength(1 + 200 + 1);
    expect(lines[200]).toMatch(/^#-200 +global +c199 /);
    expect(lines[201]).toBe('... and 5 more (name a key, a class or an object to see them).');
    expect(await kit.typeText(ann, 'scripts c204')).toMatch(/\n#-205 +global +c204 /);
  });

  it('filters by #id, key, class and object', async () => {
    const { ann, bell } = await world();
    const toll = await bell.scripts.add('Toll');
    await kit.scripts.add('Census');
    const rows = async (line: string): Promise<string[]> =>
      (await kit.type(ann, line)).join('\n').split('\n').slice(1);
    expect(await rows(`scripts #${toll.id}`)).toEqual([expect.stringMatching(/^#1 .* toll /)]);
    expect(await rows('scripts census')).toEqual([expect.stringMatching(/^#2 .* census /)]);
    expect(await rows('scripts CENSUS')).toEqual([expect.stringMatching(/^#2 .* census /)]);
    expect(await rows('scripts bell')).toEqual([expect.stringMatching(/^#1 .* toll /)]);
    // `#n` with no script of that id is an object's id.
    expect(await rows(`scripts #${bell.id}`)).toEqual([expect.stringMatching(/^#1 .* toll /)]);
    expect(await kit.typeText(ann, 'scripts here')).toBe('Limbo(#1) has no scripts.');
    expect(await kit.typeText(ann, 'scripts nothing')).toBe(
      "No script or object matches 'nothing'.",
    );
  });

  it('pauses, unpauses, restarts and stops a script, on the clock', async () => {
    const { ann, bell } = await world();
    const toll = await bell.scripts.add('Toll');
    await kit.advance(MINUTE);
    expect(tolls(ann)).toBe(1);

    await kit.advance(20_000); // 40 s left until the next toll
    expect(await kit.typeText(ann, 'scripts/pause toll')).toBe(
      `Paused script 'toll' (#1) on bell(#${bell.id}); /unpause resumes it with the time it had left.`,
    );
    expect(await kit.typeText(ann, 'scripts toll')).toMatch(/ toll +Toll +1m +paused /);
    await kit.advance(10 * MINUTE);
    expect(tolls(ann)).toBe(0);
    expect(await kit.typeText(ann, 'scripts/pause toll')).toBe(
      `Script 'toll' (#1) on bell(#${bell.id}) is already paused.`,
    );

    expect(await kit.typeText(ann, 'scripts/unpause #1')).toBe(
      `Unpaused script 'toll' (#1) on bell(#${bell.id}): next in 40s.`,
    );
    await kit.advance(39_000);
    expect(tolls(ann)).toBe(0);
    await kit.advance(1000);
    expect(tolls(ann)).toBe(1);
    expect(await kit.typeText(ann, 'scripts/unpause toll')).toBe(
      `Script 'toll' (#1) on bell(#${bell.id}) is not paused.`,
    );

    await kit.advance(30_000);
    expect(await kit.typeText(ann, 'scripts/start toll')).toBe(
      `Restarted script 'toll' (#1) on bell(#${bell.id}): next in 1m.`,
    );
    await kit.advance(59_000);
    expect(tolls(ann)).toBe(0);
    await kit.advance(1000);
    expect(tolls(ann)).toBe(1);

    expect(await kit.typeText(ann, 'scripts/stop bell')).toBe(
      `Stopped script 'toll' (#1) on bell(#${bell.id}).`,
    );
    expect(toll.isRunning).toBe(false);
    expect(bell.scripts.all()).toEqual([]);
    await kit.advance(5 * MINUTE);
    expect(tolls(ann)).toBe(0);
    expect(await kit.typeText(ann, 'scripts')).toBe('No scripts are running.');
  });

  it('acts on one script only: several matches are listed to pick from by #id', async () => {
    const { ann, bell } = await world();
    await bell.scripts.add('Toll');
    await kit.scripts.add('Toll');
    const text = await kit.typeText(ann, 'scripts/delete toll');
    expect(text).toMatch(/^More than one script matches 'toll'; name one by its #id:\nid /);
    expect(text.split('\n')).toHaveLength(4);
    expect(kit.scripts.count).toBe(2);
    expect(await kit.typeText(ann, 'scripts/delete #2')).toBe(
      "Stopped script 'toll' (#2) (global).",
    );
    expect(kit.scripts.all().map((s) => s.id)).toEqual([1]);
  });

  it('says what is wrong with a switch or a missing filter', async () => {
    const { ann } = await world();
    expect(await kit.typeText(ann, 'scripts/pause')).toBe(
      'Usage: scripts/pause <#id, key or object>',
    );
    expect(await kit.typeText(ann, 'scripts/frobnicate toll')).toBe(
      'Unknown switch /frobnicate. Use /stop, /pause, /unpause, /start.',
    );
    expect(await kit.typeText(ann, 'scripts/pause/stop toll')).toBe(
      'Use one switch at a time: /stop, /pause, /unpause or /start.',
    );
  });

  it('is for Builders', async () => {
    const { bob } = await world();
    expect(await kit.typeText(bob, 'scripts')).toMatch(/^Command 'scripts' is not available\./);
    expect(await kit.typeText(bob, 'script here = Toll')).toMatch(
      /^Command 'script' is not available\./,
    );
  });
});

describe('script', () => {
  it('attaches a registered script class to an object by name, and it runs', async () => {
    const { ann } = await world();
    expect(await kit.typeText(ann, 'script here = Toll')).toBe(
      "Added script 'toll' (#1) on Limbo(#1), of class Toll: every 1m, next in 1m.",
    );
    // Any case; and `addscript`, its other name.
    expect(await kit.typeText(ann, 'addscript here = census')).toBe(
      "Added script 'census' (#2) on Limbo(#1), of class Census: every 10s, next in 10s.",
    );
    await kit.advance(MINUTE);
    expect(tolls(ann)).toBe(1);
    expect(kit.limbo.scripts.all().map((s) => s.key)).toEqual(['toll', 'census']);
    // Stored: it is a row in the database, by its class name.
    expect(kit.scripts.get(1)?.typeclass).toBe('Toll');
    expect(kit.scripts.get(1)?.persistent).toBe(true);
  });

  it('names the registered classes when the one asked for is unknown', async () => {
    const { ann } = await world();
    expect(await kit.typeText(ann, 'script here = Tol')).toBe(
      "No script class is registered as 'Tol'. Registered: Census, Script, Toll.",
    );
    expect(kit.scripts.count).toBe(0);
  });

  it("lists an object's scripts and stops, pauses or restarts them by key", async () => {
    const { ann, bell } = await world();
    expect(await kit.typeText(ann, 'script bell')).toBe(`bell(#${bell.id}) has no scripts.`);
    await bell.scripts.add('Toll');
    await bell.scripts.add('Census');
    const listed = await kit.typeText(ann, 'script bell');
    expect(listed.split('\n')).toEqual([
      `Scripts on bell(#${bell.id}):`,
      expect.stringMatching(/^id +on +key/),
      expect.stringMatching(/^#1 .* toll /),
      expect.stringMatching(/^#2 .* census /),
    ]);
    expect(await kit.typeText(ann, 'script/pause bell = toll')).toMatch(/^Paused script 'toll'/);
    await kit.advance(2 * MINUTE);
    expect(tolls(ann)).toBe(0);
    expect(await kit.typeText(ann, 'script/stop bell = nothing')).toBe(
      `bell(#${bell.id}) has no script 'nothing'.`,
    );
    expect(await kit.typeText(ann, 'script/stop bell')).toBe(
      [
        `Stopped script 'toll' (#1) on bell(#${bell.id}).`,
        `Stopped script 'census' (#2) on bell(#${bell.id}).`,
      ].join('\n'),
    );
    expect(bell.scripts.all()).toEqual([]);
  });

  it('says how to use it', async () => {
    const { ann } = await world();
    expect(await kit.typeText(ann, 'script')).toBe('Usage: script <object> [= <script class>]');
    expect(await kit.typeText(ann, 'script/stop')).toBe('Usage: script/stop <object> [= <key>]');
    expect(await kit.typeText(ann, 'script nowhere = Toll')).toBe("Could not find 'nowhere'.");
  });
});
