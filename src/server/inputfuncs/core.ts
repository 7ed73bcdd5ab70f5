/**
 * The core inputfuncs every game has (REFERENCE.md §10): `text` (the normal command path),
 * `echo`, `idle` (a keepalive: it only refreshes `cmdLast`, which the dispatcher does) and
 * `default` for names nobody registered. More arrive with the command system and OOB issues.
 */
import type { Logger } from 'pino';
import type { ServerSession } from '../sessions/server-session.ts';
import type { InputFuncRegistry } from './registry.ts';

/** What `text` hands a line to: the unlogged-in screen now, the command handler later. */
export interface CommandRunner {
  run(session: ServerSession, line: string): Promise<void> | void;
}

export function registerCoreInputFuncs(
  registry: InputFuncRegistry,
  runner: CommandRunner,
  log: Logger,
): void {
  registry.register('text', ({ session, args }) => {
    const line = typeof args[0] === 'string' ? args[0] : '';
    return runner.run(session, line);
  });

  registry.register('echo', ({ session, args }) => {
    session.msg(
      `Echo returns: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`,
    );
  });

  registry.register('idle', () => {
    // Nothing to do: the dispatcher already refreshed cmdLast (and not cmdLastVisible).
  });

  registry.register('default', ({ session, name }) => {
    log.debug({ sessid: session.sessid, name }, 'unknown inputfunc');
    if (session.protocolFlags['INPUTDEBUG'] === true) {
      session.msg(`Input function '${name}' is not recognised.`);
    }
  });
}
