import { afterEach, describe, expect, it } from 'vitest';
import { WorldTestKit } from './world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

describe('whisper and page', () => {
  it('whisper reaches only the one whispered to, neutralised', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    const cy = await kit.player('Cy');
    expect(await kit.type(ann, 'whisper bob = meet me |rat noon')).toEqual([
      'You whisper to Bob, "meet me ||rat noon"',
    ]);
    expect(bob.take()).toEqual(['Ann whispers, "meet me ||rat noon"']);
    expect(cy.take()).toEqual([]);
    expect(await kit.type(ann, 'whisper bob')).toEqual(['Usage: whisper <character> = <message>']);
    expect(await kit.type(ann, 'whisper dan = hi')).toEqual(["Could not find 'dan'."]);
  });

  it('page reaches online accounts wherever they are, and says who is not online', async () => {
    kit = await WorldTestKit.open();
    const far = await kit.objects.create({ typeclass: 'DefaultRoom', key: 'Far away' });
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob', { location: far });
    const cy = await kit.player('Cy', { location: far });
    expect(await kit.type(ann, 'page bob, CY, Dan = dinner?')).toEqual([
      "No one called 'Dan' is online.",
      'You paged Bob, Cy with: "dinner?".',
    ]);
    expect(bob.take()).toEqual(['Ann pages: dinner?']);
    expect(cy.take()).toEqual(['Ann pages: dinner?']);
    expect(await kit.type(bob, 'page')).toEqual(['Your latest pages:\n  Ann pages: dinner?']);
    expect(await kit.type(ann, 'page')).toEqual(['You have not been paged (since you connected).']);
    for (let i = 0; i < 12; i++) await kit.type(ann, `page bob = note ${i}`);
    const kept = (await kit.typeText(bob, 'page')).split('\n').slice(1);
    expect(kept).toHaveLength(10);
    expect(kept.at(-1)).toBe('  Ann pages: note 11');
    // The name as typed, not lower-cased; one line per name, however often it was given.
    expect(await kit.type(ann, 'page Nobody, NOBODY, bob = hi')).toEqual([
      "No one called 'Nobody' is online.",
      'You paged Bob with: "hi".',
    ]);
    expect(await kit.type(ann, 'page bob')).toEqual([
      'Usage: page <account>[, <account>…] = <message>',
    ]);
  });
});
