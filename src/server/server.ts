/**
 * The Server process's composition: the link to the Portal, the session handler, the
 * inputfuncs and what runs before login. Built once by `main.ts` with a frozen config.
 *
 * Life of a Server (REFERENCE.md §3):
 *   link up → getAllSessions → allSessions (rebuild; drop sessions of an old Portal boot)
 *           → serverReady (the Portal releases input it held) → play …
 *   stopServer(mode) → tell players → finish queued input → push every session to the Portal
 *           → serverStopping → exit 0 (the Portal starts the next Server for reload/reset)
 */
import type { Logger } from 'pino';
import type { Config } from '../config/load.ts';
import type { PortalToServer, StopMode } from '../link/messages.ts';
import type { ServerLink } from '../link/open-link.ts';
import { ReconnectingLinkClient } from '../link/reconnecting-client.ts';
import { WAYSTONE_VERSION } from '../shared/version.ts';
import { InputDispatcher } from './inputfuncs/dispatcher.ts';
import { registerClientOptionFuncs } from './inputfuncs/client-options.ts';
import { registerCoreInputFuncs } from './inputfuncs/core.ts';
import { Repeats } from './inputfuncs/repeat.ts';
import { InputFuncRegistry } from './inputfuncs/registry.ts';
import type { ServerSession } from './sessions/server-session.ts';
import { ServerSessionHandler } from './sessions/server-session-handler.ts';
import { UnloggedinCommands } from './unloggedin/unloggedin-commands.ts';

export interface ServerOptions {
  config: Config;
  log: Logger;
  connectionScreen: string;
  /** Called once the Server has stopped and wants its process to exit with `code`. */
  onExit: (code: number) => void;
}

const STOP_NOTICES: Record<StopMode, string> = {
  reload: 'Server restart initiated ...',
  reset: 'Server reset initiated ...',
  shutdown: 'The game is shutting down.',
};

export interface GameServer {
  start(): void;
  readonly sessions: ServerSessionHandler;
  readonly inputfuncs: InputFuncRegistry;
}

export function createServer({ config, log, connectionScreen, onExit }: ServerOptions): GameServer {
  const sessions = new ServerSessionHandler(log);
  const inputfuncs = new InputFuncRegistry();
  const dispatcher = new InputDispatcher(inputfuncs, log);
  let portalStartedAt = Date.now();
  let stopping = false;

  const unloggedin = new UnloggedinCommands({
    serverName: config.serverName,
    version: WAYSTONE_VERSION,
    connectionScreen: () => connectionScreen,
    uptimeSeconds: () => Math.floor((Date.now() - portalStartedAt) / 1000),
    sessionCount: () => sessions.count,
  });
  registerCoreInputFuncs(inputfuncs, unloggedin, log);
  registerClientOptionFuncs(inputfuncs);
  const repeats = new Repeats((session, call) => void dispatcher.dispatch(session, [call]));
  repeats.register(inputfuncs);

  const greet = (session: ServerSession): void => {
    session.msg(connectionScreen);
    session.serverData['screenShown'] = true;
    sessions.sync(session);
  };

  const stop = async (link: ServerLink, mode: StopMode): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ mode }, 'stopping');
    sessions.announce(STOP_NOTICES[mode]);
    repeats.clearAll();
    // Lines already handed to us run to the end, so nothing a player typed is lost.
    await dispatcher.drain(sessions.all());
    sessions.syncAll();
    link.send({ t: 'serverStopping', mode });
    client.stop(); // flushes, then closes
    link.socket.once('close', () => onExit(0));
    // Should the Portal never close its end, exit anyway: it already has everything.
    setTimeout(() => onExit(0), 3000).unref();
  };

  const handle = (msg: PortalToServer, link: ServerLink): void => {
    switch (msg.t) {
      case 'allSessions': {
        portalStartedAt = msg.portalStartedAt;
        const result = sessions.portalRebuild(msg.bootId, msg.sessions);
        for (const session of result.unseen) greet(session);
        log.info(
          { sessions: result.sessions.length, greeted: result.unseen.length },
          'sessions rebuilt',
        );
        link.send({ t: 'serverReady', pid: process.pid, sessionCount: result.sessions.length });
        return;
      }
      case 'sessionConnected':
        greet(sessions.portalConnect(msg.session));
        return;
      case 'sessionSynced':
        sessions.portalSync(msg.session);
        return;
      case 'sessionClosed': {
        const session = sessions.portalDisconnect(msg.sessid);
        if (session) repeats.clear(session);
        return;
      }
      case 'allSessionsClosed':
        sessions.portalDisconnectAll();
        repeats.clearAll();
        return;
      case 'input': {
        const session = sessions.get(msg.sessid);
        if (session) void dispatcher.dispatch(session, msg.cmds);
        return;
      }
      case 'stopServer':
        void stop(link, msg.mode);
        return;
      default: {
        const unreachable: never = msg;
        log.error({ msg: unreachable }, 'unhandled link message');
      }
    }
  };

  const client = new ReconnectingLinkClient({
    host: config.linkInterface === '0.0.0.0' ? '127.0.0.1' : config.linkInterface,
    port: config.linkPort,
    pid: process.pid,
    ...(config.linkSecret === '' ? {} : { secret: config.linkSecret }),
    maxFrameBytes: config.linkMaxFrameBytes,
    maxBufferedBytes: config.linkMaxBufferedBytes,
    connectTimeoutMs: config.linkHandshakeTimeoutMs,
    giveUpAfterMs: config.serverOrphanTimeoutSeconds * 1000,
    // A Portal that did not start this Server (it restarted since) will never take it back.
    giveUpOnRefusal: ['LINK_VERSION', 'LINK_BAD_SECRET', 'LINK_FOREIGN_SERVER'],
    onConnected: (link, welcome) => {
      log.info({ bootId: welcome.bootId, portalPid: welcome.portalPid }, 'linked to the Portal');
      sessions.linked({ send: (m) => link.send(m) });
      link.send({ t: 'getAllSessions' });
    },
    onMessage: handle,
    onInvalid: (err) => log.error({ code: err.code }, err.message),
    onDisconnected: (reason) => {
      sessions.linked(null);
      if (!stopping)
        log.warn({ code: reason.code }, `link to the Portal lost: ${reason.message}; reconnecting`);
    },
    onRefused: (err) =>
      log.error({ code: err.code }, `the Portal refused this Server: ${err.message}`),
    onGiveUp: (err) => {
      log.fatal({ code: err.code }, `no Portal to serve (${err.message}); exiting`);
      onExit(1);
    },
  });

  return {
    start: () => client.start(),
    sessions,
    inputfuncs,
  };
}
