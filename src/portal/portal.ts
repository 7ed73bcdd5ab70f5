/**
 * The Portal: every player connection, the link port, and the Server's supervisor, built
 * from one frozen config. `main.ts` calls `start()` and, on a signal or `waystone stop`,
 * `shutdown()`; nothing here touches the database or game objects.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../config/load.ts';
import { LinkListener } from '../link/listener.ts';
import type { PortalStatus, StopMode } from '../link/messages.ts';
import { openPortalLauncherLink, openPortalServerLink } from '../link/open-link.ts';
import { nodeArgsFor, processEnv, SERVER_ENTRY } from '../shared/entrypoints.ts';
import { ensureGameId, readGameIdentity } from '../shared/game-identity.ts';
import { ensureLinkSecret, linkSecretOf } from '../shared/link-secret.ts';
import {
  removeQuietly,
  runPaths,
  writeFileAtomic,
  type PortalRunState,
} from '../shared/run-files.ts';
import { AdminEndpoint } from './admin-endpoint.ts';
import { admissionFromConfig } from './admission/connection-admission.ts';
import {
  listenError,
  listenSsh,
  listenTelnet,
  listenTelnetTls,
  listenWeb,
  type Listening,
} from './listeners.ts';
import { OutboundBridges } from './outbound/outbound-bridges.ts';
import { defaultOutboundKinds } from './outbound/registry.ts';
import { ServerLinkEndpoint } from './server-link-endpoint.ts';
import { PortalSessionHandler } from './sessions/portal-session-handler.ts';
import { ServerSupervisor } from './supervisor.ts';

export interface PortalOptions {
  config: Config;
  log: Logger;
  /** Where the Server's stdout/stderr go: a log file, or inherit the Portal's (foreground). */
  serverLogFile: string | null;
  /** Called once a shutdown has finished (the process may exit then). */
  onShutdown: () => void;
}

export interface Portal {
  start(): Promise<PortalRunState>;
  shutdown(reason: string): Promise<void>;
  status(): PortalStatus;
}

/** Longest wait for goodbyes to reach clients before their sockets are cut. */
const GOODBYE_FLUSH_MS = 1500;
/** The last thing a player reads when the Portal shuts down. */
const GOODBYE = 'Goodbye!';

export function createPortal({ config, log, serverLogFile, onShutdown }: PortalOptions): Portal {
  const bootId = randomUUID();
  const startedAt = Date.now();
  const paths = runPaths(config.gameDir);
  // Reported in status: the launcher acts only on the Portal of its own game.
  const identity = { dir: readGameIdentity(config.gameDir).dir, id: ensureGameId(config.gameDir) };
  // Every link peer proves it holds this (made owner-only at first start if the game has none).
  const linkSecret = linkSecretOf(config) ?? ensureLinkSecret(config.gameDir);
  const sessions = new PortalSessionHandler(
    bootId,
    startedAt,
    {
      maxInputRate: config.maxInputRate,
      maxHeldInputLines: config.maxHeldInputLines,
      maxInputRateUnloggedIn: config.maxInputRateUnloggedIn,
      maxInputBytesPerSecondUnloggedIn: config.maxInputBytesPerSecondUnloggedIn,
      maxLineLengthUnloggedIn: config.maxLineLengthUnloggedIn,
    },
    log.child({ part: 'sessions' }),
  );
  const ports: Record<string, number> = {};
  const listeners: Listening[] = [];
  let linkListener: LinkListener | null = null;
  let shuttingDown: Promise<void> | null = null;

  const spawnServer = () => {
    const out = serverLogFile === null ? 'inherit' : openSync(serverLogFile, 'a');
    const args = ['--game-dir', config.gameDir];
    const child = spawn(process.execPath, nodeArgsFor(SERVER_ENTRY, args), {
      cwd: config.gameDir,
      // The Server must reach this Portal even when the link port was chosen by the OS.
      env: processEnv({ ...process.env, WAYSTONE_LINK_PORT: String(ports['link']) }),
      // It loads, says so over IPC and waits for its go (src/shared/server-start-ipc.ts).
      stdio: ['ignore', out, out, 'ipc'],
      // Its own process group: a Ctrl-C in the terminal reaches the Portal, which then stops
      // the Server in order, instead of killing both at once.
      detached: true,
    });
    if (typeof out === 'number') closeSync(out); // the child has its own copy
    return child;
  };

  const supervisor: ServerSupervisor = new ServerSupervisor({
    spawnServer,
    requestStop: (mode: StopMode, reason: string): boolean => endpoint.requestStop(mode, reason),
    announce: (text) => sessions.announce(text),
    onServerPid: (pid) => {
      if (pid === null) removeQuietly(paths.serverPid);
      else writeFileAtomic(paths.serverPid, `${pid}\n`);
    },
    log: log.child({ part: 'supervisor' }),
    startTimeoutMs: config.serverStartTimeoutSeconds * 1000,
    restartDelayMs: config.serverRestartDelayMs,
    restartMaxDelayMs: config.serverRestartMaxDelayMs,
    maxStartFailures: config.serverMaxStartFailures,
  });

  // Outbound connections (IRC, feeds) the Server asks for, each run as a session of its own.
  const bridges: OutboundBridges = new OutboundBridges({
    registry: defaultOutboundKinds(),
    sessions,
    tellServer: (msg) => endpoint.tell(msg),
    log: log.child({ part: 'bridges' }),
  });

  const endpoint: ServerLinkEndpoint = new ServerLinkEndpoint({
    sessions,
    supervisor,
    bridges,
    log,
    onStopRequested: (mode: StopMode, all: boolean, reason: string) => {
      if (all) void shutdown(reason);
      else
        void supervisor.stop(mode, reason).catch((err: Error) => {
          log.error({ code: (err as { code?: string }).code }, `${mode} failed: ${err.message}`);
          // The Server that asked is still serving (the new one never got its go): tell it.
          endpoint.tell({
            t: 'stopFailed',
            mode,
            code: (err as { code?: string }).code ?? 'START_FAILED',
            message: err.message,
          });
        });
    },
  });

  const status = (): PortalStatus => ({
    portal: { pid: process.pid, bootId, startedAt, ports: { ...ports } },
    game: { dir: identity.dir, id: identity.id, name: config.serverName },
    server: {
      state: supervisor.state,
      pid: supervisor.pid,
      startedAt: supervisor.startedAt,
      restarts: supervisor.restarts,
      lastExit: supervisor.lastExit,
      lastError: supervisor.lastError,
    },
    sessions: { total: sessions.count, loggedIn: sessions.loggedInCount },
  });

  const admin = new AdminEndpoint({
    supervisor,
    status,
    shutdownAll: (reason) => shutdown(reason),
    log: log.child({ part: 'admin' }),
  });

  const startLink = async (): Promise<void> => {
    linkListener = await LinkListener.listen({
      host: config.linkInterface,
      port: config.linkPort,
      bootId,
      portalPid: process.pid,
      portalStartedAt: startedAt,
      secret: linkSecret,
      game: { dir: identity.dir, id: identity.id, name: config.serverName },
      timeoutMs: config.linkHandshakeTimeoutMs,
      maxFrameBytes: config.linkMaxFrameBytes,
      accept: ({ hello, holdsToken }) => {
        if (hello.role !== 'server') return null;
        // The Server role goes only to the process this Portal started: it proves the
        // one-time token handed to it at its go (holding the secret is not enough).
        const token = supervisor.childToken;
        if (token === null || hello.pid !== supervisor.childPid || !holdsToken(token)) {
          return {
            t: 'refused',
            code: 'LINK_FOREIGN_SERVER',
            reason: `this Portal only takes the Server it started (pid ${supervisor.childPid ?? 'none'}), not pid ${hello.pid}`,
          };
        }
        // Our own Server reconnecting while its old link is not yet seen closed: the new link
        // wins (it would otherwise be refused, and the Server left without a Portal).
        if (endpoint.isLinked) endpoint.dropLink('the Server linked again');
        return null;
      },
      onLink: {
        server: (accepted) => {
          const link = openPortalServerLink(accepted, {
            onMessage: (msg) => endpoint.handle(msg),
            onClose: (reason) => {
              endpoint.detach(link);
              if (!shuttingDown)
                log.info({ code: reason.code }, `Server link closed: ${reason.message}`);
            },
            onInvalid: (err) => log.error({ code: err.code }, err.message),
            maxFrameBytes: config.linkMaxFrameBytes,
            maxBufferedBytes: config.linkMaxBufferedBytes,
          });
          endpoint.attach(link);
          log.info({ serverPid: accepted.hello.pid }, 'Server linked');
        },
        launcher: (accepted) => {
          const link = openPortalLauncherLink(accepted, {
            onMessage: (msg) => admin.handle(link, msg),
            onClose: () => undefined,
            onInvalid: (err) => log.warn({ code: err.code }, err.message),
            maxFrameBytes: config.linkMaxFrameBytes,
          });
        },
      },
      onRefused: (err, remote) =>
        log.warn({ code: err.code, remote }, `link peer refused: ${err.message}`),
    }).catch((err: NodeJS.ErrnoException) => {
      throw listenError(err, config.linkPort, config.linkInterface, 'linkPort');
    });
    ports['link'] = linkListener.port;
  };

  const start = async (): Promise<PortalRunState> => {
    mkdirSync(paths.runDir, { recursive: true });
    mkdirSync(paths.logDir, { recursive: true });
    // One admission for every player port: the connection limits count across protocols.
    const admission = admissionFromConfig(config, log.child({ part: 'admission' }));
    try {
      await startLink();
      if (config.telnetEnabled) {
        const telnet = await listenTelnet(
          config,
          sessions,
          admission,
          log.child({ part: 'telnet' }),
        );
        listeners.push(telnet);
        ports['telnet'] = telnet.port;
      }
      if (config.webEnabled) {
        const web = await listenWeb(config, sessions, admission, log.child({ part: 'web' }));
        listeners.push(web);
        ports['web'] = web.port;
      }
      if (config.telnetTlsEnabled) {
        const tls = await listenTelnetTls(
          config,
          sessions,
          admission,
          log.child({ part: 'telnet-tls' }),
        );
        listeners.push(tls);
        ports['telnetTls'] = tls.port;
      }
      if (config.sshEnabled) {
        const ssh = await listenSsh(config, sessions, admission, log.child({ part: 'ssh' }));
        listeners.push(ssh);
        ports['ssh'] = ssh.port;
      }
    } catch (err) {
      await closeListeners();
      throw err;
    }
    const state: PortalRunState = { pid: process.pid, bootId, startedAt, ports: { ...ports } };
    writeFileAtomic(paths.portalPid, `${process.pid}\n`);
    writeFileAtomic(paths.portalState, `${JSON.stringify(state, null, 2)}\n`);
    log.info({ ports, bootId }, `Portal up: ${config.serverName}`);
    // The Portal serves connections even while its first Server is still booting.
    void supervisor.start().catch((err: Error) => log.error({ err }, 'Server start failed'));
    return state;
  };

  const closeListeners = async (graceMs = 0): Promise<void> => {
    await Promise.all(listeners.splice(0).map((l) => l.close(graceMs)));
    await linkListener?.close();
    linkListener = null;
  };

  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      log.info({ reason }, 'shutting down');
      // A serving Server tells its players the game is shutting down (its stop notice), so
      // then the Portal only says goodbye; `reason` is for the log, not for players.
      const serverTellsPlayers = sessions.serverIsReady;
      await supervisor
        .shutdown(reason)
        .catch((err: Error) => log.error({ err }, 'Server stop failed'));
      bridges.closeAll('The game is shutting down.');
      sessions.disconnectAll(
        serverTellsPlayers ? GOODBYE : `The game is shutting down. ${GOODBYE}`,
      );
      // Listeners stop accepting at once, then give open connections time to flush goodbyes.
      await closeListeners(GOODBYE_FLUSH_MS);
      removeQuietly(paths.portalPid);
      removeQuietly(paths.portalState);
      removeQuietly(paths.serverPid);
      log.info('Portal stopped');
      onShutdown();
    })();
    return shuttingDown;
  };

  return { start, shutdown, status };
}
