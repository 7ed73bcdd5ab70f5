/**
 * The caller context for a command an object runs itself (`obj.execute(line)`): an NPC or a
 * script acts as a puppet would — its own cmdsets, then its location's and what is there —
 * with no session, account or session sets (Evennia's execute_cmd on an object). The Server
 * and the WorldTestKit both build it here, so a game's tests see what the game will.
 */
import type { CommandSession } from './caller.ts';
import type { CallerContext, CmdSetCarrier, LocalCmdSetSource } from './caller-context.ts';

/** An object as far as running commands goes: DefaultObject satisfies it. */
export interface ActingObject extends CmdSetCarrier {
  readonly location: { commandSources(): Iterable<LocalCmdSetSource> } | null;
}

export function objectCallerContext(
  obj: ActingObject,
  session: CommandSession | null,
): CallerContext {
  const here = obj.location;
  return {
    session,
    sessionCmdset: null,
    account: null,
    puppet: obj,
    ...(here ? { localSources: () => here.commandSources() } : {}),
  };
}
