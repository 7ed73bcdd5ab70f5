/**
 * Turns a finished handshake into a typed LinkConnection, one helper per end of each kind of
 * link, so no caller can pair the wrong receive schema with a direction.
 *
 *   Portal end of a Server link     receives ServerToPortal,   sends PortalToServer
 *   Server end                      receives PortalToServer,   sends ServerToPortal
 *   Portal end of a launcher link   receives LauncherToPortal, sends PortalToLauncher
 *   launcher end                    receives PortalToLauncher, sends LauncherToPortal
 */
import { LinkConnection, type LinkConnectionOptions } from './connection.ts';
import type { HandshakeResult } from './handshake.ts';
import {
  checkLauncherToPortal,
  checkPortalToLauncher,
  checkPortalToServer,
  checkServerToPortal,
} from './message-check.ts';
import type {
  LauncherToPortal,
  PortalToLauncher,
  PortalToServer,
  ServerToPortal,
} from './messages.ts';

/** Everything a LinkConnection needs besides what the handshake and the direction fix. */
export type LinkHandlers<In> = Omit<LinkConnectionOptions<In>, 'socket' | 'leftover' | 'check'>;

export type PortalServerLink = LinkConnection<ServerToPortal, PortalToServer>;
export type ServerLink = LinkConnection<PortalToServer, ServerToPortal>;
export type PortalLauncherLink = LinkConnection<LauncherToPortal, PortalToLauncher>;
export type LauncherLink = LinkConnection<PortalToLauncher, LauncherToPortal>;

export function openPortalServerLink(
  handshake: HandshakeResult,
  handlers: LinkHandlers<ServerToPortal>,
): PortalServerLink {
  return new LinkConnection({
    ...handlers,
    socket: handshake.socket,
    leftover: handshake.leftover,
    check: checkServerToPortal,
  });
}

export function openServerLink(
  handshake: HandshakeResult,
  handlers: LinkHandlers<PortalToServer>,
): ServerLink {
  return new LinkConnection({
    ...handlers,
    socket: handshake.socket,
    leftover: handshake.leftover,
    check: checkPortalToServer,
    // Room-wide output crosses once for all its sessions (frame-encoder.ts).
    shareOutput: true,
    // While its output cannot leave, the Server takes no more input (connection.ts). The
    // Portal's end never pauses its reading, so the two ends cannot wait for each other.
    pauseReadingWhileCongested: true,
  });
}

export function openPortalLauncherLink(
  handshake: HandshakeResult,
  handlers: LinkHandlers<LauncherToPortal>,
): PortalLauncherLink {
  return new LinkConnection({
    ...handlers,
    socket: handshake.socket,
    leftover: handshake.leftover,
    check: checkLauncherToPortal,
  });
}

export function openLauncherLink(
  handshake: HandshakeResult,
  handlers: LinkHandlers<PortalToLauncher>,
): LauncherLink {
  return new LinkConnection({
    ...handlers,
    socket: handshake.socket,
    leftover: handshake.leftover,
    check: checkPortalToLauncher,
  });
}
