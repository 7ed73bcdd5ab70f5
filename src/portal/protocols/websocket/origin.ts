/**
 * Which pages may open the game's WebSocket. A browser sends `Origin` with every WebSocket
 * handshake and lets any page connect anywhere, leaving the check to the server (RFC 6455
 * §10.2); without it a page on another site could open a game connection from a player's
 * browser (cross-site WebSocket hijacking). Let in:
 *
 *   - no Origin at all: not a browser (MUD clients, bots, tools), which could send any Origin
 *     they liked anyway;
 *   - the game's own page: an Origin whose host and port are those the request was sent to
 *     (its Host header), whatever the scheme, so a TLS-terminating proxy in front still works;
 *   - an origin listed in `webAllowedOrigins` (or every one, with '*').
 *
 * Anything else, including the opaque Origin `null` (sandboxed frames, local files), is
 * refused with HTTP 403 before the upgrade.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';

export const ORIGIN_REFUSED_STATUS = 403;

/** Whether a handshake with these `Origin` and `Host` headers may become a WebSocket. */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*')) return true;
  const from = parseOrigin(origin);
  if (from === null) return false;
  if (host !== undefined && sameHost(from, host)) return true;
  return allowed.some((entry) => parseOrigin(entry)?.origin === from.origin);
}

/**
 * `verifyClient` for ws's WebSocketServer: refuses a foreign Origin with 403 (and a log line)
 * before any WebSocket exists.
 */
export function verifyOrigin(allowed: readonly string[], log: Logger) {
  return (
    info: { origin: string; req: IncomingMessage },
    done: (ok: boolean, status?: number, message?: string) => void,
  ): void => {
    const origin = info.req.headers.origin;
    if (originAllowed(origin, info.req.headers.host, allowed)) {
      done(true);
      return;
    }
    log.info(
      { origin, host: info.req.headers.host, address: info.req.socket.remoteAddress },
      'websocket refused: its page is on another site (Origin); see webAllowedOrigins',
    );
    done(false, ORIGIN_REFUSED_STATUS, 'Forbidden');
  };
}

function parseOrigin(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The Host header read with the origin's scheme, so a default port (80, 443) compares equal. */
function sameHost(origin: URL, host: string): boolean {
  try {
    return new URL(`${origin.protocol}//${host}`).host === origin.host;
  } catch {
    return false;
  }
}
