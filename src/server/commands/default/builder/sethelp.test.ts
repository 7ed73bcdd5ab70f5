/**
 * `sethelp`, then `help`, as builders and players use them: entries written in game, their
 * categories, aliases and locks, and which entry a name means when the game ships one too or a
 * command has that name.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLockFuncRegistry } from '../../../locks/builtin-lock-funcs.ts';
import { objectManager } from '../../../objects/test-support.ts';
import { openStorage } from '../../../storage/open-storage.ts';
import { silentLog } from '../../../storage/test-support.ts';
import { HelpEntryRegistry } from '../../help-entries.ts';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
const dirs: string[] = [];
afterEach(async () => {
  await kit?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A game directory shipping help/rules.md. */
function gameDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'waystone-sethelp-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'help'));
  writeFileSync(join(dir, 'help', 'rules.md'), '---\ncategory: Policy\n---\nBe kind.');
  return dir;
}

async function open() {
  kit = await WorldTestKit.open({ gameDir: gameDir() });
  const bea = await kit.player('Bea', { permissions: ['Builder'] });
  const pat = await kit.player('Pat');
  return { bea, pat };
}

describe('sethelp', () => {
  it('writes an entry that help shows, in its category, with colour', async () => {
    const { bea, pat } = await open();
    expect(
      await kit.typeText(
        bea,
        'sethelp The Gods;gods;pantheon, Lore = In the |ybeginning|n…|/there was dark.',
      ),
    ).toBe("Help entry 'The Gods' created (category Lore; aliases gods, pantheon).");
    expect(await kit.typeText(pat, 'help gods')).toBe(
      '|wHelp for The Gods|n (aliases: gods, pantheon) [Lore]\nIn the |ybeginning|n…\nthere was dark.',
    );
    expect(await kit.typeText(pat, 'help lore')).toBe(
      "|wHelp topics in Lore|n (type 'help <topic>' to read one):\n  The Gods  In the |ybeginning|n… there was dark.",
    );
    expect(await kit.typeText(pat, 'help')).toMatch(/\nLore +The Gods$/m);
  });

  it('appends, recategorises, re-aliases, locks and deletes', async () => {
    const { bea, pat } = await open();
    await kit.type(bea, 'sethelp maps = Maps are drawn by hand.');
    expect(await kit.typeText(bea, 'sethelp/append maps = Ask a cartographer.')).toBe(
      "Help entry 'maps' updated (category General).",
    );
    await kit.type(bea, 'sethelp/category maps = Travel');
    await kit.type(bea, 'sethelp/alias maps = charts, atlas');
    expect(await kit.typeText(pat, 'help atlas')).toBe(
      '|wHelp for maps|n (aliases: charts, atlas) [Travel]\nMaps are drawn by hand.\nAsk a cartographer.',
    );
    expect(await kit.typeText(bea, 'sethelp/locks maps = view:perm(Builder)')).toMatch(/updated/);
    expect(await kit.typeText(bea, 'sethelp/locks maps')).toBe(
      "Locks of help entry 'maps': view:perm(Builder)",
    );
    expect(await kit.typeText(pat, 'help maps')).toBe("No help found for 'maps'.");
    expect(await kit.typeText(bea, 'help maps')).toMatch(/^\|wHelp for maps/);
    expect(await kit.typeText(bea, 'sethelp/locks maps = view:perm(')).toMatch(
      /^Invalid lock|perm/,
    );
    expect(await kit.typeText(bea, 'sethelp/delete maps')).toBe("Deleted help entry 'maps'.");
    expect(await kit.typeText(bea, 'help maps')).toBe("No help found for 'maps'.");
    expect(await kit.typeText(bea, 'sethelp/delete maps')).toBe("There is no help entry 'maps'.");
  });

  it("shows instead of the game's shipped entry, until deleted; a command's own help comes first", async () => {
    const { bea, pat } = await open();
    expect(await kit.typeText(pat, 'help rules')).toBe('|wHelp for rules|n [Policy]\nBe kind.');
    expect(await kit.typeText(bea, 'sethelp rules = Be |gvery|n kind.')).toBe(
      [
        "Help entry 'rules' created (category Policy).",
        "It shows instead of the game's own entry of that name; sethelp/delete rules brings that back.",
      ].join('\n'),
    );
    expect(await kit.typeText(pat, 'help rules')).toBe(
      '|wHelp for rules|n [Policy]\nBe |gvery|n kind.',
    );
    expect(await kit.typeText(bea, 'sethelp/delete rules')).toBe(
      "Deleted help entry 'rules'. The game's own entry of that name shows again.",
    );
    expect(await kit.typeText(pat, 'help rules')).toBe('|wHelp for rules|n [Policy]\nBe kind.');

    expect(await kit.typeText(bea, 'sethelp look = Looking is free.')).toMatch(
      /Note: 'look' is also a command; whoever can use it sees the command's own help/,
    );
    expect(await kit.typeText(pat, 'help look')).toMatch(/^\|wHelp for look\|n \(aliases: l/);
  });

  it('explains what it needs, and is for builders only', async () => {
    const { bea, pat } = await open();
    expect(await kit.typeText(bea, 'sethelp')).toMatch(/^Usage: sethelp/);
    expect(await kit.typeText(bea, 'sethelp topic')).toMatch(/^Usage: sethelp/);
    expect(await kit.typeText(bea, 'sethelp = text')).toMatch(/^Usage: sethelp/);
    expect(await kit.typeText(bea, 'sethelp/category nothing = Lore')).toMatch(
      /^There is no help entry 'that'|^There is no help entry/,
    );
    expect(await kit.typeText(bea, 'sethelp/frob x')).toMatch(/^Unknown switch \/frob/);
    expect(await kit.typeText(bea, `sethelp long = ${'x'.repeat(20_001)}`)).toMatch(
      /at most 20000 characters/,
    );
    expect(await kit.typeText(pat, 'sethelp x = y')).toMatch(/Command 'sethelp' is not available/);
  });
});

describe('help entries written in game', () => {
  it('are committed with the command and found again after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystone-sethelp-'));
    dirs.push(dir);
    const target = { gameDir: dir, databaseUrl: '', databaseFile: 'game.sqlite3', log: silentLog };
    const first = await openStorage(target);
    const lockFuncs = createLockFuncRegistry();
    const objects = objectManager(first);
    const written = new HelpEntryRegistry(lockFuncs);
    written.persistThrough(objects);
    await objects.batch(() => {
      written.setStored({ key: 'Tides', category: 'Lore', aliases: ['sea'], text: 'Twice a day.' });
      written.setStored({ key: 'gone', text: 'Soon deleted.' });
    });
    await objects.batch(() => written.deleteStored('GONE'));
    await first.close();

    const second = await openStorage(target);
    const read = new HelpEntryRegistry(lockFuncs);
    expect(await read.loadStored(second.helpEntries)).toEqual([]);
    expect(read.find('sea')).toMatchObject({
      key: 'Tides',
      category: 'Lore',
      text: 'Twice a day.',
      source: 'database',
    });
    expect(read.find('gone')).toBeUndefined();
    await second.close();
  });
});

describe('help sethelp', () => {
  it('shows the markup it explains as written, not rendered', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    expect(await kit.typeText(bea, 'help sethelp')).toContain(
      'The text may use colours (||g…||n) and ||/ for a line break.',
    );
  });
});
