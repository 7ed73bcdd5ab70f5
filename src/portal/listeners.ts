/**
 * The Portal's player-facing listeners: telnet, telnet over TLS, SSH and the web port (page +
 * WebSocket at /ws). A port that cannot be had becomes a PORT_IN_USE error naming the setting,
 * so start-up fails with a message a person can act on.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from '../config/load.ts';
import { WaystoneError } from '../shared/errors.ts';
import { SshListener } from './protocols/ssh-connection.ts';
import { TelnetConnection, type TelnetLimits } from './protocols/telnet-connection.ts';
import { TelnetTextCache } from './protocols/telnet-text-cache.ts';
import { csessidFromUrl } from './protocols/websocket/client-session-id.ts';
import { CLOSE_POLICY } from './protocols/websocket/close-codes.ts';
import { verifyOrigin } from './protocols/websocket/origin.ts';
import { chooseSubprotocol, createWireFormat } from './protocols/websocket/subprotocols.ts';
import { WebClientSessions } from './protocols/websocket/web-client-sessions.ts';
import type { PortalSessionHandler } from './sessions/portal-session-handler.ts';
import { loadHostKey } from './ssh/host-key.ts';
import { loadTlsFiles } from './tls/certificate.ts';
import { createWebclientRoutes } from './web/webclient-routes.ts';

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
  // One limits object and one text cache for all of the listener's connections.
  const limits = telnetLimits(config);
  const textCache = new TelnetTextCache();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new TelnetConnection(socket, sessions, limits, log, 'telnet', textCache);
  });
  const port = await listenOn(server, config.telnetPort, config.telnetInterface, 'telnetPort');
  log.info({ port, interface: config.telnetInterface }, 'telnet listening');
  return { port, close: closer(server, sockets) };
}

/** What every telnet connection (plain or TLS) is given from the settings. */
function telnetLimits(config: Config): TelnetLimits {
  return {
    maxLineLength: config.maxLineLength,
    maxOutputBufferBytes: config.maxOutputBufferBytes,
    keepaliveSeconds: config.telnetKeepaliveSeconds,
    serverName: config.serverName,
    msspFields: config.msspFields,
    compression: config.telnetCompression,
    maxGmcpBytes: config.telnetMaxGmcpBytes,
  };
}

/** How long a TLS client may take over its handshake before it is dropped. */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/** Telnet over TLS on its own port: the same TelnetConnection over a TLS socket. */
export async function listenTelnetTls(
  config: Config,
  sessions: PortalSessionHandler,
  log: Logger,
): Promise<Listening> {
  const files = await loadTlsFiles(config);
  if (files.selfSigned)
    log.warn(
      { cert: files.certPath },
      'telnet over TLS uses a self-signed certificate (for development); set tlsCertFile and tlsKeyFile for players',
    );
  const sockets = new Set<Socket>();
  const limits = telnetLimits(config);
  const textCache = new TelnetTextCache();
  const server = createTlsServer(
    { cert: files.cert, key: files.key, handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS },
    (socket: TLSSocket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      new TelnetConnection(socket, sessions, limits, log, 'telnet/ssl', textCache);
    },
  );
  // A failed handshake (plain telnet on the TLS port, a scanner) never becomes a session.
  server.on('tlsClientError', (err, socket) => {
    log.debug({ err: err.message, address: socket.remoteAddress }, 'TLS handshake failed');
    socket.destroy();
  });
  const port = await listenOn(
    server,
    config.telnetTlsPort,
    config.telnetTlsInterface,
    'telnetTlsPort',
  );
  log.info({ port, interface: config.telnetTlsInterface }, 'telnet over TLS listening');
  return { port, close: closer(server, sockets) };
}

/** SSH: password login through the Server's `login` inputfunc; see ssh-connection.ts. */
export async function listenSsh(
  config: Config,
  sessions: PortalSessionHandler,
  log: Logger,
): Promise<Listening> {
  const hostKey = await loadHostKey(config.gameDir, config.sshHostKeyFile);
  const ssh = new SshListener(
    hostKey,
    sessions,
    { maxLineLength: config.maxLineLength, maxOutputBufferBytes: config.maxOutputBufferBytes },
    log,
  );
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    ssh.accept(socket);
  });
  const port = await listenOn(server, config.sshPort, config.sshInterface, 'sshPort');
  log.info({ port, interface: config.sshInterface }, 'SSH listening');
  return { port, close: closer(server, sockets) };
}

export async function listenWeb(
  config: Config,
  sessions: PortalSessionHandler,
  log: Logger,
): Promise<Listening> {
  const webclient = await createWebclientRoutes({ serverName: config.serverName, log });
  const sockets = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    if (webclient(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found.\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const limits = { maxLineLength: config.maxLineLength };
  const webClients = new WebClientSessions(
    sessions,
    {
      maxLineLength: config.maxLineLength,
      maxOutputBufferBytes: config.maxOutputBufferBytes,
      graceMs: config.webSessionGraceSeconds * 1000,
    },
    log,
  );
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    // A frame holds one line at most (4 bytes a character) plus the JSON around it. A bigger
    // frame is refused with close code 1009 as soon as its header announces the length.
    maxPayload: config.maxLineLength * 4 + 4096,
    // RFC 6455 subprotocols: the server's preference wins; none or unknown → Evennia's JSON.
    handleProtocols: (offered) => chooseSubprotocol(offered),
    // A page on another site may not open a game connection from a player's browser.
    verifyClient: verifyOrigin(config.webAllowedOrigins, log),
  });
  wss.on('connection', (ws, req) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    const id = csessidFromUrl(req.url);
    if (typeof id === 'string') {
      log.debug({ address, problem: id }, 'websocket refused');
      ws.close(CLOSE_POLICY, id);
      return;
    }
    webClients.open(ws, createWireFormat(ws.protocol, limits), address, id.csessid, req.socket);
  });
  const port = await listenOn(server, config.webPort, config.webInterface, 'webPort');
  log.info({ port, interface: config.webInterface }, 'web listening (page at /, WebSocket at /ws)');
  const closeHttp = closer(server, sockets);
  return {
    port,
    close: async (graceMs = 0) => {
      wss.close();
      webClients.closeAll('the Portal is shutting down');
      await closeHttp(graceMs);
    },
  };
}
