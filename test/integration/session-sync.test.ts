/**
 * Session syncs between the real Portal and Server session handlers over a real link
 * (issue 13 §4): changes of protocol flags that cross on the wire leave both ends the same, in
 * either order, and a clean sync from the Server closes a session it does not know while a
 * brand-new one, whose announcement crossed that sync, survives.
 *
 * The Portal side is its session handler behind its link endpoint, as portal.ts wires them;
 * the Server side is its session handler behind a dispatch of the session messages, as
 * server.ts does it.
 */
import { createServer, type Server } from 'node:net';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acceptLink, connectLink, type AcceptedLink } from '../../src/link/handshake.ts';
import type { PortalToServer } from '../../src/link/messages.ts';
import {
  openPortalServerLink,
  openServerLink,
  type PortalServerLink,
  type ServerLink,
} from '../../src/link/open-link.ts';
import {
  HOST,
  TEST_SECRET,
  deferred,
  portalIdentity,
  waitFor,
} from '../../src/link/test-support.ts';
import { OutboundBridges } from '../../src/portal/outbound/outbound-bridges.ts';
import { OutboundRegistry } from '../../src/portal/outbound/registry.ts';
import { ServerLinkEndpoint } from '../../src/portal/server-link-endpoint.ts';
import type { SessionTransport } from '../../src/portal/sessions/portal-session.ts';
import {
  PortalSessionHandler,
  UNKNOWN_TO_GAME_MESSAGE,
} from '../../src/portal/sessions/portal-session-handler.ts';
import type { ServerSupervisor } from '../../src/portal/supervisor.ts';
import { ServerSessionHandler } from '../../src/server/sessions/server-session-handler.ts';
import type { FuncCall } from '../../src/shared/session-data.ts';

class Client implements SessionTransport {
  readonly protocolKey = 'telnet';
  readonly address = '127.0.0.1';
  closedWith: string | null = null;
  send(_cmds: readonly FuncCall[]): void {}
  close(reason: string): void {
    this.closedWith = reason;
  }
}

const silent = pino({ level: 'silent' });

let listener: Server;
let portalLink: PortalServerLink;
let serverLink: ServerLink;
let portal: PortalSessionHandler;
let server: ServerSessionHandler;
/** Session messages the Server end has handled. */
let handled: PortalToServer['t'][];

beforeEach(async () => {
  portal = new PortalSessionHandler(
    'boot-1',
    1,
    { maxInputRate: 100, maxHeldInputLines: 10 },
    silent,
  );
  server = new ServerSessionHandler(silent);
  handled = [];
  // The launcher and the process supervision play no part in session syncs.
  const supervisor = { markReady: () => undefined, markStopping: () => undefined };
  const endpoint = new ServerLinkEndpoint({
    sessions: portal,
    supervisor: supervisor as unknown as ServerSupervisor,
    bridges: new OutboundBridges({
      registry: new OutboundRegistry(),
      sessions: portal,
      tellServer: () => undefined,
      log: silent,
    }),
    log: silent,
    onStopRequested: () => undefined,
  });
  const accepted = deferred<AcceptedLink>();
  listener = createServer((socket) => {
    acceptLink(socket, portalIdentity).then(accepted.resolve, accepted.reject);
  });
  await new Promise<void>((resolve) => listener.listen(0, HOST, resolve));
  const port = (listener.address() as { port: number }).port;
  const connected = await connectLink({
    host: HOST,
    port,
    secret: TEST_SECRET,
    role: 'server',
    pid: process.pid,
  });
  portalLink = openPortalServerLink(await accepted.promise, {
    onMessage: (msg) => endpoint.handle(msg),
    onClose: () => endpoint.detach(portalLink),
  });
  endpoint.attach(portalLink);
  serverLink = openServerLink(connected, {
    onMessage: (msg) => {
      switch (msg.t) {
        case 'allSessions':
          server.portalRebuild(msg.bootId, msg.sessions);
          serverLink.send({ t: 'serverReady', pid: process.pid, sessionCount: server.count });
          break;
        case 'sessionConnected':
          server.portalConnect(msg.session);
          break;
        case 'sessionSynced':
          server.portalSync(msg.session);
          break;
        case 'sessionClosed':
          server.portalDisconnect(msg.sessid);
          break;
        default:
      }
      handled.push(msg.t);
    },
    onClose: () => undefined,
  });
  server.linked({ send: (m) => serverLink.send(m) });
});

afterEach(async () => {
  portalLink.close();
  serverLink.close();
  await new Promise((resolve) => listener.close(resolve));
});

/** Connect `clients` at the Portal, then let the Server rebuild from its copies. */
async function rebuildWith(...clients: Client[]) {
  const sessions = clients.map((c) => portal.connect(c));
  serverLink.send({ t: 'getAllSessions' });
  await waitFor(() => portal.serverIsReady);
  return sessions;
}

/** Syncs from the Server the Portal has handled (counted in the flag tests). */
let seenByPortal = 0;

/** Until each end has handled what the other sent it (both sides' messages have crossed). */
async function settled(serverSyncs: number): Promise<void> {
  await waitFor(() => handled.includes('sessionSynced'));
  await waitFor(() => seenByPortal >= serverSyncs);
}

describe('protocol flag changes that cross on the link', () => {
  beforeEach(() => {
    seenByPortal = 0;
    const original = portal.syncFromServer.bind(portal);
    portal.syncFromServer = (...args) => {
      original(...args);
      seenByPortal += 1;
    };
  });

  for (const first of ['Portal', 'Server'] as const) {
    it(`a resize and a Server change of another flag both stick, on both ends (${first} first)`, async () => {
      const [p] = await rebuildWith(new Client());
      portal.updateFlags(p!, { SCREENWIDTH: 120 });
      await waitFor(() => server.get(1)?.protocolFlags['SCREENWIDTH'] === 120);
      handled.length = 0;
      // Both written before either end has read the other's.
      const resize = () => portal.updateFlags(p!, { SCREENWIDTH: 78 });
      const change = () => server.get(1)!.setFlags({ SCREENREADER: true });
      for (const step of first === 'Portal' ? [resize, change] : [change, resize]) step();
      await settled(1);
      expect(p!.data.protocolFlags).toMatchObject({ SCREENWIDTH: 78, SCREENREADER: true });
      expect(server.get(1)!.protocolFlags).toEqual(p!.data.protocolFlags);
    });
  }

  it("a width set on both ends at once ends as the Portal's on both", async () => {
    const [p] = await rebuildWith(new Client());
    server.get(1)!.setFlags({ SCREENWIDTH: 100 });
    portal.updateFlags(p!, { SCREENWIDTH: 90 });
    await settled(1);
    expect(p!.data.protocolFlags['SCREENWIDTH']).toBe(90);
    expect(server.get(1)!.protocolFlags['SCREENWIDTH']).toBe(90);
    // Set again once the Server has the Portal's value: a later change, taken by the Portal.
    server.get(1)!.setFlags({ SCREENWIDTH: 100 });
    await waitFor(() => seenByPortal >= 2);
    expect(p!.data.protocolFlags['SCREENWIDTH']).toBe(100);
  });
});

describe('a clean sync from the Server', () => {
  it('closes a session the Server does not know and keeps one that connected meanwhile', async () => {
    const knownClient = new Client();
    const lostClient = new Client();
    const [known, lost] = await rebuildWith(knownClient, lostClient);
    // The Server lost track of one session (as if a disconnect of it had gone astray).
    server.portalDisconnect(lost!.sessid);
    // A player connects just as the Server pushes its sessions before a reload.
    const newClient = new Client();
    const fresh = portal.connect(newClient);
    server.syncAll();
    await waitFor(() => handled.includes('sessionConnected'));
    await waitFor(() => lostClient.closedWith !== null);
    expect(lostClient.closedWith).toBe(UNKNOWN_TO_GAME_MESSAGE);
    expect(knownClient.closedWith).toBeNull();
    expect(newClient.closedWith).toBeNull();
    expect(portal.get(known!.sessid)).toBe(known);
    expect(portal.get(fresh.sessid)).toBe(fresh);
    expect(server.get(fresh.sessid)?.suid).toBe(fresh.data.suid);
  });
});
