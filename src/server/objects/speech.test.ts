/**
 * `DefaultObject.atSay` and its templates (speech.ts): the speaker's line reaches every
 * session sharing the speaker, a receiver's every session, the room's line everyone else once;
 * player text is neutralised, templates are filled in one pass, and a game changes the lines
 * per call or by overriding the hook.
 */
import { describe, expect, it } from 'vitest';
import { useBackend } from '../storage/test-support.ts';
import { DefaultCharacter } from './character.ts';
import { DefaultRoom } from './room.ts';
import { fillSayTemplate, type SayParts } from './speech.ts';
import { objectManager, TestSession } from './test-support.ts';
import { TypeclassRegistry } from './typeclass-registry.ts';
import type { SayOptions } from './object.ts';

const PARTS: SayParts = {
  speech: 'hi {speaker}',
  speaker: 'Ann',
  receivers: 'Bob, Cy',
  receiver: 'Bob',
  location: 'Limbo',
};

describe('say templates', () => {
  it('fill every placeholder once, keep unknown ones, and take functions', () => {
    expect(fillSayTemplate('{speaker} to {receivers} in {location}: {speech} {nope}', PARTS)).toBe(
      'Ann to Bob, Cy in Limbo: hi {speaker} {nope}',
    );
    expect(fillSayTemplate((p) => `${p.receiver} hears ${p.speaker}`, PARTS)).toBe('Bob hears Ann');
  });
});

/** Says everything twice as loud: a game's override of the hook. */
class Loud extends DefaultCharacter {
  override atSay(message: string, options?: SayOptions): void | Promise<void> {
    return super.atSay(`${message.toUpperCase()}!`, options);
  }
}

describe('atSay', () => {
  const fx = useBackend('sqlite');

  async function scene(playerMarkup: 'none' | 'colour' = 'none') {
    const objects = objectManager(await fx.open(), {
      typeclasses: new TypeclassRegistry().register('Loud', Loud),
      playerMarkup,
    });
    const room = await objects.create({ typeclass: DefaultRoom, key: 'Square' });
    const make = (key: string, typeclass = 'DefaultCharacter') =>
      objects.create({ typeclass, key, location: room });
    const [ann, bob, cy] = [await make('Ann'), await make('Bob'), await make('Cy')];
    // Ann is shared by two sessions (multisession modes 1 and 3).
    const [a1, a2, b, c] = [1, 2, 3, 4].map((n) => new TestSession(n)) as [
      TestSession,
      TestSession,
      TestSession,
      TestSession,
    ];
    ann.sessions.add(a1);
    ann.sessions.add(a2);
    bob.sessions.add(b);
    cy.sessions.add(c);
    const take = () => [a1, a2, b, c].map((s) => s.received.splice(0));
    return { objects, room, ann, bob, cy, make, take };
  }

  it("a say: the speaker's line to all its sessions, the room's to everyone else once, neutralised", async () => {
    const { ann, take } = await scene();
    await ann.atSay('hello |rworld\nSYSTEM: x');
    const mine = 'You say, "hello ||rworld SYSTEM: x"';
    const theirs = 'Ann says, "hello ||rworld SYSTEM: x"';
    expect(take()).toEqual([[mine], [mine], [theirs], [theirs]]);
  });

  it("keeps a player's colour codes alone when the game's playerMarkup is 'colour'", async () => {
    const { ann, take } = await scene('colour');
    await ann.atSay('hello |rworld|n |lcquit|ltclick|le');
    const theirs = 'Ann says, "hello |rworld|n ||lcquit||ltclick||le|n"';
    expect(take()[2]).toEqual([theirs]);
  });

  it('a whisper: only the receiver hears it, and the whisperer in every session', async () => {
    const { ann, bob, take } = await scene();
    await ann.atSay('psst', { whisper: true, receivers: bob });
    const mine = 'You whisper to Bob, "psst"';
    expect(take()).toEqual([[mine], [mine], ['Ann whispers, "psst"'], []]);
  });

  it('a say to someone: the room hears whom it is to, the receiver its own line', async () => {
    const { ann, bob, take } = await scene();
    await ann.atSay('hi', { receivers: [bob] });
    const mine = 'You say to Bob, "hi"';
    expect(take()).toEqual([[mine], [mine], ['Ann says to you, "hi"'], ['Ann says to Bob, "hi"']]);
  });

  it('takes its lines from the options; without its own line the speaker hears the room', async () => {
    const { ann, take } = await scene();
    await ann.atSay('waves.', { msgSelf: false, msgLocation: '{speaker} {speech}' });
    expect(take()).toEqual([['Ann waves.'], ['Ann waves.'], ['Ann waves.'], ['Ann waves.']]);
    await ann.atSay('hm', { msgLocation: false, msgSelf: (p) => `You think "${p.speech}".` });
    expect(take()).toEqual([['You think "hm".'], ['You think "hm".'], [], []]);
  });

  it('a subclass overrides how it speaks; nowhere, the speaker still hears itself', async () => {
    const { objects, make, take } = await scene();
    const loud = await make('Max', 'Loud');
    const s = new TestSession(9);
    loud.sessions.add(s);
    await loud.atSay('hey');
    expect(s.received.splice(0)).toEqual(['You say, "HEY!"']);
    const heard = ['Max says, "HEY!"'];
    expect(take()).toEqual([heard, heard, heard, heard]);
    const nowhere = await objects.create({ typeclass: 'DefaultCharacter', key: 'Lost' });
    const lost = new TestSession(10);
    nowhere.sessions.add(lost);
    await nowhere.atSay('anyone?');
    expect(lost.received).toEqual(['You say, "anyone?"']);
    expect(take()).toEqual([[], [], [], []]);
  });
});
