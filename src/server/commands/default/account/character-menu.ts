/**
 * Waystone's own menus (server/menus/), registered on every game:
 *
 *   'characters'  the out-of-character character screen as a menu (modes 2 and 3 by default,
 *                 the `characterMenu` setting): "1: Play Ann", "2: Create a character",
 *                 "3: Delete a character". A pass-through menu: any line that is not a choice
 *                 leaves it and runs as a command, so `ic Ann`, `charcreate`, `help` and
 *                 `quit` work as ever.
 *   'chargen'     making a character interactively: `charcreate` with no name, and the
 *                 character screen's "Create a character". Waystone's asks for a name; a game
 *                 replaces it by registering its own 'chargen' (the demo game asks for a name,
 *                 a short description and a confirmation).
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import type { DefaultAccount } from '../../../accounts/account.ts';
import type { MenuContext, MenuNodes, MenuOption } from '../../../menus/menu-types.ts';
import type { Menus } from '../../../menus/menus.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';
import { characterLimitProblem, characterName, newCharacterProblem } from './new-character.ts';
import { oocSummary } from './ooc-screen.ts';

export const CHARACTER_MENU = 'characters';
export const CHARGEN_MENU = 'chargen';

/** Characters offered to play (a superuser may own many more than a player). */
const MAX_LISTED = 30;

type Account = DefaultAccount<ServerSession>;
interface CharacterMenuState {
  /** The character chosen for deletion, by id. */
  pick?: number;
}
type Ctx = MenuContext<CharacterMenuState>;

export function registerDefaultMenus(menus: Menus): Menus {
  menus.register(CHARACTER_MENU, characterNodes, { passThrough: true, onExit: null });
  menus.register(CHARGEN_MENU, chargenNodes, { replaceable: true });
  return menus;
}

function accountOf(ctx: MenuContext<object>): Account {
  const account = ctx.account;
  if (account === null) throw new Error('the character menu needs a logged-in session');
  return account;
}

function charactersOf(ctx: Ctx): DefaultObject[] {
  return ctx.services.puppeting.characters(accountOf(ctx));
}

const characterNodes: MenuNodes<CharacterMenuState> = {
  start: (ctx) => {
    const account = accountOf(ctx);
    const characters = charactersOf(ctx);
    const options: MenuOption<CharacterMenuState>[] = characters
      .slice(0, MAX_LISTED)
      .map((c) => ({ desc: `Play ${c.getDisplayName(null)}`, goto: play(c.id) }));
    if (characterLimitProblem(ctx.services, account) === null) {
      options.push({ desc: 'Create a character', goto: create });
    }
    if (characters.length > 0) options.push({ desc: 'Delete a character', goto: 'delete' });
    const lines = oocSummary(ctx.session, ctx.services.puppeting);
    lines.push('', 'Choose by number, or type any command ("help" lists them).');
    return {
      text: lines.join('\n'),
      help: 'Type the number of a choice. Any other line leaves this menu and runs as a command: "ic <name>", "charcreate <name>", "help", "quit"… "look" shows the choices again.',
      options,
    };
  },

  delete: (ctx) => {
    const options: MenuOption<CharacterMenuState>[] = charactersOf(ctx)
      .slice(0, MAX_LISTED)
      .map((c) => ({
        desc: c.getDisplayName(null),
        goto: (next: Ctx) => {
          next.state.pick = c.id;
          return 'confirmDelete';
        },
      }));
    options.push({ key: ['b', 'back'], desc: 'Back', goto: 'start' });
    return { text: 'Which character do you want to delete, for good?', options };
  },

  confirmDelete: (ctx) => {
    const back: MenuOption<CharacterMenuState> = {
      key: ['b', 'back'],
      desc: 'Back',
      goto: 'start',
    };
    const character = charactersOf(ctx).find((c) => c.id === ctx.state.pick);
    if (character === undefined) return { text: 'That character is gone.', options: [back] };
    const name = character.getDisplayName(null);
    if (!character.locks.check(accountOf(ctx), 'delete', false)) {
      return { text: `You are not allowed to delete ${name}.`, options: [back] };
    }
    return {
      text: `Delete ${name} for good? This cannot be undone.`,
      options: [
        { key: ['y', 'yes'], desc: `Yes, delete ${name}`, goto: deletePicked },
        {
          key: ['n', 'no'],
          desc: 'No',
          goto: (next: Ctx) => {
            next.msg('Deletion cancelled.');
            return 'start';
          },
        },
      ],
    };
  },
};

/** Play a character: the menu ends when the session puppets it; else the screen shows again. */
function play(id: number) {
  return async (ctx: Ctx): Promise<null | undefined> => {
    const character = charactersOf(ctx).find((c) => c.id === id);
    if (character === undefined) {
      ctx.msg('That character is gone.');
      return undefined;
    }
    return (await accountOf(ctx).puppetObject(ctx.session, character)) ? null : undefined;
  };
}

/** The game's chargen menu (or Waystone's) takes over from here. */
async function create(ctx: Ctx): Promise<undefined> {
  await ctx.startMenu(CHARGEN_MENU);
  return undefined;
}

async function deletePicked(ctx: Ctx): Promise<string | { error: string }> {
  const character = charactersOf(ctx).find((c) => c.id === ctx.state.pick);
  delete ctx.state.pick;
  if (character === undefined) return { error: 'That character is gone.' };
  if (!character.locks.check(accountOf(ctx), 'delete', false)) {
    return { error: `You are not allowed to delete ${character.getDisplayName(null)}.` };
  }
  const name = character.getDisplayName(null);
  await ctx.services.puppeting.deleteCharacter(character);
  ctx.msg(`Character '${name}' was permanently deleted.`);
  return 'start';
}

const chargenNodes: MenuNodes = {
  start: () => ({
    text: 'What is your new character called? (2 to 30 letters; "quit" leaves)',
    help: 'Type the name your character will go by. "quit" leaves without making one.',
    options: [{ key: '_default', goto: createNamed }],
  }),
};

async function createNamed(ctx: MenuContext, input: string): Promise<null | { error: string }> {
  const account = accountOf(ctx);
  const name = characterName(input);
  const problem = newCharacterProblem(ctx.services, account, name);
  if (problem !== null) return { error: neutralise(problem) };
  const character = await ctx.services.puppeting.createCharacter(account, name);
  ctx.msg(`Created new character ${character.key}. Use "ic ${character.key}" to play it.`);
  return null;
}
