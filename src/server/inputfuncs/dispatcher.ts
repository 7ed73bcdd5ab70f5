/**
 * Runs input calls for sessions. Each session's calls run strictly in order, one at a time,
 * even when a call awaits (a command that pauses must not let the next line overtake it),
 * while different sessions proceed independently. An error in game code becomes a short
 * notice to the player and a logged trace; the session keeps working.
 */
import type { Logger } from 'pino';
import type { FuncCall } from '../../shared/session-data.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import type { InputFuncRegistry } from './registry.ts';

export const GAME_ERROR_NOTICE =
  'An error occurred while running your command; it has been logged.';

export class InputDispatcher {
  /** Per-session tail of the chain of pending calls. */
  private readonly tails = new WeakMap<ServerSession, Promise<void>>();

  constructor(
    private readonly registry: InputFuncRegistry,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  dispatch(session: ServerSession, cmds: readonly FuncCall[]): Promise<void> {
    const previous = this.tails.get(session) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (const call of cmds) await this.runOne(session, call);
    });
    this.tails.set(session, next);
    return next;
  }

  /** Resolves once every call queued so far has finished (used before a reload). */
  async drain(sessions: readonly ServerSession[]): Promise<void> {
    await Promise.all(sessions.map((s) => this.tails.get(s)));
  }

  private async runOne(session: ServerSession, [name, args, kwargs]: FuncCall): Promise<void> {
    const now = this.now();
    session.cmdLast = now;
    if (name !== 'idle') {
      session.cmdLastVisible = now;
      session.cmdTotal += 1;
    }
    const fn = this.registry.resolve(name);
    if (!fn) return;
    try {
      await fn({ session, name, args, kwargs });
    } catch (err) {
      this.log.error({ err, sessid: session.sessid, inputfunc: name }, 'error in game code');
      session.msg(GAME_ERROR_NOTICE);
    }
  }
}
