/**
 * Who runs a command, as a command sees it. Sessions, accounts and puppets implement these
 * small interfaces (the Server's `ServerSession` already fits `CommandSession`), so the
 * command system imports none of them.
 */
import type { ProtocolFlags } from '../../shared/session-data.ts';
import type { LockSubject } from '../locks/lock-subject.ts';

/** The connection a line came from. */
export interface CommandSession {
  readonly sessid: number;
  msg(text: string): void;
  /** The client's flags (SCREENWIDTH, SCREENREADER…): what `command.table` fits to. */
  readonly protocolFlags?: Readonly<ProtocolFlags>;
  /**
   * Show long text a page at a time (text-ui/pager-cmdset.ts); false when it is not paged
   * (the pager is off for this client, the text fits) and nothing was sent.
   */
  page?(text: string): boolean;
}

/** Something text can be sent to, optionally to just one of its sessions (REFERENCE.md §8). */
export interface MessageReceiver {
  msg(text: string, options?: { session?: CommandSession }): void;
}

/** An account or a puppet as a caller: it has permissions and receives text. */
export interface CallerEntity extends LockSubject, MessageReceiver {}

/** `command.caller`: the puppet, else the account, else the bare session (before login). */
export type CommandCaller = CallerEntity | CommandSession;
