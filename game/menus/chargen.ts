/**
 * An example menu: making a character step by step — a name, a line saying how others see
 * them, then a confirmation. Registered as 'chargen' in game.ts, it replaces Waystone's own
 * (which asks only for a name): `charcreate` with no name opens it, and so does "Create a
 * character" on the character screen, which is a menu in multisession modes 2 and 3 (this
 * demo plays in mode 0, where each account has one character made with it; set
 * `multisessionMode: 2` in settings.ts to see the screen).
 *
 * Each node only describes; the goto functions check what the player typed (returning
 * `{ error }` keeps them on the question) and the last one makes the character. The state —
 * the name and description so far — is plain JSON: it outlives a `waystone reload`, so a
 * player midway through keeps their place.
 */
import {
  authoredText,
  characterName,
  neutralise,
  newCharacterProblem,
  type MenuContext,
  type MenuNodes,
} from 'waystone';

interface ChargenState {
  name?: string;
  desc?: string;
}

type Ctx = MenuContext<ChargenState>;

/** A short description: one line, a few words at least. */
const DESC_MIN = 10;
const DESC_MAX = 300;

export const chargen: MenuNodes<ChargenState> = {
  start: () => ({
    text: 'Who will you be? Type a name for your new character (2 to 30 letters).',
    help: 'The name others will know your character by. "quit" leaves without making one.',
    options: [{ key: '_default', goto: chooseName }],
  }),

  describe: (ctx) => {
    const name = neutralise(ctx.state.name ?? '');
    return {
      text: `${name} it is. In one line, how do others see ${name} when they look?`,
      help: `A sentence or two, ${DESC_MIN} to ${DESC_MAX} characters. You can change it later with "desc".`,
      options: [
        { key: ['b', 'back'], desc: 'Choose another name', goto: 'start' },
        { key: '_default', goto: chooseDescription },
      ],
    };
  },

  confirm: (ctx) => ({
    text: [
      `Name:        ${neutralise(ctx.state.name ?? '')}`,
      `Description: ${neutralise(ctx.state.desc ?? '')}`,
      '',
      'Make this character?',
    ].join('\n'),
    options: [
      { key: ['y', 'yes'], desc: 'Yes, make them', goto: create },
      { key: ['n', 'no'], desc: 'No, start over', goto: startOver },
    ],
  }),
};

function chooseName(ctx: Ctx, input: string): string | { error: string } {
  const account = ctx.account;
  if (account === null) return { error: 'You are not logged in.' };
  const name = characterName(input);
  const problem = newCharacterProblem(ctx.services, account, name);
  if (problem !== null) return { error: neutralise(problem) };
  ctx.state.name = name;
  return 'describe';
}

function chooseDescription(ctx: Ctx, input: string): string | { error: string } {
  const desc = input.trim();
  if (desc.length < DESC_MIN || desc.length > DESC_MAX) {
    return { error: `A description is ${DESC_MIN} to ${DESC_MAX} characters.` };
  }
  ctx.state.desc = desc;
  return 'confirm';
}

async function create(ctx: Ctx): Promise<null | string | { error: string }> {
  const account = ctx.account;
  const name = ctx.state.name ?? '';
  if (account === null) return { error: 'You are not logged in.' };
  // Checked again: another session may have taken the name meanwhile.
  const problem = newCharacterProblem(ctx.services, account, name);
  if (problem !== null) {
    ctx.msg(neutralise(problem));
    return 'start';
  }
  const { puppeting, objects } = ctx.services;
  // Stored as its writer may write it: a player's description shows as typed.
  const desc = authoredText(ctx.state.desc ?? '', account, objects);
  await puppeting.createCharacter(account, name, desc);
  ctx.msg(`${neutralise(name)} is ready to play.`);
  return null;
}

function startOver(ctx: Ctx): string {
  ctx.state = {};
  return 'start';
}
