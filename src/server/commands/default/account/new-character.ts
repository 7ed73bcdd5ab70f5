/**
 * The rules a new character's name must pass, wherever it is made: `charcreate <name>`, the
 * character menu's creation, a game's own chargen menu (`newCharacterProblem` is for them).
 */
import type { DefaultAccount } from '../../../accounts/account.ts';
import type { GameServices } from '../../../game-services.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';

/** Character names: what a player can type and others can read. */
const CHARACTER_NAME = /^[\p{L}\p{M}][\p{L}\p{M}\p{N}' -]{1,29}$/u;

/** A name as typed, tidied: spaces collapsed, Unicode-normalised (NFKC). */
export function characterName(typed: string): string {
  return typed.trim().replace(/\s+/g, ' ').normalize('NFKC');
}

/** Why `account` cannot make more characters, or null when it can. */
export function characterLimitProblem(
  services: GameServices,
  account: DefaultAccount<ServerSession>,
): string | null {
  const { puppeting } = services;
  const max = puppeting.rules.maxCharacters;
  if (account.isSuperuser || puppeting.characters(account).length < max) return null;
  return `You may only have ${max} character${max === 1 ? '' : 's'}.`;
}

/** Why a character called `name` (tidied) cannot be made for `account`, or null. */
export function newCharacterProblem(
  services: GameServices,
  account: DefaultAccount<ServerSession>,
  name: string,
): string | null {
  if (!CHARACTER_NAME.test(name)) {
    return 'A character name is 2 to 30 letters, digits, spaces, hyphens or apostrophes, starting with a letter.';
  }
  const limit = characterLimitProblem(services, account);
  if (limit !== null) return limit;
  const lower = name.toLowerCase();
  const taken = services.objects.all().some((o) => o.isCharacter && o.key.toLowerCase() === lower);
  return taken ? `A character named '${name}' already exists.` : null;
}
