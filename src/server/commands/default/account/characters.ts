/**
 * Choosing who to play (REFERENCE.md §6): `ic`/`puppet`, `ooc`/`unpuppet`, `charcreate` and
 * `chardelete`. The rules (sharing, taking over, limits) live in the puppeting layer; these
 * commands find the character the player means and report.
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import { authoredText } from '../../../objects/authored-text.ts';
import { MAX_DESC_LENGTH } from '../builder/describe.ts';
import type { DefaultAccount } from '../../../accounts/account.ts';
import type { GameServices } from '../../../game-services.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { matchObjects } from '../../../objects/search.ts';
import { PUPPET_MESSAGES } from '../../../puppeting/puppeting.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';
import { Command } from '../../command.ts';
import { CHARGEN_MENU } from './character-menu.ts';
import { showCharacterScreen } from './character-screen.ts';
import { characterLimitProblem, characterName, newCharacterProblem } from './new-character.ts';

type Account = DefaultAccount<ServerSession>;

// These commands reply to the session itself, not through `this.msg`: that speaks through the
// caller, which is the puppet while in character — and the puppet is what they let go of.
function sessionOf(cmd: Command): ServerSession {
  return cmd.session as ServerSession;
}

function accountOf(cmd: Command): Account {
  return sessionOf(cmd).account as Account;
}

/**
 * The one character `query` names among `candidates` (the player's own, and for Developers
 * any by `#id`); tells the player and returns null when there is none or several.
 */
function pickCharacter(
  cmd: Command,
  query: string,
  candidates: readonly DefaultObject[],
): DefaultObject | null {
  const found = matchObjects(query, candidates);
  const shown = neutralise(query.trim());
  if (found.length === 1) return found[0] as DefaultObject;
  if (found.length === 0) sessionOf(cmd).msg(`You have no character called '${shown}'.`);
  else
    sessionOf(cmd).msg(
      [
        `More than one character matches '${shown}':`,
        ...found.map((c, i) => ` ${i + 1}-${c.getDisplayName(null)}`),
      ].join('\n'),
    );
  return null;
}

export class CmdIC extends Command {
  override key = 'ic';
  override aliases = ['puppet'];
  override helpCategory = 'General';
  override help = `
    Play one of your characters (go in character).

    Usage:
      ic <character>
    With no name, plays the character you played last. "ooc" lets go again.
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const { puppeting, objects } = this.services;
    const session = sessionOf(this);
    const account = accountOf(this);
    const query = this.args.trim();
    let target: DefaultObject | null;
    if (query === '') {
      target = puppeting.loginCharacter(account);
      if (!target) {
        sessionOf(this).msg(
          'Usage: ic <character> (you have no characters yet: see "charcreate").',
        );
        return;
      }
    } else {
      // Developers may puppet anything by #id; everyone else picks among their own.
      const byId = /^#\d+$/.test(query) ? objects.cached(Number(query.slice(1))) : undefined;
      target =
        byId && !byId.isDeleted ? byId : pickCharacter(this, query, puppeting.characters(account));
      if (!target) return;
    }
    await account.puppetObject(session, target);
  }
}

export class CmdOOC extends Command {
  override key = 'ooc';
  override aliases = ['unpuppet'];
  override helpCategory = 'General';
  override help = `
    Stop playing your character (go out of character) and see your account.

    Usage:
      ooc
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const session = sessionOf(this);
    if (!(await accountOf(this).unpuppetObject(session))) {
      sessionOf(this).msg(PUPPET_MESSAGES.notPuppeting);
      return;
    }
    sessionOf(this).msg(PUPPET_MESSAGES.ooc);
    await showCharacterScreen(this.services, session, this);
  }
}

export class CmdCharCreate extends Command {
  override key = 'charcreate';
  override helpCategory = 'General';
  override help = `
    Make a new character.

    Usage:
      charcreate <name> [= description]
      charcreate              make one step by step (the game's character creation menu)
    How many characters you may have depends on the game; "look" (out of character) shows yours.
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const { puppeting, objects } = this.services;
    const account = accountOf(this);
    const [rawName = '', ...descParts] = this.args.split('=');
    const name = characterName(rawName);
    const desc = descParts.join('=').trim();
    if (name === '') {
      // No name: make one step by step, in the game's chargen menu (or Waystone's).
      const full = characterLimitProblem(this.services, account);
      if (full !== null) sessionOf(this).msg(full);
      else await this.services.menus.start(sessionOf(this), CHARGEN_MENU, {}, this);
      return;
    }
    const problem = newCharacterProblem(this.services, account, name);
    if (problem !== null) {
      sessionOf(this).msg(neutralise(problem));
      return;
    }
    if (desc.length > MAX_DESC_LENGTH) {
      sessionOf(this).msg(`That description is too long (at most ${MAX_DESC_LENGTH} characters).`);
      return;
    }
    // Stored as its writer may write it: a player's description shows as typed.
    const character = await puppeting.createCharacter(
      account,
      name,
      authoredText(desc, account, objects),
    );
    sessionOf(this).msg(
      `Created new character ${character.key}. Use "ic ${character.key}" to play it.`,
    );
  }
}

export class CmdCharDelete extends Command {
  override key = 'chardelete';
  override helpCategory = 'General';
  override help = `
    Delete one of your characters, for good (you are asked to confirm).

    Usage:
      chardelete <name>
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const { puppeting } = this.services;
    const account = accountOf(this);
    const query = this.args.trim();
    if (query === '') {
      sessionOf(this).msg('Usage: chardelete <name>');
      return;
    }
    const character = pickCharacter(this, query, puppeting.characters(account));
    if (!character) return;
    if (!character.locks.check(account, 'delete', false)) {
      sessionOf(this).msg(`You are not allowed to delete ${character.getDisplayName(null)}.`);
      return;
    }
    const name = character.getDisplayName(null);
    if (!(await this.yesNo(`Delete ${name} for good? This cannot be undone.`))) {
      sessionOf(this).msg('Deletion cancelled.');
      return;
    }
    if (character.isDeleted) return;
    await puppeting.deleteCharacter(character);
    sessionOf(this).msg(`Character '${name}' was permanently deleted.`);
  }
}
