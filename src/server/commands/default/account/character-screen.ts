/**
 * The out-of-character screen, wherever it shows (a login that puppets nothing, `ooc`, `look`
 * while OOC): the character menu when the `characterMenu` setting says so ('auto': modes 2 and
 * 3), else the text screen (ooc-screen.ts).
 */
import type { GameServices } from '../../../game-services.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';
import type { Command } from '../../command.ts';
import { CHARACTER_MENU } from './character-menu.ts';
import { oocScreen } from './ooc-screen.ts';

export function usesCharacterMenu(services: GameServices): boolean {
  const setting = services.config.characterMenu;
  return setting === 'auto' ? services.puppeting.rules.mode >= 2 : setting;
}

/** Show `session` its character screen; `command` is the one showing it, if any. */
export async function showCharacterScreen(
  services: GameServices,
  session: ServerSession,
  command: Command | null = null,
): Promise<void> {
  if (usesCharacterMenu(services)) await services.menus.start(session, CHARACTER_MENU, {}, command);
  else session.msg(oocScreen(session, services.puppeting));
}
