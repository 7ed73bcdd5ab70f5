/**
 * What the command handler needs to know about whoever typed a line: the interface the Server
 * (and later the account and object layers) implement. Cmdsets are gathered from, low to high
 * by convention: the session (−20), the account (−10), the puppet (0), then the local sources
 * — objects in the puppet's location, the location itself, exits (101), channels — each with
 * the priorities its own sets carry.
 */
import type { LockHandler } from '../locks/lock-handler.ts';
import type { CallerEntity, CommandSession } from './caller.ts';
import type { CmdSetHandler } from './cmdset-handler.ts';

/** An account or a puppet: a caller that carries cmdsets. */
export interface CmdSetCarrier extends CallerEntity {
  readonly cmdset: CmdSetHandler;
}

/**
 * `object`: something in the room, the room itself, or something carried. `exit`: skipped when
 * the caller's merged sets say `noExits`. `channel`: skipped on `noChannels`. All are skipped on
 * `noObjs` except channels.
 */
export type LocalSourceKind = 'object' | 'exit' | 'channel';

export interface LocalCmdSetSource {
  readonly kind: LocalSourceKind;
  readonly cmdset: CmdSetHandler;
  /** Its `call` lock decides whether the caller gets its commands (superusers included). */
  readonly locks: LockHandler;
}

export interface CallerContext {
  /**
   * The session the line came from; null when an object runs a command itself
   * (`obj.execute`: an NPC, a script), which has no session cmdsets and cannot `ask`.
   */
  readonly session: CommandSession | null;
  /** The session's own sets (the unlogged-in set before login, the session set after). */
  readonly sessionCmdset: CmdSetHandler | null;
  /**
   * Sets added to this one session (`session.cmdset`), merged right after `sessionCmdset`;
   * absent or null while the session has none of its own.
   */
  readonly sessionOwnCmdset?: CmdSetHandler | null;
  readonly account: CmdSetCarrier | null;
  readonly puppet: CmdSetCarrier | null;
  /**
   * Sources around the puppet, asked afresh for every line (things move). The puppet itself
   * may be among them (it is skipped), so a room's contents can be handed over without a copy.
   */
  localSources?(): Iterable<LocalCmdSetSource>;
}
