/**
 * Answers the launcher (`waystone status|reload|reset|stop`) on the link's admin role. Every
 * request gets exactly one reply, sent only once the action is done, so the launcher reports
 * what really happened.
 */
import type { Logger } from 'pino';
import type { LinkConnection } from '../link/connection.ts';
import type { LauncherToPortal, PortalStatus, PortalToLauncher } from '../link/messages.ts';
import type { ServerSupervisor } from './supervisor.ts';

export interface AdminDeps {
  supervisor: ServerSupervisor;
  status: () => PortalStatus;
  /** Stop the Server and the Portal; resolves just before the Portal exits. */
  shutdownAll: (reason: string) => Promise<void>;
  log: Logger;
}

type AdminLink = LinkConnection<LauncherToPortal, PortalToLauncher>;

export class AdminEndpoint {
  constructor(private readonly deps: AdminDeps) {}

  handle(link: AdminLink, msg: LauncherToPortal): void {
    const { supervisor } = this.deps;
    switch (msg.t) {
      case 'adminStatus':
        link.send({ t: 'adminStatusReply', status: this.deps.status() });
        return;
      case 'adminStartServer':
        this.reply(
          link,
          supervisor.state === 'running' ? Promise.resolve() : supervisor.start(),
          'Server started.',
        );
        return;
      case 'adminReload':
        this.reply(
          link,
          supervisor.stop('reload', 'reload requested by the launcher'),
          'Server reloaded.',
        );
        return;
      case 'adminReset':
        this.reply(
          link,
          supervisor.stop('reset', 'reset requested by the launcher'),
          'Server reset.',
        );
        return;
      case 'adminStopServer':
        this.reply(
          link,
          supervisor.stop('shutdown', 'Server stop requested by the launcher'),
          'Server stopped.',
        );
        return;
      case 'adminStopAll':
        // Reply first: once the Portal stops there is nobody left to answer.
        this.deps.log.info('stop requested by the launcher');
        link.send({ t: 'adminResult', ok: true, message: 'Stopping.' });
        link.flushNow();
        void this.deps.shutdownAll('The game is shutting down. Goodbye!');
        return;
      default: {
        const unreachable: never = msg;
        this.deps.log.error({ msg: unreachable }, 'unhandled admin message');
      }
    }
  }

  private reply(link: AdminLink, action: Promise<void>, okMessage: string): void {
    action.then(
      () => link.send({ t: 'adminResult', ok: true, message: okMessage }),
      (err: Error) =>
        link.send({
          t: 'adminResult',
          ok: false,
          code: (err as { code?: string }).code ?? 'START_FAILED',
          message: err.message,
        }),
    );
  }
}
