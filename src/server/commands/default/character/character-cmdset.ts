/** What a character can do in the world (priority 0, merged over the account's set). */
import type { GameServices } from '../../../game-services.ts';
import { CmdSet } from '../../cmdset.ts';
import { CmdLook, CmdPose, CmdSay } from './general.ts';

export class CharacterCmdSet extends CmdSet {
  override key = 'DefaultCharacter';
  override priority = 0;

  constructor(protected readonly services: GameServices) {
    super();
  }

  override atCmdsetCreation(): void {
    this.add([new CmdLook(), new CmdSay(), new CmdPose()]);
  }
}
