/**
 * The logged-in sets: the session set (−20, things about this connection) and the account set
 * (−10, the out-of-character commands and the admin tools).
 */
import type { GameServices } from '../../../game-services.ts';
import { CmdSet } from '../../cmdset.ts';
import type { HelpEntryRegistry } from '../../help-entries.ts';
import { CmdChannel } from '../comms/channel.ts';
import { CmdNick } from '../comms/nick.ts';
import { CmdIrc2Chan } from '../comms/irc2chan.ts';
import { CmdRss2Chan } from '../comms/rss2chan.ts';
import { CmdHelp } from '../help.ts';
import { CmdServer } from '../system/server-load.ts';
import { CmdEncoding, CmdScreenreader } from '../unloggedin/screen.ts';
import { CmdBan, CmdBoot, CmdReload, CmdReset, CmdShutdown, CmdUnban } from './admin.ts';
import { CmdCharCreate, CmdCharDelete, CmdIC, CmdOOC } from './characters.ts';
import { CmdOption } from './options.ts';
import { CmdOocLook, CmdPassword, CmdQuit, CmdSessions } from './ooc.ts';
import { CmdWho } from './who.ts';

export class SessionCmdSet extends CmdSet {
  override key = 'DefaultSession';
  override priority = -20;

  constructor(private readonly services: GameServices) {
    super();
  }

  override atCmdsetCreation(): void {
    this.add([new CmdSessions(this.services), new CmdScreenreader(), new CmdEncoding()]);
  }
}

export class AccountCmdSet extends CmdSet {
  override key = 'DefaultAccount';
  override priority = -10;
  // One instance for every account: commands act on their caller's session and account.
  override shared = true;

  constructor(
    private readonly services: GameServices,
    private readonly helpEntries: HelpEntryRegistry | null = null,
  ) {
    super();
  }

  override atCmdsetCreation(): void {
    const s = this.services;
    this.add([
      new CmdOocLook(s),
      new CmdIC(s),
      new CmdOOC(s),
      new CmdCharCreate(s),
      new CmdCharDelete(s),
      new CmdOption(s),
      new CmdQuit(s),
      new CmdWho(s),
      new CmdPassword(s),
      new CmdHelp(this.helpEntries),
      new CmdBan(s),
      new CmdUnban(s),
      new CmdBoot(s),
      new CmdReload(s),
      new CmdReset(s),
      new CmdShutdown(s),
      new CmdChannel(s),
      new CmdNick(s),
      new CmdIrc2Chan(s),
      new CmdRss2Chan(s),
      new CmdServer(s),
    ]);
  }
}
