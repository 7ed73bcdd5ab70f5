/**
 * Who runs a command, as a command sees it. Sessions, accounts and puppets implement these
 * small interfaces (the Server's `ServerSession` already fits `CommandSession`), so the
 * command system imports none of them.
 */
import type { LockSubject } from '../locks/lock-subject.ts';

/** The connection a line came from. */
export interface CommandSession {
  readonly sessid: number;
  msg(text: string): void;
}

/** Something text can be sent to, optionally to just one of its sessions (REFERENCE.md §8). */
export interface MessageReceiver {
  msg(text: string, options?: { session?: CommandSession }): void;
}

/** An account or a puppet as a caller: it has permissions and receives text. */
export interface CallerEntity extends LockSubject, MessageReceiver {}

/** `command.caller`: the puppet, else the account, else the bare session (before login). */
export type CommandCaller = CallerEntity | CommandSession;
