/**
 * The cmdsets the default game gives objects as they enter memory (the object manager's
 * `onLoaded`): characters get the character set, exits the command that is their name.
 * The Server and the world test kit both use this, so tests see what players get.
 */
import type { GameServices } from '../../../game-services.ts';
import { DefaultCharacter } from '../../../objects/character.ts';
import { DefaultExit } from '../../../objects/exit.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { CharacterCmdSet } from './character-cmdset.ts';

/** One character set per running game, shared by every character (CmdSet.shared). */
const characterSets = new WeakMap<GameServices, CharacterCmdSet>();

export function addDefaultCmdSets(obj: DefaultObject, services: GameServices): void {
  if (obj instanceof DefaultCharacter) {
    let set = characterSets.get(services);
    if (set === undefined) characterSets.set(services, (set = new CharacterCmdSet(services)));
    obj.cmdset.addDefault(set);
  } else if (obj instanceof DefaultExit) obj.refreshCmdset();
}
