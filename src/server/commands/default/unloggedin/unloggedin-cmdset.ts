/** What a connection can do before it logs in (REFERENCE.md §4). */
import type { GameServices } from '../../../game-services.ts';
import { CmdSet } from '../../cmdset.ts';
import type { HelpEntryRegistry } from '../../help-entries.ts';
import { CmdHelp } from '../help.ts';
import { CmdConnect } from './connect.ts';
import { CmdCreate } from './create.ts';
import {
  CmdEncoding,
  CmdInfo,
  CmdScreenreader,
  CmdUnloggedinLook,
  CmdUnloggedinQuit,
} from './screen.ts';

export class UnloggedinCmdSet extends CmdSet {
  override key = 'DefaultUnloggedin';
  override priority = -20;

  constructor(
    private readonly services: GameServices,
    private readonly helpEntries: HelpEntryRegistry | null = null,
  ) {
    super();
  }

  override atCmdsetCreation(): void {
    const s = this.services;
    this.add([
      new CmdConnect(s),
      new CmdCreate(s),
      new CmdUnloggedinLook(s),
      new CmdUnloggedinQuit(),
      new CmdInfo(s),
      new CmdScreenreader(),
      new CmdEncoding(),
      new CmdHelp(this.helpEntries),
    ]);
  }
}
