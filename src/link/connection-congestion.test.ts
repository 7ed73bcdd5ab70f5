/**
 * The link's high/low-water marks (connection.ts, "Congestion"), over a real loopback socket
 * pair without a handshake: the far end stops reading, so the near end's unsent bytes grow.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkConnection, type LinkConnectionOptions } from './connection.ts';
import { encodeFrame } from './frame.ts';
import { checkPortalToServer, checkServerToPortal } from './message-check.ts';
import type { PortalToServer, ServerToPortal } from './messages.ts';
import { HOST, waitFor } from './test-support.ts';

const KIB = 1024;
const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Two connected sockets; `far` starts paused, as a peer that does not read. */
async function socketPair(): Promise<{ near: Socket; far: Socket }> {
  let accepted: (socket: Socket) => void = () => {};
  const farSocket = new Promise<Socket>((resolve) => (accepted = resolve));
  const server = createServer((socket) => {
    socket.pause();
    accepted(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const port = (server.address() as { port: number }).port;
  const near = connect({ host: HOST, port });
  await new Promise((resolve) => near.once('connect', resolve));
  const far = await farSocket;
  near.on('error', () => {});
  far.on('error', () => {});
  sockets.push(near, far);
  return { near, far };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const inputOf = (text: string): PortalToServer => ({
  t: 'input',
  sessid: 1,
  cmds: [['text', [text], {}]],
});

const outputOf = (text: string): ServerToPortal => ({
  t: 'output',
  sessid: 1,
  cmds: [['text', [text], {}]],
});

function portalEnd(
  near: Socket,
  options: Partial<LinkConnectionOptions<ServerToPortal>> = {},
): LinkConnection<ServerToPortal, PortalToServer> {
  return new LinkConnection<ServerToPortal, PortalToServer>({
    socket: near,
    check: checkServerToPortal,
    onMessage: () => {},
    onClose: () => {},
    highWaterBytes: 64 * KIB,
    lowWaterBytes: 16 * KIB,
    ...options,
  });
}

/** Sends 16 KiB messages, one a turn, until `link` is congested (bounded by `maxTurns`). */
async function fillUntilCongested<In, Out>(
  link: LinkConnection<In, Out>,
  message: Out,
  maxTurns = 4000,
): Promise<void> {
  for (let turn = 0; turn < maxTurns && !link.congested && link.isOpen; turn++) {
    link.send(message);
    await nextTurn();
  }
}

describe('LinkConnection congestion', () => {
  it('is congested above the high-water mark and clear at the low-water mark, each reported once', async () => {
    const { near, far } = await socketPair();
    const link = portalEnd(near);
    const changes: boolean[] = [];
    link.watchCongestion((congested) => changes.push(congested));
    await fillUntilCongested(link, inputOf('z'.repeat(16 * KIB)));
    expect(link.congested).toBe(true);
    expect(link.bufferedBytes).toBeGreaterThan(64 * KIB);
    // More traffic while congested is no news.
    link.send(inputOf('more'));
    await nextTurn();
    expect(changes).toEqual([true]);
    far.resume(); // the peer reads (and discards) again
    await waitFor(() => !link.congested, 5000);
    expect(changes).toEqual([true, false]);
    expect(link.bufferedBytes).toBeLessThanOrEqual(16 * KIB);
    expect(link.isOpen).toBe(true);
  });

  it('knows of congestion within the turn that causes it, from the size of what is queued', async () => {
    const { near, far } = await socketPair();
    const link = portalEnd(near);
    const changes: boolean[] = [];
    link.watchCongestion((congested) => changes.push(congested));
    let sent = 0;
    // No await: all of this is one turn, as when one turn reads two hundred players' sockets.
    while (!link.congested && sent < 100) {
      link.send(inputOf('q'.repeat(16 * KIB)));
      sent += 1;
    }
    expect(changes).toEqual([true]);
    expect(sent).toBeLessThanOrEqual(5); // 64 KiB: the fifth 16 KiB message passes the mark
    far.resume();
    await waitFor(() => !link.congested, 5000);
  });

  it('congests again after clearing, and stays below the overflow cap', async () => {
    const { near, far } = await socketPair();
    const link = portalEnd(near, { maxBufferedBytes: 1024 * KIB });
    const changes: boolean[] = [];
    link.watchCongestion((congested) => changes.push(congested));
    for (let round = 0; round < 2; round++) {
      await fillUntilCongested(link, inputOf('y'.repeat(16 * KIB)));
      far.resume();
      await waitFor(() => !link.congested, 5000);
      far.pause();
    }
    expect(changes).toEqual([true, false, true, false]);
    expect(link.isOpen).toBe(true);
  });

  it('with pauseReadingWhileCongested, takes no input while its output cannot leave', async () => {
    const { near, far } = await socketPair();
    const received: PortalToServer[] = [];
    const serverEnd = new LinkConnection<PortalToServer, ServerToPortal>({
      socket: near,
      check: checkPortalToServer,
      onMessage: (m) => received.push(m),
      onClose: () => {},
      highWaterBytes: 64 * KIB,
      lowWaterBytes: 16 * KIB,
      pauseReadingWhileCongested: true,
    });
    await fillUntilCongested(serverEnd, outputOf('x'.repeat(16 * KIB)));
    expect(serverEnd.congested).toBe(true);
    far.write(encodeFrame([inputOf('look')]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([]);
    far.resume(); // the Portal reads the output; the Server goes on reading input
    await waitFor(() => received.length === 1, 5000);
    expect(received).toEqual([inputOf('look')]);
    expect(serverEnd.congested).toBe(false);
  });

  it('reports the end of congestion before onClose when a congested link closes', async () => {
    const { near } = await socketPair();
    const events: string[] = [];
    const link = portalEnd(near, {
      closeGraceMs: 20,
      onClose: (reason) => events.push(`closed ${reason.code}`),
    });
    link.watchCongestion((congested) => events.push(congested ? 'congested' : 'clear'));
    await fillUntilCongested(link, inputOf('w'.repeat(16 * KIB)));
    link.close();
    await waitFor(() => events.length === 3, 5000);
    expect(events).toEqual(['congested', 'clear', 'closed LINK_CLOSED']);
  });

  it('keeps the marks below the overflow cap and in order', async () => {
    const { near } = await socketPair();
    const link = portalEnd(near, {
      maxBufferedBytes: 1024 * KIB,
      highWaterBytes: 8 * 1024 * KIB,
      lowWaterBytes: 4 * 1024 * KIB,
    });
    expect(link.highWaterBytes).toBe(256 * KIB);
    expect(link.lowWaterBytes).toBe(256 * KIB);
    expect(link.congested).toBe(false);
  });
});
