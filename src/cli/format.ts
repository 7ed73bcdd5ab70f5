/** How the launcher prints a Portal's status for a person. */
import type { PortalStatus } from '../link/messages.ts';

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function formatStatus(status: PortalStatus, now = Date.now()): string {
  const { portal, server, sessions } = status;
  const ports = Object.entries(portal.ports)
    .map(([name, port]) => `${name} ${port}`)
    .join(', ');
  const serverLine =
    server.pid === null
      ? `Server: ${server.state.toUpperCase()}${server.lastExit ? ` (last exit: ${server.lastExit})` : ''}`
      : `Server: ${server.state.toUpperCase()} (pid ${server.pid}), up ${formatDuration(now - (server.startedAt ?? now))}` +
        (server.restarts > 0
          ? `, ${server.restarts} crash restart${server.restarts === 1 ? '' : 's'}`
          : '');
  const errorLine =
    server.lastError === null
      ? []
      : [
          server.state === 'down'
            ? `Server is DOWN after failing to start; fix it, then \`waystone reload\`. Last error:\n  ${server.lastError}`
            : `Last Server start failure: ${server.lastError}`,
        ];
  return [
    `Game: ${status.game.name} (${status.game.dir})`,
    `Portal: RUNNING (pid ${portal.pid}), up ${formatDuration(now - portal.startedAt)}; ports: ${ports}`,
    serverLine,
    ...errorLine,
    `Sessions: ${sessions.total} connected, ${sessions.loggedIn} logged in`,
  ].join('\n');
}
