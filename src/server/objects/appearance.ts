/**
 * The text `look` shows: an object's name, its description and what it holds, grouped as
 * exits, characters and things (Evennia's appearance template). Every part arrives here
 * already neutralised by the caller; this file only lays them out.
 */

export interface AppearanceParts {
  name: string;
  desc: string;
  exits: readonly string[];
  characters: readonly string[];
  things: readonly string[];
}

export function formatAppearance(parts: AppearanceParts): string {
  const lines = [`|c${parts.name}|n`];
  if (parts.desc !== '') lines.push(parts.desc);
  if (parts.exits.length > 0) lines.push(`|wExits:|n ${parts.exits.join(', ')}`);
  if (parts.characters.length > 0) {
    lines.push(`|wCharacters:|n ${parts.characters.join(', ')}`);
  }
  if (parts.things.length > 0) lines.push(`|wYou see:|n ${parts.things.join(', ')}`);
  return lines.join('\n');
}
