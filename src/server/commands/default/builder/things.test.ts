import { afterEach, describe, expect, it, vi } from 'vitest';
import { STORAGE_ERROR_NOTICE } from '../../../storage/availability.ts';
import { explainSqlite } from '../../../storage/sqlite-backend.ts';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('create and destroy', () => {
  it('create puts a new thing in your hands, with aliases and a typeclass', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    expect(await kit.typeText(bea, 'create brass bell;bell')).toMatch(
      /^You create a new DefaultObject: brass bell\(#\d+\)\.$/,
    );
    const [bell] = bea.character.contents;
    expect(bell?.aliases.all()).toEqual(['bell']);
    expect(bell?.home).toBe(kit.limbo);
    expect(await kit.typeText(bea, 'create box:DefaultRoom')).toMatch(/DefaultRoom: box/);
    expect(await kit.typeText(bea, 'create thing:Nope')).toMatch(/'Nope' is not registered/);
  });

  it('create tells a builder that storage failed, not where the database file is', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    const readOnly = Object.assign(new Error('attempt to write a readonly database'), {
      code: 'SQLITE_READONLY',
    });
    vi.spyOn(kit.objects, 'create').mockRejectedValueOnce(
      explainSqlite(readOnly, '/home/ops/mygame/server/game.sqlite3'),
    );
    const told = await kit.type(bea, 'create brass bell');
    expect(told).toEqual([STORAGE_ERROR_NOTICE]);
    expect(await kit.typeText(bea, 'create brass bell')).toMatch(/^You create a new/);
  });

  it('destroy asks first, unless /force, and keeps people out of the void', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    await kit.type(bea, 'dig Cave');
    const [cave] = await kit.objects.find({ key: 'Cave' });
    if (cave === undefined) throw new Error('no cave');
    const ann = await kit.player('Ann', { location: cave });
    await kit.type(bea, 'create pebble');
    expect(await kit.type(bea, 'destroy pebble')).toEqual([
      expect.stringMatching(/^Destroy pebble\(#\d+\)\? \[yes\/no\]$/),
    ]);
    expect(await kit.typeText(bea, 'yes')).toMatch(/^pebble\(#\d+\) was destroyed\.$/);
    await kit.type(bea, 'create stone');
    expect(await kit.typeText(bea, '@destroy/force stone')).toMatch(
      /^stone\(#\d+\) was destroyed\.$/,
    );

    expect(await kit.type(bea, 'destroy cave')).toEqual([
      expect.stringMatching(/^Destroy the room Cave\(#\d+\) and every exit in it\? \[yes\/no\]$/),
    ]);
    expect(await kit.typeText(bea, 'no')).toMatch(/was not destroyed/);
    expect(cave.isDeleted).toBe(false);
    await kit.type(bea, 'destroy cave');
    // Bea, in Limbo, sees Ann arrive there before the room goes.
    expect(await kit.type(bea, 'yes')).toEqual([
      'Ann arrives from Cave.',
      expect.stringMatching(/^Cave\(#\d+\) was destroyed\.$/),
    ]);
    expect(cave.isDeleted).toBe(true);
    expect(ann.character.location).toBe(kit.limbo);
    expect(ann.take().join('\n')).toMatch(/The room around you dissolves[\s\S]*\|cLimbo/);
  });

  it('destroys several objects, or an id range, after one question', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    for (const name of ['a', 'b', 'c']) await kit.type(bea, `create ${name}`);
    const [a, b, c] = bea.character.contents;
    if (a === undefined || b === undefined || c === undefined) throw new Error('missing');
    expect(await kit.typeText(bea, `destroy #${a.id}-#${b.id}, c`)).toMatch(
      /^Destroy a\(#\d+\), b\(#\d+\), c\(#\d+\)\? \[yes\/no\]$/,
    );
    expect(await kit.type(bea, 'y')).toHaveLength(3);
    expect([a, b, c].every((o) => o.isDeleted)).toBe(true);
    expect(await kit.typeText(bea, 'destroy #900-#910')).toBe('Nothing has an id in #900-#910.');
  });

  it('never destroys the starting room or a character someone is playing', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'], superuser: true });
    await kit.player('Ann');
    expect(await kit.typeText(bea, 'destroy limbo')).toMatch(
      /is the starting room; it cannot be destroyed/,
    );
    expect(await kit.typeText(bea, 'destroy ann')).toMatch(
      /^Ann\(#\d+\) is being played; use destroy\/override to destroy it anyway\.$/,
    );
    expect(await kit.typeText(bea, 'destroy/override me')).toMatch(
      /is you; you cannot destroy yourself/,
    );
    expect(await kit.typeText(bea, 'destroy/override/force limbo')).toMatch(/starting room/);
  });

  it('needs the delete lock: a Builder cannot destroy what an Admin made', async () => {
    kit = await WorldTestKit.open();
    const bea = await kit.player('Bea', { permissions: ['Builder'] });
    await kit.objects.create({ typeclass: 'DefaultObject', key: 'statue', location: kit.limbo });
    expect(await kit.typeText(bea, 'destroy statue')).toMatch(
      /You don't have permission to destroy statue/,
    );
  });
});
