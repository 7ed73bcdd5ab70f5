/**
 * The Portal's player-facing listeners: telnet and the web port (page + WebSocket at /ws).
 * A port that cannot be had becomes a PORT_IN_USE error naming the setting, so start-up
 * fails with a message a person can act on.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from '../config/load.ts';
import { WaystoneError } from '../shared/errors.ts';
import { TelnetConnection } from './protocols/telnet-connection.ts';
import { WebSocketConnection } from './protocols/websocket-connection.ts';
import type { PortalSessionHandler } from './sessions/portal-session-handler.ts';
import { placeholderPage } from './web/placeholder-page.ts';

export interface Listening {
  port: number;
  /** Stop accepting; give open connections up to `graceMs` to finish, then cut them. */
  close(graceMs?: number): Promise<void>;
}

/** A listen failure as a clear, coded error naming the port and the setting that chose it. */
export function listenError(
  err: NodeJS.ErrnoException,
  port: number,
  host: string,
  setting: string,
): WaystoneError {
  if (err.code === 'EADDRINUSE') {
    return new WaystoneError(
      'PORT_IN_USE',
      `Port ${port} on ${host} (${setting}) is already in use by another program. Stop it, or choose another port in settings.ts or with the environment.`,
      { cause: err },
    );
  }
  return new WaystoneError(
    'START_FAILED',
    `Cannot listen on ${host}:${port} (${setting}): ${err.message}`,
    {
      cause: err,
    },
  );
}

/** Listen, turning EADDRINUSE and friends into a clear, coded error. */
export function listenOn(
  server: NetServer | HttpServer,
  port: number,
  host: string,
  setting: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void =>
      reject(listenError(err, port, host, setting));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function closer(
  server: NetServer | HttpServer,
  sockets: Set<Socket>,
): (graceMs?: number) => Promise<void> {
  return async (graceMs = 0) => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const deadline = Date.now() + graceMs;
    while (sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
}

export async function listenTelnet(
  config: Config,
  sessions: PortalSessionHandler,
  log: Logger,
): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new TelnetConnection(
      socket,
      sessions,
      {
        maxLineLength: config.maxLineLength,
        maxOutputBufferBytes: config.maxOutputBufferBytes,
        keepaliveSeconds: config.telnetKeepaliveSeconds,
      },
      log,
    );
  });
  const port = await listenOn(server, config.telnetPort, config.telnetInterface, 'telnetPort');
  log.info({ port, interface: config.telnetInterface }, 'telnet listening');
  return { port, close: closer(server, sockets) };
}

export async function listenWeb(
  config: Config,
  sessions: PortalSessionHandler,
  log: Logger,
): Promise<Listening> {
  const page = placeholderPage(config.serverName);
  const sockets = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(page);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found.\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    // A frame holds one line at most (4 bytes a character) plus the JSON around it.
    maxPayload: config.maxLineLength * 4 + 4096,
  });
  wss.on('connection', (ws, req) => {
    new WebSocketConnection(
      ws,
      req.socket.remoteAddress ?? 'unknown',
      sessions,
      { maxLineLength: config.maxLineLength, maxOutputBufferBytes: config.maxOutputBufferBytes },
      log,
    );
  });
  const port = await listenOn(server, config.webPort, config.webInterface, 'webPort');
  log.info({ port, interface: config.webInterface }, 'web listening (page at /, WebSocket at /ws)');
  const closeHttp = closer(server, sockets);
  return {
    port,
    close: async (graceMs = 0) => {
      wss.close();
      await closeHttp(graceMs);
    },
  };
}
