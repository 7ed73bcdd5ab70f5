/**
 * The text `look` shows: an object's name, its description and what it holds, grouped as
 * exits, characters and things (Evennia's appearance template). Every part arrives here
 * already neutralised by the caller; this file only lays them out.
 */

/**
 * Most names a group lists; the rest are counted ("and 212 others"). A crowded room stays
 * readable, and a login into a room of thousands does not send thousands of names.
 */
export const APPEARANCE_LIST_MAX = 40;

/** A group: the names to list (at most APPEARANCE_LIST_MAX) and how many there are in all. */
export interface AppearanceGroup {
  names: readonly string[];
  total: number;
}

export interface AppearanceParts {
  name: string;
  desc: string;
  exits: AppearanceGroup;
  characters: AppearanceGroup;
  things: AppearanceGroup;
}

function list(group: AppearanceGroup): string {
  const more = group.total - group.names.length;
  if (more <= 0) return group.names.join(', ');
  return `${group.names.join(', ')} and ${more.toLocaleString('en-US')} other${more === 1 ? '' : 's'}`;
}

export function formatAppearance(parts: AppearanceParts): string {
  const lines = [`|c${parts.name}|n`];
  if (parts.desc !== '') lines.push(parts.desc);
  if (parts.exits.total > 0) lines.push(`|wExits:|n ${list(parts.exits)}`);
  if (parts.characters.total > 0) lines.push(`|wCharacters:|n ${list(parts.characters)}`);
  if (parts.things.total > 0) lines.push(`|wYou see:|n ${list(parts.things)}`);
  return lines.join('\n');
}
