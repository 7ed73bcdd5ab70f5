import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WaystoneError } from '../shared/errors.ts';
import type { AcceptLinkOptions } from './handshake.ts';
import { LinkListener } from './listener.ts';
import type { PortalToServer } from './messages.ts';
import { openPortalServerLink } from './open-link.ts';
import {
  ReconnectingLinkClient,
  type ReconnectingLinkClientOptions,
} from './reconnecting-client.ts';
import { HOST, portalIdentity, TEST_SECRET, waitFor } from './test-support.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A Portal-like listener echoing `output` as `input`. */
async function startPortal(
  port: number,
  extra: Partial<AcceptLinkOptions> = {},
): Promise<LinkListener> {
  const listener = await LinkListener.listen({
    ...portalIdentity,
    ...extra,
    port,
    onLink: {
      server: (accepted) => {
        const link = openPortalServerLink(accepted, {
          onMessage: (m) => {
            if (m.t === 'output') link.send({ t: 'input', sessid: m.sessid, cmds: m.cmds });
          },
          onClose: () => {},
        });
      },
    },
  });
  cleanups.push(() => listener.close());
  return listener;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, HOST, resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface Recorded {
  client: ReconnectingLinkClient;
  events: string[];
  received: PortalToServer[];
  delays: number[];
  gaveUp: WaystoneError[];
}

function startClient(port: number, extra: Partial<ReconnectingLinkClientOptions> = {}): Recorded {
  const events: string[] = [];
  const received: PortalToServer[] = [];
  const delays: number[] = [];
  const gaveUp: WaystoneError[] = [];
  const client = new ReconnectingLinkClient({
    host: HOST,
    port,
    pid: process.pid,
    secret: TEST_SECRET,
    connectTimeoutMs: 500,
    initialDelayMs: 20,
    maxDelayMs: 100,
    random: () => 0.5,
    onConnected: (_link, welcome) => events.push(`connected ${welcome.bootId}`),
    onMessage: (message) => received.push(message),
    onDisconnected: (reason) => events.push(`disconnected ${reason.code}`),
    onConnectFailed: (error, retryInMs) => {
      events.push(`failed ${error.code}`);
      delays.push(retryInMs);
    },
    onRefused: (error) => events.push(`refused ${error.code}`),
    onGiveUp: (error) => gaveUp.push(error),
    ...extra,
  });
  cleanups.push(() => client.stop());
  client.start();
  return { client, events, received, delays, gaveUp };
}

describe('ReconnectingLinkClient', () => {
  it('reconnects after the Portal restarts on the same port, and the new link works', async () => {
    const first = await startPortal(0);
    const port = first.port;
    const run = startClient(port);
    await waitFor(() => run.events.includes('connected boot-test'));

    await first.close();
    await waitFor(() => run.events.includes('disconnected LINK_CLOSED'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await startPortal(port, { bootId: 'boot-2' });
    await waitFor(() => run.events.includes('connected boot-2'));
    expect(run.events.filter((e) => e.startsWith('failed')).length).toBeGreaterThan(0);

    run.client.link!.send({ t: 'output', sessid: 3, cmds: [['text', ['back'], {}]] });
    await waitFor(() => run.received.length === 1);
    expect(run.received[0]).toEqual({ t: 'input', sessid: 3, cmds: [['text', ['back'], {}]] });
    expect(run.gaveUp).toEqual([]);
  });

  it('backs off exponentially up to the cap, then gives up after the limit', async () => {
    const port = await freePort();
    const started = Date.now();
    const run = startClient(port, { giveUpAfterMs: 400 });
    await waitFor(() => run.gaveUp.length === 1, 3000);
    expect(run.gaveUp[0]!.code).toBe('LINK_UNREACHABLE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(1500);
    // random() = 0.5 means no jitter: 20, 40, 80, then the 100 ms cap.
    expect(run.delays.slice(0, 5)).toEqual([20, 40, 80, 100, 100]);
    const attempts = run.delays.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(run.delays.length).toBe(attempts);
    expect(run.client.link).toBeNull();
  });

  it('reports a bad-secret refusal and gives up at once', async () => {
    const portal = await startPortal(0, { secret: 'right' });
    const run = startClient(portal.port, { secret: 'wrong', giveUpAfterMs: 5000 });
    await waitFor(() => run.gaveUp.length === 1);
    expect(run.events).toEqual(['refused LINK_BAD_SECRET']);
    expect(run.gaveUp[0]!.code).toBe('LINK_BAD_SECRET');
  });

  it('reports LINK_SERVER_TAKEN and keeps trying until the Portal accepts', async () => {
    let refuseNext = 2;
    const portal = await startPortal(0, {
      accept: () =>
        refuseNext-- > 0
          ? { t: 'refused', code: 'LINK_SERVER_TAKEN', reason: 'another Server is linked' }
          : null,
    });
    const run = startClient(portal.port);
    await waitFor(() => run.events.includes('connected boot-test'));
    expect(run.events).toEqual([
      'refused LINK_SERVER_TAKEN',
      'failed LINK_SERVER_TAKEN',
      'refused LINK_SERVER_TAKEN',
      'failed LINK_SERVER_TAKEN',
      'connected boot-test',
    ]);
  });

  it('stops retrying and closes the link on stop()', async () => {
    const portal = await startPortal(0);
    const run = startClient(portal.port);
    await waitFor(() => run.client.link !== null);
    const link = run.client.link!;
    run.client.stop();
    await waitFor(() => !link.isOpen);
    await portal.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(run.events).toEqual(['connected boot-test']);
    expect(run.client.link).toBeNull();
  });
});
