/**
 * Menus driven as a player drives them, through the command handler (WorldTestKit): numbered
 * and keyed options, free text with validation, a goto function that makes something, look,
 * help and quit, a pass-through screen, and the player's place kept through a reload.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorldTestKit, type KitPlayer } from '../commands/default/character/world-test-kit.ts';
import { MENU_KEY } from './menu-record.ts';
import type { MenuNodes } from './menu-types.ts';
import { MENU_CMDSET, MENU_MESSAGES } from './menus.ts';

interface PetState {
  kind?: string;
  name?: string;
}

const petNodes: MenuNodes<PetState> = {
  start: () => ({
    text: 'What kind of pet would you like?',
    help: 'Pick the kind of pet you want to adopt.',
    options: [
      { desc: 'A cat', goto: (ctx) => ((ctx.state.kind = 'cat'), 'name') },
      { desc: 'A dog', goto: (ctx) => ((ctx.state.kind = 'dog'), 'name') },
    ],
  }),
  name: (ctx) => ({
    text: `What is your ${ctx.state.kind ?? '?'} called?`,
    options: [
      {
        key: '_default',
        goto: (next, input) => {
          if (!/^[A-Za-z]{2,12}$/.test(input)) return { error: 'A pet name is 2 to 12 letters.' };
          next.state.name = input;
          return 'confirm';
        },
      },
    ],
  }),
  confirm: (ctx) => ({
    text: `Adopt a ${ctx.state.kind ?? '?'} called ${ctx.state.name ?? '?'}?`,
    options: [
      {
        key: ['y', 'yes'],
        desc: 'Yes',
        goto: async (next) => {
          await next.services.objects.create({
            typeclass: 'DefaultObject',
            key: next.state.name ?? 'pet',
            location: next.puppet,
          });
          next.msg(`${next.state.name ?? 'pet'} is yours now.`);
          return null;
        },
      },
      { key: ['n', 'no'], desc: 'No, start again', goto: 'start' },
    ],
  }),
};

let kit: WorldTestKit;
let ann: KitPlayer;

beforeEach(async () => {
  kit = await WorldTestKit.open();
  kit.menus.register('pet', petNodes);
  ann = await kit.player('Ann');
});

afterEach(async () => {
  await kit.close();
});

async function startPet(player: KitPlayer): Promise<string> {
  player.take();
  await kit.menus.start(player.session, 'pet');
  return player.take().join('\n');
}

const carried = (player: KitPlayer) => player.character.contents.map((o) => o.key);

describe('a menu', () => {
  it('shows numbered options, takes free text with validation, and makes something at the end', async () => {
    const first = await startPet(ann);
    expect(first).toContain('What kind of pet would you like?');
    expect(first).toMatch(/1.*A cat/);
    expect(first).toMatch(/2.*A dog/);

    expect(await kit.typeText(ann, '2')).toContain('What is your dog called?');
    // Free text that fails validation: told why, still asked the same question.
    const refused = await kit.typeText(ann, 'R2-D2');
    expect(refused).toContain('A pet name is 2 to 12 letters.');
    expect(refused).toContain('What is your dog called?');
    expect(kit.menus.current(ann.session)?.node).toBe('name');

    const confirm = await kit.typeText(ann, 'Rex');
    expect(confirm).toContain('Adopt a dog called Rex?');
    expect(confirm).toMatch(/y.*Yes/);
    expect(carried(ann)).toEqual([]);

    // A keyed option, any case; the goto function makes the pet; the menu ends with a look.
    const done = await kit.typeText(ann, 'YES');
    expect(done).toContain('Rex is yours now.');
    expect(done).toContain('Limbo');
    expect(carried(ann)).toEqual(['Rex']);
    expect(kit.menus.current(ann.session)).toBeNull();
    expect(ann.session.serverData[MENU_KEY]).toBeUndefined();
    // Commands are back.
    expect(await kit.typeText(ann, 'inventory')).toContain('Rex');
  });

  it('answers look, help and quit, and says so for a line that is no choice', async () => {
    await startPet(ann);
    expect(await kit.typeText(ann, 'look')).toContain('What kind of pet would you like?');
    expect(await kit.typeText(ann, 'help')).toContain('Pick the kind of pet you want to adopt.');
    expect(await kit.typeText(ann, 'dance')).toContain(MENU_MESSAGES.noMatch);
    expect(await kit.typeText(ann, '')).toContain('1');
    await kit.typeText(ann, '1');
    // A node without help of its own explains menus.
    expect(await kit.typeText(ann, 'h')).toContain('"quit" leaves the menu');
    // `look` is the menu's, not the room's, while in it.
    expect(await kit.typeText(ann, 'l')).toContain('What is your cat called?');

    const left = await kit.typeText(ann, 'quit');
    expect(left).toContain(MENU_MESSAGES.left);
    expect(left).toContain('Limbo');
    expect(kit.menus.current(ann.session)).toBeNull();
    expect(ann.session.cmdset.has('Menu')).toBe(false);
    expect(await kit.typeText(ann, 'look')).toContain('Limbo');
  });

  it('runs on one session: other players keep their commands', async () => {
    const bob = await kit.player('Bob');
    await startPet(ann);
    expect(await kit.typeText(bob, 'say hello')).toContain('You say, "hello"');
    expect(await kit.typeText(ann, 'say hello')).toContain(MENU_MESSAGES.noMatch);
  });

  it('can forbid quitting, and end with a function instead of a look', async () => {
    const ended: string[] = [];
    kit.menus.register(
      'oath',
      {
        start: () => ({
          text: 'Swear the oath?',
          options: [{ key: 'swear', desc: 'Swear it', goto: null }],
        }),
      },
      { allowQuit: false, onExit: (ctx, reason) => void ended.push(`${ctx.menu}:${reason}`) },
    );
    await kit.menus.start(ann.session, 'oath');
    expect(await kit.typeText(ann, 'quit')).toContain(MENU_MESSAGES.noMatch);
    expect(await kit.typeText(ann, 'help')).not.toContain('"quit" leaves');
    const sworn = await kit.typeText(ann, 'swear');
    expect(sworn).not.toContain('Limbo');
    expect(ended).toEqual(['oath:end']);
  });

  it('keeps the player where they were when a goto function fails, and lets them go on', async () => {
    let fail = true;
    kit.menus.register('flaky', {
      start: () => ({
        text: 'Try it?',
        options: [
          {
            desc: 'Try',
            goto: (ctx) => {
              ctx.state.tries = 1;
              if (fail) throw new Error('broken goto');
              return 'after';
            },
          },
        ],
      }),
      after: (ctx) => ({ text: `Tried ${String(ctx.state.tries)} time.` }),
    });
    await kit.menus.start(ann.session, 'flaky');
    const failed = await kit.typeText(ann, '1');
    expect(failed).not.toContain('Tried');
    expect(kit.menus.current(ann.session)).toEqual({ name: 'flaky', node: 'start', state: {} });
    fail = false;
    expect(await kit.typeText(ann, '1')).toContain('Tried 1 time.');
    // A node without options ends the menu once shown.
    expect(kit.menus.current(ann.session)).toBeNull();
  });

  it('refuses a state that is not plain JSON, keeping the old one', async () => {
    kit.menus.register('bad', {
      start: () => ({
        text: 'Go?',
        options: [{ desc: 'Go', goto: (ctx) => ((ctx.state.when = new Date()), 'start') }],
      }),
    });
    await kit.menus.start(ann.session, 'bad', { state: { n: 1 } });
    await kit.typeText(ann, '1');
    expect(kit.menus.current(ann.session)?.state).toEqual({ n: 1 });
    await expect(kit.menus.start(ann.session, 'bad', { state: { f: () => 1 } })).rejects.toThrow(
      expect.objectContaining({ code: 'MENU_STATE_INVALID' }) as Error,
    );
  });

  it('checks a menu when it is registered and started', () => {
    expect(() => kit.menus.register('pet', petNodes)).toThrow(
      expect.objectContaining({ code: 'MENU_INVALID' }) as Error,
    );
    expect(() => kit.menus.register('nostart', { begin: () => null })).toThrow(
      expect.objectContaining({ code: 'MENU_INVALID' }) as Error,
    );
    return expect(kit.menus.start(ann.session, 'nope')).rejects.toThrow(
      expect.objectContaining({ code: 'MENU_UNKNOWN' }) as Error,
    );
  });

  it('lets a goto start another menu in its place', async () => {
    kit.menus.register('hub', {
      start: () => ({
        text: 'Where to?',
        options: [
          {
            desc: 'Adopt a pet',
            goto: async (ctx) => {
              await ctx.startMenu('pet');
              return 'start';
            },
          },
        ],
      }),
    });
    await kit.menus.start(ann.session, 'hub');
    expect(await kit.typeText(ann, '1')).toContain('What kind of pet would you like?');
    expect(kit.menus.current(ann.session)?.name).toBe('pet');
    expect(await kit.typeText(ann, '1')).toContain('What is your cat called?');
  });
});

describe('a pass-through menu (a screen with numbered shortcuts)', () => {
  it('takes its choices, and any other line leaves it and runs as a command', async () => {
    kit.menus.register(
      'screen',
      {
        start: () => ({
          text: 'Things to do:',
          options: [{ desc: 'Wave', goto: (ctx) => void ctx.msg('You wave.') }],
        }),
      },
      { passThrough: true, onExit: null },
    );
    await kit.menus.start(ann.session, 'screen');
    const waved = await kit.typeText(ann, '1');
    expect(waved).toContain('You wave.');
    expect(waved).toContain('Things to do:');
    expect(await kit.typeText(ann, 'look')).toContain('Things to do:');
    expect(await kit.typeText(ann, 'say hi')).toContain('You say, "hi"');
    expect(kit.menus.current(ann.session)).toBeNull();
    expect(await kit.typeText(ann, '1')).toContain("Command '1' is not available");
  });
});

describe('a menu through a reload', () => {
  it('keeps the player on their node with the state so far, and goes on from there', async () => {
    await startPet(ann);
    await kit.typeText(ann, '1');
    expect(ann.session.serverData['cmdsets']).toEqual(['', MENU_CMDSET]);

    // The session as a reload leaves it: serverData through JSON, its cmdsets rebuilt by name.
    const resumed = (await kit.reloadSession(ann)).join('\n');
    expect(resumed).toContain('What is your cat called?');
    expect(kit.menus.current(ann.session)).toMatchObject({ node: 'name', state: { kind: 'cat' } });

    expect(await kit.typeText(ann, 'Tom')).toContain('Adopt a cat called Tom?');
    await kit.reloadSession(ann);
    expect(await kit.typeText(ann, 'y')).toContain('Tom is yours now.');
    expect(carried(ann)).toEqual(['Tom']);
    expect(ann.session.cmdset.has('Menu')).toBe(false);
  });

  it('lets the player out when the game no longer has the menu', async () => {
    kit.menus.register('brief', {
      start: () => ({ text: 'Brief?', options: [{ desc: 'Yes', goto: null }] }),
    });
    await kit.menus.start(ann.session, 'brief');
    ann.session.serverData[MENU_KEY] = {
      ...(ann.session.serverData[MENU_KEY] as object),
      name: 'removed',
    };
    expect((await kit.reloadSession(ann)).join('\n')).toContain(MENU_MESSAGES.gone);
    expect(await kit.typeText(ann, 'look')).toContain('Limbo');
  });
});
