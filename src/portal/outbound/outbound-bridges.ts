/**
 * The Portal's running bridges: outbound connections the Server asked for (`serverConnect`),
 * each run as a session of its own. Evennia's `PortalSessionHandler.server_connect`.
 *
 * A bridge's session is an ordinary PortalSession with a transport that talks to the kind's
 * connection instead of a socket: its own sessid, `protocolKey` the kind's name, announced to
 * the Server like any connection. What marks it as a bridge is `serverData.bridge`, which only
 * a transport made here carries (portal-session.ts keeps it the Portal's: no client and no
 * sync from the Server can set or clear it). The Server logs the session in as the bridge's bot
 * account when it sees that mark.
 *
 * The connection is the Portal's, so it outlives Server reloads and crashes; the next Server
 * rebuilds the session from the Portal's copy as it does every other. A `serverConnect` for a
 * bridge already running with the same kind and config changes nothing (each Server start
 * sends one per stored bridge); with another config the old one is closed first. A bridge ends
 * when the Server says so (`serverDisconnect`, or a `disconnect` of its session) or the Portal
 * stops.
 */
import type { Logger } from 'pino';
import type { PortalToServer } from '../../link/messages.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import type { PortalSession, SessionTransport } from '../sessions/portal-session.ts';
import type { OutboundConnection } from './outbound-kind.ts';
import type { OutboundRegistry } from './registry.ts';

/** The part of the PortalSessionHandler bridges use. */
export interface BridgeSessions {
  connect(transport: SessionTransport): PortalSession;
  input(session: PortalSession, call: FuncCall): void;
  disconnect(session: PortalSession, reason: string): void;
}

export interface OutboundBridgesOptions {
  readonly registry: OutboundRegistry;
  readonly sessions: BridgeSessions;
  /** To the linked Server (dropped when none is linked). */
  readonly tellServer: (msg: PortalToServer) => void;
  readonly log: Logger;
}

interface RunningBridge {
  readonly kind: string;
  /** The validated config, serialised: what "the same config" means. */
  readonly configKey: string;
  readonly session: PortalSession;
  connection: OutboundConnection | null;
}

export class OutboundBridges {
  private readonly running = new Map<string, RunningBridge>();

  constructor(private readonly opts: OutboundBridgesOptions) {}

  get count(): number {
    return this.running.size;
  }

  /** The session of a running bridge (for tests and status). */
  sessionOf(bridgeId: string): PortalSession | undefined {
    return this.running.get(bridgeId)?.session;
  }

  /** `serverConnect`: open the bridge, keep it if it runs as asked, or replace it. */
  connect(bridgeId: string, kindName: string, rawConfig: Record<string, unknown>): void {
    const kind = this.opts.registry.get(kindName);
    if (kind === undefined) {
      this.refuse(
        bridgeId,
        `this Portal has no outbound kind '${kindName}' (it has: ${this.opts.registry.names.join(', ')})`,
      );
      return;
    }
    const parsed = kind.configSchema.safeParse(rawConfig);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'config'}: ${i.message}`)
        .join('; ');
      this.refuse(bridgeId, `bad ${kindName} config: ${problems}`);
      return;
    }
    const configKey = JSON.stringify(parsed.data);
    const existing = this.running.get(bridgeId);
    if (existing !== undefined) {
      if (existing.kind === kindName && existing.configKey === configKey) return;
      this.stop(bridgeId, 'the bridge was changed');
    }
    const log = this.opts.log.child({ bridge: bridgeId, kind: kindName });
    const address = kind.address(parsed.data);
    const bridge: { current: RunningBridge | null } = { current: null };
    const transport: SessionTransport = {
      protocolKey: kind.name,
      address,
      bridge: bridgeId,
      send: (cmds) => bridge.current?.connection?.send(cmds),
      // The game closed the session (or the Portal is stopping): the bridge ends with it.
      close: (reason) => {
        const running = bridge.current;
        if (running === null || this.running.get(bridgeId) !== running) return;
        this.running.delete(bridgeId);
        running.connection?.close(reason);
        running.connection = null;
        log.info({ reason }, `bridge ${bridgeId} closed`);
      },
    };
    const session = this.opts.sessions.connect(transport);
    const running: RunningBridge = { kind: kindName, configKey, session, connection: null };
    bridge.current = running;
    this.running.set(bridgeId, running);
    log.info(
      { sessid: session.sessid, address },
      `bridge ${bridgeId} opened (${kindName} ${address})`,
    );
    running.connection = kind.open(parsed.data, {
      bridgeId,
      log,
      deliver: (call) => {
        if (!session.closed) this.opts.sessions.input(session, call);
      },
    });
  }

  /** `serverDisconnect`: the bridge was deleted. Unknown ids are ignored (already gone). */
  disconnect(bridgeId: string, reason: string): void {
    this.stop(bridgeId, reason);
  }

  /** Close every bridge (the Portal is stopping). */
  closeAll(reason: string): void {
    for (const bridgeId of [...this.running.keys()]) this.stop(bridgeId, reason);
  }

  private stop(bridgeId: string, reason: string): void {
    const running = this.running.get(bridgeId);
    if (running === undefined) return;
    this.running.delete(bridgeId);
    running.connection?.close(reason);
    running.connection = null;
    // The Server hears the session is gone, as for a client that left.
    this.opts.sessions.disconnect(running.session, reason);
    this.opts.log.info({ bridge: bridgeId, reason }, `bridge ${bridgeId} closed`);
  }

  private refuse(bridgeId: string, message: string): void {
    this.opts.log.error({ bridge: bridgeId }, `bridge refused: ${message}`);
    this.opts.tellServer({ t: 'bridgeRefused', bridgeId, code: 'BRIDGE_INVALID', message });
  }
}
