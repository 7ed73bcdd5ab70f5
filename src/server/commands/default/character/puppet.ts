/**
 * Helpers the character commands share: the puppet behind a command, finding what a player
 * names ("the bell" as well as "bell"), and moving it with the look a player expects on arrival
 * (the object layer's moveTo announces the move to the rooms; what the traveller sees of the
 * new room is up to the command that moved it).
 */
import { withoutArticle } from '../../../objects/articles.ts';
import type { DefaultObject, MoveOptions, SearchOptions } from '../../../objects/object.ts';
import type { Command } from '../../command.ts';

/** The character a character command runs as (its `caller`). */
export function puppetOf(cmd: Command): DefaultObject {
  return cmd.caller as unknown as DefaultObject;
}

/**
 * `self.search(query)` (which tells the player when nothing or several match), also when the
 * player wrote an article: `look at the bell` finds the bell when nothing is called "the bell".
 */
export function searchNamed(
  self: DefaultObject,
  query: string,
  options: SearchOptions = {},
): DefaultObject | null {
  const bare = withoutArticle(query);
  if (bare === null) return self.search(query, options);
  return self.search(query, { ...options, quiet: true }) ?? self.search(bare, options);
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
