/**
 * Helpers the character commands share: the puppet behind a command, and moving it with the
 * look a player expects on arrival (the object layer's moveTo announces the move to the rooms;
 * what the traveller sees of the new room is up to the command that moved it).
 */
import type { DefaultObject, MoveOptions } from '../../../objects/object.ts';
import type { Command } from '../../command.ts';

/** The character a character command runs as (its `caller`). */
export function puppetOf(cmd: Command): DefaultObject {
  return cmd.caller as unknown as DefaultObject;
}

/** Moves `obj`; when it moved, anyone puppeting it sees where it arrived. */
export async function moveAndLook(
  obj: DefaultObject,
  destination: DefaultObject,
  options: MoveOptions = {},
): Promise<boolean> {
  const moved = await obj.moveTo(destination, options);
  if (moved) showLocation(obj);
  return moved;
}

/** What `look` would show `obj` of where it is now, sent to its sessions. */
export function showLocation(obj: DefaultObject): void {
  const here = obj.location;
  if (here !== null && obj.hasAccount) obj.msg(here.returnAppearance(obj));
}
