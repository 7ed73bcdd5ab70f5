/**
 * The pager's commands (Evennia's CmdSetMore): while a session pages through a long text, a
 * cmdset on that session alone (`session.cmdset`, not saved: a reload ends the paging and the
 * player's next line runs as usual) replaces every other command:
 *
 *   next, n, more, or Enter alone   the next page (past the last: leave the pager)
 *   back, b                         the page before
 *   top, t                          the first page
 *   end, e                          the last page
 *   quit, q, abort, a               leave the pager
 *   anything else                   leaves the pager quietly and runs as a command, so a
 *                                   player who has read enough just carries on playing
 *
 * The set's priority (120) is above exits (101) and everything a room offers, and it keeps
 * objects, exits and channels out of the merge: `n` is the next page, not the north exit.
 * The account's other sessions are not paged and keep all their commands.
 */
import type { ProtocolFlags } from '../../shared/session-data.ts';
import { CmdSet } from '../commands/cmdset.ts';
import type { CmdSetHandler } from '../commands/cmdset-handler.ts';
import { Command } from '../commands/command.ts';
import { CMD_NOINPUT, CMD_NOMATCH } from '../commands/system-keys.ts';
import { Pager, pageRows, pagerHeight, paginate, screenWidth } from './pager.ts';

/** The session a pager runs on: its flags, its output and its own cmdsets. */
export interface PagerHost {
  readonly protocolFlags: Readonly<ProtocolFlags>;
  msg(text: string): void;
  readonly cmdset: CmdSetHandler;
}

export const PAGER_CMDSET_KEY = 'Pager';
export const PAGER_LEFT = 'Left the pager.';

type PagerAction = 'next' | 'back' | 'top' | 'end' | 'quit';

class PagerCommand extends Command {
  override autoHelp = false;
  // Pages go to the session that pages, whatever the account's other windows are doing.
  override msgAllSessions = false;

  constructor(
    key: string,
    aliases: readonly string[],
    private readonly action: PagerAction,
    private readonly set: PagerCmdSet,
  ) {
    super();
    this.key = key;
    this.aliases = aliases;
  }

  func(): void {
    this.set.act(this.action);
  }
}

/** Anything that is not a pager key: leave the pager and run it as a command. */
class PagerLeaveAndRun extends Command {
  override key = CMD_NOMATCH;
  override autoHelp = false;

  constructor(private readonly set: PagerCmdSet) {
    super();
  }

  async func(): Promise<void> {
    this.set.close();
    await this.execute(this.rawString);
  }
}

export class PagerCmdSet extends CmdSet {
  override key = PAGER_CMDSET_KEY;
  override priority = 120;
  override mergeType = 'Replace' as const;
  override noObjs = true;
  override noExits = true;
  override noChannels = true;

  constructor(
    readonly pager: Pager,
    private readonly host: PagerHost,
  ) {
    super();
  }

  override atCmdsetCreation(): void {
    this.add([
      new PagerCommand('next', ['n', 'more'], 'next', this),
      new PagerCommand(CMD_NOINPUT, [], 'next', this),
      new PagerCommand('back', ['b'], 'back', this),
      new PagerCommand('top', ['t'], 'top', this),
      new PagerCommand('end', ['e'], 'end', this),
      new PagerCommand('quit', ['q', 'abort', 'a'], 'quit', this),
      new PagerLeaveAndRun(this),
    ]);
  }

  /** Show the page the reader is on. */
  show(): void {
    this.host.msg(this.pager.current());
  }

  act(action: PagerAction): void {
    switch (action) {
      case 'next':
        if (!this.pager.next()) {
          this.close();
          this.host.msg(PAGER_LEFT);
          return;
        }
        break;
      case 'back':
        this.pager.back();
        break;
      case 'top':
        this.pager.top();
        break;
      case 'end':
        this.pager.end();
        break;
      case 'quit':
        this.close();
        this.host.msg(PAGER_LEFT);
        return;
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
    this.show();
  }

  /** Take the pager's commands off the session. */
  close(): void {
    this.host.cmdset.remove(this);
  }
}

/**
 * Show `text` a page at a time on `host`, if its client is paged (pager.ts) and the text is
 * longer than a page: the first page is sent and the pager's commands take over. False when
 * the text was not paged (nothing was sent: send it whole). A text paged while another is
 * being read replaces it.
 */
export function startPager(host: PagerHost, text: string): boolean {
  const height = pagerHeight(host.protocolFlags);
  if (height === null) return false;
  const pages = paginate(text, pageRows(height), screenWidth(host.protocolFlags));
  if (pages.length <= 1) return false;
  host.cmdset.remove(PAGER_CMDSET_KEY);
  const set = new PagerCmdSet(new Pager(pages), host);
  host.cmdset.add(set, { persistent: false });
  set.show();
  return true;
}
