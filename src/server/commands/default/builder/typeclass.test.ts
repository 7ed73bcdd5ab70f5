import { afterEach, describe, expect, it } from 'vitest';
import { DefaultObject } from '../../../objects/object.ts';
import { WorldTestKit } from '../character/world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

class Bell extends DefaultObject {
  override atObjectCreation(): void {
    this.db.rings = 0;
    this.db.made = ((this.db.made as number | undefined) ?? 0) + 1;
  }
  ring(): string {
    return `BONG from ${this.key}`;
  }
}

async function builder() {
  kit = await WorldTestKit.open();
  kit.objects.typeclasses.register('Bell', Bell);
  return kit.player('Bea', { permissions: ['Builder'] });
}

describe('typeclass', () => {
  it('shows a typeclass and swaps it in place, keeping attributes, running atObjectCreation', async () => {
    const bea = await builder();
    await kit.type(bea, 'create bell');
    await kit.type(bea, 'set bell/tone = low');
    const [bell] = bea.character.contents;
    if (bell === undefined) throw new Error('no bell');
    expect(await kit.typeText(bea, 'typeclass bell')).toMatch(
      /^bell\(#\d+\) is a DefaultObject\.$/,
    );
    expect(await kit.typeText(bea, '@typeclass bell = Bell')).toMatch(
      /^bell\(#\d+\) changed from DefaultObject to Bell; its atObjectCreation ran\.$/,
    );
    // The same instance, now a Bell, still where it was, with its attributes.
    expect(bell).toBeInstanceOf(Bell);
    expect((bell as Bell).ring()).toBe('BONG from bell');
    expect(bea.character.contents).toEqual([bell]);
    expect(bell.db.tone).toBe('low');
    expect(bell.db.rings).toBe(0);
    await kit.objects.flush();
    expect(await kit.objects.find({ typeclass: 'Bell' })).toEqual([bell]);
    expect(await kit.typeText(bea, 'typeclass bell = Bell')).toMatch(/is already a Bell/);
    expect(await kit.typeText(bea, 'typeclass/update bell')).toMatch(/is a Bell again/);
    expect(bell.db.made).toBe(2);
  });

  it('/reset asks, then clears attributes and cmdsets; swap does it without asking', async () => {
    const bea = await builder();
    await kit.type(bea, 'create bell');
    await kit.type(bea, 'set bell/tone = low');
    const [bell] = bea.character.contents;
    if (bell === undefined) throw new Error('no bell');
    expect(await kit.type(bea, 'typeclass/reset bell = Bell')).toEqual([
      expect.stringMatching(
        /^Reset bell\(#\d+\) to a new Bell, clearing its attributes and cmdsets\? \[yes\/no\]$/,
      ),
    ]);
    expect(await kit.typeText(bea, 'no')).toMatch(/was not changed/);
    expect(bell.typeclass).toBe('DefaultObject');
    await kit.type(bea, 'typeclass/reset bell = Bell');
    expect(await kit.typeText(bea, 'yes')).toMatch(
      /changed from DefaultObject to Bell, its attributes and cmdsets cleared/,
    );
    expect(bell.attributes.has('tone')).toBe(false);
    expect(bell.db.made).toBe(1);
    bell.db.tone = 'high';
    expect(await kit.typeText(bea, 'swap bell = DefaultObject')).toMatch(/cleared/);
    expect(bell.attributes.has('tone')).toBe(false);
  });

  it('an exit swapped to a plain object stops being walkable, and back again', async () => {
    const bea = await builder();
    await kit.type(bea, 'tunnel n = Garden');
    await kit.type(bea, 'typeclass north = DefaultObject');
    expect(await kit.typeText(bea, 'n')).toMatch(/not available/);
    await kit.type(bea, 'typeclass north = DefaultExit');
    expect(await kit.typeText(bea, 'n')).toMatch(/^\|cGarden/);
  });

  it('lists the registered typeclasses and refuses unknown ones', async () => {
    const bea = await builder();
    await kit.type(bea, 'create bell');
    expect(await kit.typeText(bea, 'typeclasses')).toBe(
      [
        'Registered typeclasses:',
        '  Bell',
        '  DefaultCharacter',
        '  DefaultExit',
        '  DefaultObject',
        '  DefaultRoom',
      ].join('\n'),
    );
    expect(await kit.typeText(bea, 'typeclass/list')).toMatch(/^Registered typeclasses:/);
    expect(await kit.typeText(bea, 'typeclass bell = Gong')).toMatch(
      /^'Gong' is not a registered typeclass \(typeclass\/list shows them\)\.$/,
    );
    expect(await kit.typeText(bea, 'typeclass limbo = Bell')).toMatch(/don't have permission/);
    expect(await kit.typeText(bea, 'typeclass')).toMatch(/^Usage: typeclass/);
  });
});
