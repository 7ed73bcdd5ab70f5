/**
 * The Portal's end of its link to the Server: dispatches every ServerToPortal message (an
 * exhaustive switch, so a new message type cannot be forgotten) to the session handler and
 * the supervisor.
 */
import type { Logger } from 'pino';
import type { LinkConnection } from '../link/connection.ts';
import type { PortalToServer, ServerToPortal, StopMode } from '../link/messages.ts';
import type { OutboundBridges } from './outbound/outbound-bridges.ts';
import type { PortalSessionHandler } from './sessions/portal-session-handler.ts';
import type { ServerSupervisor } from './supervisor.ts';

export interface ServerLinkEndpointDeps {
  sessions: PortalSessionHandler;
  supervisor: ServerSupervisor;
  /** Outbound connections the Server asks for (IRC, feeds). */
  bridges: OutboundBridges;
  log: Logger;
  /** Game code asked for a stop; `all` stops the Portal too. */
  onStopRequested: (mode: StopMode, all: boolean, reason: string) => void;
}

export class ServerLinkEndpoint {
  private link: LinkConnection<ServerToPortal, PortalToServer> | null = null;

  constructor(private readonly deps: ServerLinkEndpointDeps) {}

  get isLinked(): boolean {
    return this.link !== null;
  }

  attach(link: LinkConnection<ServerToPortal, PortalToServer>): void {
    this.link = link;
    this.deps.sessions.serverLinked({ send: (msg) => link.send(msg) });
    // Backpressure: players' sockets are not read while the link cannot take their input.
    link.watchCongestion((congested) => {
      if (this.link === link) this.deps.sessions.linkCongested(congested);
    });
  }

  detach(link: LinkConnection<ServerToPortal, PortalToServer>): void {
    if (this.link !== link) return;
    this.link = null;
    this.deps.sessions.serverUnlinked();
  }

  /** Close the current link (its Server has linked again); the new one attaches next. */
  dropLink(reason: string): void {
    const link = this.link;
    if (link === null) return;
    this.deps.log.warn({ reason }, 'closing the previous Server link');
    this.detach(link);
    link.close();
  }

  /** Send the linked Server a message; dropped when no Server is linked. */
  tell(msg: PortalToServer): void {
    this.link?.send(msg);
  }

  /** Ask the linked Server to stop. False when no Server is linked. */
  requestStop(mode: StopMode, reason: string): boolean {
    if (!this.link) return false;
    this.deps.sessions.pauseInput();
    this.link.send({ t: 'stopServer', mode, reason });
    return true;
  }

  handle(msg: ServerToPortal): void {
    const { sessions, supervisor } = this.deps;
    switch (msg.t) {
      case 'getAllSessions':
        this.link?.send(sessions.describeAll());
        return;
      case 'serverReady':
        sessions.serverReady();
        supervisor.markReady();
        return;
      case 'sessionLoggedIn':
        sessions.loggedIn(msg.sessid, msg.uid, msg.uname);
        return;
      case 'disconnect':
        sessions.disconnectFromServer(msg.sessid, msg.reason);
        return;
      case 'disconnectAll':
        sessions.disconnectAll(msg.reason);
        return;
      case 'syncSessions':
        sessions.syncFromServer(msg.sessions, msg.clean, msg.through);
        return;
      case 'output':
        sessions.output(msg.sessid, msg.cmds);
        return;
      case 'outputShared':
        // The calls are shared, read-only, by every listed session's transport.
        for (const sessid of msg.sessids) sessions.output(sessid, msg.cmds);
        return;
      case 'requestStop':
        this.deps.onStopRequested(msg.mode, msg.all, msg.reason);
        return;
      case 'serverStopping':
        supervisor.markStopping(msg.mode);
        return;
      case 'serverConnect':
        this.deps.bridges.connect(msg.bridgeId, msg.kind, msg.config);
        return;
      case 'serverDisconnect':
        this.deps.bridges.disconnect(msg.bridgeId, msg.reason);
        return;
      default: {
        const unreachable: never = msg;
        this.deps.log.error({ msg: unreachable }, 'unhandled link message');
      }
    }
  }
}
