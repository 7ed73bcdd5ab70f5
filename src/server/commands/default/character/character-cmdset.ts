/**
 * What a character can do in the world (priority 0, merged over the account's set): look and
 * talk, get about, handle things, see the time, and — for Builders — build. Exits lend their
 * own names from the room (exits.ts).
 */
import type { GameServices } from '../../../game-services.ts';
import { CmdSet } from '../../cmdset.ts';
import { builderCommands } from '../builder/builder-commands.ts';
import { CmdScript } from '../system/script.ts';
import { CmdScripts } from '../system/scripts.ts';
import { CmdTickers } from '../system/tickers.ts';
import { CmdTime } from '../system/time.ts';
import { CmdPage, CmdWhisper } from './communication.ts';
import { CmdGo, CmdHome } from './exits.ts';
import { CmdDesc } from './desc.ts';
import { CmdLook, CmdPose, CmdSay } from './general.ts';
import { CmdDrop, CmdGet, CmdGive, CmdInventory } from './items.ts';

export class CharacterCmdSet extends CmdSet {
  override key = 'DefaultCharacter';
  override priority = 0;
  // One instance for every character: commands act on their caller.
  override shared = true;

  constructor(protected readonly services: GameServices) {
    super();
  }

  override atCmdsetCreation(): void {
    const s = this.services;
    this.add([new CmdLook(), new CmdSay(), new CmdPose(), new CmdDesc(s)]);
    this.add([new CmdWhisper(), new CmdPage(s)]);
    this.add([new CmdGo(), new CmdHome()]);
    this.add([new CmdGet(), new CmdDrop(), new CmdGive(), new CmdInventory()]);
    this.add([new CmdTime(s), new CmdScripts(s), new CmdScript(s), new CmdTickers(s)]);
    this.add(builderCommands(s));
  }
}
