/**
 * The command handler behind the `text` inputfunc's `CommandRunner` interface: the Server
 * injects how to find a session's caller context (its session cmdset handler, and its account
 * and puppet once logged in) and swaps this in for the unlogged-in stand-in.
 */
import type { CommandRunner } from '../inputfuncs/core.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import type { CallerContext } from './caller-context.ts';
import type { CommandHandler } from './command-handler.ts';

export type CallerContextLookup = (session: ServerSession) => CallerContext;

export class SessionCommandRunner implements CommandRunner {
  constructor(
    private readonly handler: CommandHandler,
    private readonly contextFor: CallerContextLookup,
    /** Wraps each line's run: the Server commits its writes, then releases its output. */
    private readonly around: (run: () => Promise<void>) => Promise<void> = (run) => run(),
  ) {}

  run(session: ServerSession, line: string): Promise<void> {
    return this.around(() => this.handler.run(this.contextFor(session), line));
  }
}
