/**
 * One line's run through the command handler, from the moment it is typed until its command
 * (and any command it executes) has finished — possibly several lines later, if it asks
 * questions. The session's input queue waits for a "turn": a turn ends when the run finishes or
 * when it stops to wait for an answer, and the answer opens the next turn. So a command that
 * pauses holds the session's later input back, in order, while a command that asks lets exactly
 * one line — the answer — through to it.
 */
import type { CommandSession } from './caller.ts';
import type { CallerContext } from './caller-context.ts';
import type { CommandRuntime } from './command.ts';

export interface ExecutionHost {
  executeLine(run: Execution, line: string, depth: number): Promise<void>;
  waitForAnswer(
    run: Execution,
    session: CommandSession,
    question: string,
    timeoutSeconds: number | undefined,
  ): Promise<string>;
  pausing?(): void;
}

export class Execution implements CommandRuntime {
  private endTurn: (() => void) | null = null;

  constructor(
    private readonly host: ExecutionHost,
    readonly ctx: CallerContext,
  ) {}

  /** A promise that settles when the current turn ends. */
  beginTurn(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.endTurn = resolve;
    });
  }

  finishTurn(): void {
    const end = this.endTurn;
    if (end === null) return;
    this.endTurn = null;
    end();
  }

  execute(line: string, depth: number): Promise<void> {
    return this.host.executeLine(this, line, depth);
  }

  pausing(): void {
    this.host.pausing?.();
  }

  ask(
    session: CommandSession,
    question: string,
    timeoutSeconds: number | undefined,
  ): Promise<string> {
    return this.host.waitForAnswer(this, session, question, timeoutSeconds);
  }
}
