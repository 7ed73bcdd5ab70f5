/**
 * The Portal's player-facing listeners: telnet, telnet over TLS, SSH and the web port (page +
 * WebSocket at /ws). A port that cannot be had becomes a PORT_IN_USE error naming the setting
 * (DESCRIPTORS_EXHAUSTED when the process is out of file descriptors), so start-up fails with
 * a message a person can act on.
 *
 * Every port is a plain TCP listener that asks the Portal's ConnectionAdmission about each
 * connection first (admission/connection-admission.ts); only an admitted socket reaches its
 * protocol: TelnetConnection, the SSH server, or the TLS or HTTP server it is handed to as a
 * 'connection' (neither of those listens itself). The admission's ticket is given back when
 * the socket closes. What a client can cause is logged through one RateLimitedLog per listener.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from '../config/load.ts';
import { WaystoneError } from '../shared/errors.ts';
import { RateLimitedLog } from '../shared/rate-limited-log.ts';
import type { Admitted, ConnectionAdmission } from './admission/connection-admission.ts';
import type { RefusalStyle } from './admission/refuse-socket.ts';
import {
  TelnetConnection,
  TelnetShared,
  type TelnetLimits,
} from './protocols/telnet-connection.ts';
import { csessidFromUrl } from './protocols/websocket/client-session-id.ts';
import { CLOSE_POLICY } from './protocols/websocket/close-codes.ts';
import { verifyOrigin } from './protocols/websocket/origin.ts';
import { chooseSubprotocol, createWireFormat } from './protocols/websocket/subprotocols.ts';
import { WebClientSessions } from './protocols/websocket/web-client-sessions.ts';
import type { PortalSessionHandler } from './sessions/portal-session-handler.ts';
import { loadTlsFiles } from './tls/certificate.ts';
import { createWebclientRoutes } from './web/webclient-routes.ts';

export interface Listening {
  port: number;
  /** Stop accepting; give open connections up to `graceMs` to finish, then cut them. */
  close(graceMs?: number): Promise<void>;
}

/** Out of file descriptors: for this process (EMFILE) or the whole system (ENFILE). */
function outOfDescriptors(err: NodeJS.ErrnoException): boolean {
  return err.code === 'EMFILE' || err.code === 'ENFILE';
}

/** What to do about EMFILE/ENFILE, for log lines and errors. */
const DESCRIPTOR_ADVICE =
  'Raise the open-file limit (ulimit -n, or LimitNOFILE= in a systemd unit) or lower maxConnections.';

/** A listen failure as a clear, coded error naming the port and the setting that chose it. */
export function listenError(
  err: NodeJS.ErrnoException,
  port: number,
  host: string,
  setting: string,
): WaystoneError {
  if (outOfDescriptors(err)) {
    return new WaystoneError(
      'DESCRIPTORS_EXHAUSTED',
      `Cannot listen on ${host}:${port} (${setting}): the ${err.code === 'ENFILE' ? 'system' : 'process'} is out of file descriptors (${err.code}), which has nothing to do with the port. ${DESCRIPTOR_ADVICE}`,
      { cause: err },
    );
  }
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

/**
 * Listen, turning EADDRINUSE and friends into a clear, coded error. Once listening, errors
 * the server reports (a failed accept) are logged, rate-limited, and never end the process.
 */
export function listenOn(
  server: NetServer,
  port: number,
  host: string,
  setting: string,
  quiet: RateLimitedLog,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void =>
      reject(listenError(err, port, host, setting));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      server.on('error', (err: NodeJS.ErrnoException) => acceptFailed(err, setting, quiet));
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/**
 * An accept failed. Out of descriptors, libuv closes the waiting connections at once; players
 * see their connection dropped, so the log must say why. (maxConnections keeps the Portal
 * below its own limit; this is the system's limit, or another leak.)
 */
function acceptFailed(err: NodeJS.ErrnoException, setting: string, quiet: RateLimitedLog): void {
  if (outOfDescriptors(err)) {
    quiet.error(
      'DESCRIPTORS_EXHAUSTED',
      { port: setting, err: err.code },
      `out of file descriptors (${err.code}) accepting a connection on ${setting}: new connections are closed at once. ${DESCRIPTOR_ADVICE}`,
    );
  } else {
    quiet.error(
      'ACCEPT_FAILED',
      { port: setting, err: err.message },
      'accepting a connection failed',
    );
  }
}

/**
 * A TCP server whose connections are admitted before `accept` sees them (see the top of this
 * file); refused ones are told why as `style` allows and closed.
 */
function admittingServer(
  admission: ConnectionAdmission,
  setting: string,
  style: RefusalStyle,
  sockets: OpenSockets,
  accept: (socket: Socket) => void,
): NetServer {
  // One close listener for all the server's sockets (no closure per connection).
  function onClose(this: Socket): void {
    sockets.get(this)?.release();
    sockets.delete(this);
  }
  return createNetServer((socket) => {
    const admitted = admission.admit(socket.remoteAddress, setting);
    if (!admitted.ok) {
      admission.turnAway(socket, admitted.refusal, style);
      return;
    }
    sockets.set(socket, admitted);
    socket.on('close', onClose);
    accept(socket);
  });
}

/** A listener's open sockets, each with its admission ticket. */
type OpenSockets = Map<Socket, Admitted>;

function closer(server: NetServer, sockets: OpenSockets): (graceMs?: number) => Promise<void> {
  return async (graceMs = 0) => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const deadline = Date.now() + graceMs;
    while (sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const socket of sockets.keys()) socket.destroy();
    await closed;
  };
}

export async function listenTelnet(
  config: Config,
  sessions: PortalSessionHandler,
  admission: ConnectionAdmission,
  log: Logger,
): Promise<Listening> {
  const sockets: OpenSockets = new Map();
  // One limits object, one text cache, one quiet log… for all of the listener's connections.
  const shared = new TelnetShared(sessions, telnetLimits(config), log);
  const quiet = shared.quiet;
  const server = admittingServer(admission, 'telnetPort', 'telnet', sockets, (socket) => {
    new TelnetConnection(socket, shared, 'telnet');
  });
  const port = await listenOn(
    server,
    config.telnetPort,
    config.telnetInterface,
    'telnetPort',
    quiet,
  );
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
    maxProtocolErrors: config.maxProtocolErrors,
    protocolErrorWindowMs: config.protocolErrorWindowSeconds * 1000,
    loginTimeoutMs: config.unloggedInTimeoutSeconds * 1000,
  };
}

/** How long a TLS client may take over its handshake before it is dropped. */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Telnet over TLS on its own port: the same TelnetConnection over a TLS socket. Admission comes
 * before the TLS handshake, so a refused connection costs no handshake (and hears nothing).
 */
export async function listenTelnetTls(
  config: Config,
  sessions: PortalSessionHandler,
  admission: ConnectionAdmission,
  log: Logger,
): Promise<Listening> {
  const files = await loadTlsFiles(config);
  if (files.selfSigned)
    log.warn(
      { cert: files.certPath },
      'telnet over TLS uses a self-signed certificate (for development); set tlsCertFile and tlsKeyFile for players',
    );
  const sockets: OpenSockets = new Map();
  const shared = new TelnetShared(sessions, telnetLimits(config), log);
  const quiet = shared.quiet;
  const tls = createTlsServer(
    { cert: files.cert, key: files.key, handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS },
    (socket: TLSSocket) => {
      new TelnetConnection(socket, shared, 'telnet/ssl');
    },
  );
  // A failed handshake (plain telnet on the TLS port, a scanner) never becomes a session.
  tls.on('tlsClientError', (err, socket) => {
    quiet.debug(
      'TLS_HANDSHAKE_FAILED',
      { err: err.message, address: socket.remoteAddress },
      'TLS handshake failed',
    );
    socket.destroy();
  });
  const server = admittingServer(admission, 'telnetTlsPort', 'none', sockets, (socket) =>
    tls.emit('connection', socket),
  );
  const port = await listenOn(
    server,
    config.telnetTlsPort,
    config.telnetTlsInterface,
    'telnetTlsPort',
    quiet,
  );
  log.info({ port, interface: config.telnetTlsInterface }, 'telnet over TLS listening');
  return { port, close: closer(server, sockets) };
}

/** SSH: password login through the Server's `login` inputfunc; see ssh-connection.ts. */
export async function listenSsh(
  config: Config,
  sessions: PortalSessionHandler,
  admission: ConnectionAdmission,
  log: Logger,
): Promise<Listening> {
  // Loaded only when SSH is on (it is off by default): ssh2 costs a Portal about 4 MB.
  const [{ SshListener }, { loadHostKey }] = await Promise.all([
    import('./protocols/ssh-connection.ts'),
    import('./ssh/host-key.ts'),
  ]);
  const hostKey = await loadHostKey(config.gameDir, config.sshHostKeyFile);
  const quiet = new RateLimitedLog(log);
  const ssh = new SshListener(
    hostKey,
    sessions,
    { maxLineLength: config.maxLineLength, maxOutputBufferBytes: config.maxOutputBufferBytes },
    log,
    quiet,
  );
  const sockets: OpenSockets = new Map();
  const server = admittingServer(admission, 'sshPort', 'ssh', sockets, (socket) =>
    ssh.accept(socket),
  );
  const port = await listenOn(server, config.sshPort, config.sshInterface, 'sshPort', quiet);
  log.info({ port, interface: config.sshInterface }, 'SSH listening');
  return { port, close: closer(server, sockets) };
}

/**
 * The web port: the webclient page and the WebSocket at /ws, on one HTTP server that is handed
 * each admitted connection. Page requests count toward the connection limits like any other
 * connection (a browser holds one or two, for seconds); a refused one gets a 503 or 429.
 */
export async function listenWeb(
  config: Config,
  sessions: PortalSessionHandler,
  admission: ConnectionAdmission,
  log: Logger,
): Promise<Listening> {
  const webclient = await createWebclientRoutes({ serverName: config.serverName, log });
  const sockets: OpenSockets = new Map();
  const quiet = new RateLimitedLog(log);
  const http = createHttpServer((req, res) => {
    if (webclient(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found.\n');
  });
  const limits = { maxLineLength: config.maxLineLength };
  const webClients = new WebClientSessions(
    sessions,
    {
      maxLineLength: config.maxLineLength,
      maxOutputBufferBytes: config.maxOutputBufferBytes,
      // With no session allowed to wait, there is no grace to wait through.
      graceMs: config.maxWaitingWebSessions > 0 ? config.webSessionGraceSeconds * 1000 : 0,
      maxProtocolErrors: config.maxProtocolErrors,
      protocolErrorWindowMs: config.protocolErrorWindowSeconds * 1000,
      loginTimeoutMs: config.unloggedInTimeoutSeconds * 1000,
    },
    log,
    config.maxWaitingWebSessions,
    quiet,
  );
  const wss = new WebSocketServer({
    server: http,
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
      quiet.debug('WEBSOCKET_BAD_CSESSID', { address, problem: id }, 'websocket refused');
      ws.close(CLOSE_POLICY, id);
      return;
    }
    webClients.open(ws, createWireFormat(ws.protocol, limits), address, id.csessid, req.socket);
  });
  const server = admittingServer(admission, 'webPort', 'http', sockets, (socket) =>
    http.emit('connection', socket),
  );
  const port = await listenOn(server, config.webPort, config.webInterface, 'webPort', quiet);
  // The HTTP server never listens itself; this starts its header and request timeouts, which
  // Node arms when a server starts listening.
  http.emit('listening');
  log.info({ port, interface: config.webInterface }, 'web listening (page at /, WebSocket at /ws)');
  const closeHttp = closer(server, sockets);
  return {
    port,
    close: async (graceMs = 0) => {
      wss.close();
      webClients.closeAll('the Portal is shutting down');
      http.close(() => undefined); // stops its timeout checks; it has no port of its own
      await closeHttp(graceMs);
    },
  };
}
