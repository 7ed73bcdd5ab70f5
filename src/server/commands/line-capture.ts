/**
 * A cmdset that takes every line its session types: what a menu and the line editor put on
 * the one session they run on (`session.cmdset`), Evennia's EvMenu/EvEditor cmdsets. It holds
 * only the no-match and no-input system commands and replaces every other set (priority 200,
 * over exits' 101; objects, exits and channels are not even gathered), so each line —
 * `look`, `quit`, an empty one — reaches `handler.line`. Other sessions of the account keep
 * their commands: the set is on this session alone.
 *
 * Registered by name (CmdSetRegistry), the set is stored in the session's `serverData` and
 * comes back after a reload; whatever state its handler needs must be kept there too.
 */
import { CmdSet, type CmdSetClass } from './cmdset.ts';
import type { CmdSetHandler } from './cmdset-handler.ts';
import { Command } from './command.ts';
import { CMD_NOINPUT, CMD_NOMATCH } from './system-keys.ts';

/** A session that can carry a capturing set and keep state over a reload: ServerSession fits. */
export interface CaptureSession {
  readonly sessid: number;
  readonly account: unknown;
  /** Held by the Portal over a reload: where a menu or the editor keeps its state. */
  serverData: Record<string, unknown>;
  /** The session's own cmdsets, stored by registered name in `serverData`. */
  readonly cmdset: CmdSetHandler;
  msg(text: string): void;
}

export interface LineHandler {
  /** One line typed on the session (`cmd.rawString`; `cmd.args` is it trimmed). */
  line(cmd: Command): Promise<void>;
}

/** Priority of a capturing set: above every default set and exits. */
export const LINE_CAPTURE_PRIORITY = 200;

export function lineCaptureCmdSet(key: string, handler: LineHandler): CmdSetClass {
  class CmdCapturedLine extends Command {
    override autoHelp = false;

    constructor(systemKey: string) {
      super();
      this.key = systemKey;
    }

    func(): Promise<void> {
      return handler.line(this);
    }
  }
  return class LineCaptureCmdSet extends CmdSet {
    override key = key;
    override priority = LINE_CAPTURE_PRIORITY;
    override mergeType = 'Replace' as const;
    override noObjs = true;
    override noExits = true;
    override noChannels = true;
    override duplicates = false;

    override atCmdsetCreation(): void {
      this.add([new CmdCapturedLine(CMD_NOMATCH), new CmdCapturedLine(CMD_NOINPUT)]);
    }
  };
}
