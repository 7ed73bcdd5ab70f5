import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WaystoneError } from '../shared/errors.ts';
import type { LinkCloseReason } from './connection.ts';
import { FrameDecoder, encodeFrame } from './frame.ts';
import { acceptLink, connectLink, type AcceptedLink, type ConnectedLink } from './handshake.ts';
import type { PortalToServer, ServerToPortal } from './messages.ts';
import { openPortalServerLink, openServerLink } from './open-link.ts';
import {
  HOST,
  deferred,
  outputMessage,
  portalIdentity,
  TEST_SECRET,
  waitFor,
} from './test-support.ts';

let server: Server;
let accepted: AcceptedLink;
let connected: ConnectedLink;

/** A real handshake over 127.0.0.1; each test opens the two ends as it needs. */
beforeEach(async () => {
  const acceptedLater = deferred<AcceptedLink>();
  server = createServer((socket) => {
    acceptLink(socket, portalIdentity).then(acceptedLater.resolve, acceptedLater.reject);
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const port = (server.address() as { port: number }).port;
  connected = await connectLink({
    host: HOST,
    secret: TEST_SECRET,
    port,
    role: 'server',
    pid: process.pid,
  });
  accepted = await acceptedLater.promise;
});

afterEach(async () => {
  accepted.socket.destroy();
  connected.socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function closeRecorder(): {
  reasons: LinkCloseReason[];
  onClose: (reason: LinkCloseReason) => void;
} {
  const reasons: LinkCloseReason[] = [];
  return { reasons, onClose: (reason) => reasons.push(reason) };
}

describe('LinkConnection', () => {
  it('round-trips a 4 MiB and a 1 MiB message intact', async () => {
    const portal = openPortalServerLink(accepted, {
      onMessage: (message) => {
        if (message.t === 'output')
          portal.send({ t: 'input', sessid: message.sessid, cmds: message.cmds });
      },
      onClose: () => {},
    });
    const echoed: PortalToServer[] = [];
    const serverEnd = openServerLink(connected, {
      onMessage: (m) => echoed.push(m),
      onClose: () => {},
    });
    // Multi-byte characters, so chunk boundaries fall inside UTF-8 sequences.
    const big = 'ab😀é'.repeat((4 * 1024 * 1024) / 10);
    const medium = 'x✓'.repeat((1024 * 1024) / 4);
    serverEnd.send(outputMessage(1, big));
    await nextTurn();
    serverEnd.send(outputMessage(2, medium));
    await waitFor(() => echoed.length === 2, 8000);
    expect(echoed.map((m) => (m.t === 'input' ? [m.sessid, m.cmds[0]![1][0]] : null))).toEqual([
      [1, big],
      [2, medium],
    ]);
  });

  it('sends everything queued in one turn as one frame, in order', async () => {
    const serverEnd = openServerLink(connected, { onMessage: () => {}, onClose: () => {} });
    const frames: unknown[][] = [];
    const decoder = new FrameDecoder({ connectionStart: false });
    accepted.socket.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk)));
    accepted.socket.resume();
    const sent = Array.from({ length: 500 }, (_, i) => outputMessage(i + 1, `line ${i}`));
    for (const message of sent) serverEnd.send(message);
    await waitFor(() => frames.length === 1);
    serverEnd.send({ t: 'getAllSessions' });
    await waitFor(() => frames.length === 2);
    expect(frames[0]).toEqual(sent);
    expect(frames[1]).toEqual([{ t: 'getAllSessions' }]);
  });

  it('drops an invalid message, reports it, and stays up', async () => {
    const received: ServerToPortal[] = [];
    const invalid: WaystoneError[] = [];
    const closes = closeRecorder();
    const portal = openPortalServerLink(accepted, {
      onMessage: (m) => received.push(m),
      onInvalid: (error) => invalid.push(error),
      onClose: closes.onClose,
    });
    connected.socket.resume();
    connected.socket.write(
      encodeFrame([
        { t: 'teleport' },
        { t: 'getAllSessions' },
        { t: 'output', sessid: -1, cmds: [] },
        'text',
      ]),
    );
    await waitFor(() => invalid.length === 3);
    expect(invalid.map((e) => e.code)).toEqual([
      'LINK_BAD_MESSAGE',
      'LINK_BAD_MESSAGE',
      'LINK_BAD_MESSAGE',
    ]);
    connected.socket.write(encodeFrame([{ t: 'serverReady', pid: 1, sessionCount: 0 }]));
    await waitFor(() => received.length === 2);
    expect(received).toEqual([
      { t: 'getAllSessions' },
      { t: 'serverReady', pid: 1, sessionCount: 0 },
    ]);
    expect(portal.isOpen).toBe(true);
    expect(closes.reasons).toEqual([]);
  });

  it('closes on a framing error, once', async () => {
    const closes = closeRecorder();
    openPortalServerLink(accepted, {
      onMessage: () => {},
      onClose: closes.onClose,
      maxFrameBytes: 1024,
    });
    connected.socket.on('error', () => {});
    connected.socket.write(Buffer.from([0, 0, 4, 1]));
    await waitFor(() => closes.reasons.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closes.reasons).toEqual([{ code: 'LINK_FRAME_TOO_LARGE', message: expect.any(String) }]);
  });

  it('closes with LINK_OVERFLOW when the peer stops reading', async () => {
    const closes = closeRecorder();
    const portal = openPortalServerLink(accepted, {
      onMessage: () => {},
      onClose: closes.onClose,
      maxBufferedBytes: 256 * 1024,
    });
    // The Server end stays as the handshake left it: paused, so nothing drains the socket.
    connected.socket.on('error', () => {});
    const chunk = 'z'.repeat(64 * 1024);
    for (let turn = 0; turn < 2000 && closes.reasons.length === 0; turn++) {
      portal.send({ t: 'input', sessid: 1, cmds: [['text', [chunk], {}]] });
      await nextTurn();
    }
    await waitFor(() => closes.reasons.length === 1);
    expect(closes.reasons[0]!.code).toBe('LINK_OVERFLOW');
    expect(portal.send({ t: 'allSessionsClosed', reason: 'x' })).toBe(false);
  });

  it('flushes on close, and each end hears of the close exactly once', async () => {
    const received: PortalToServer[] = [];
    const portalCloses = closeRecorder();
    const serverCloses = closeRecorder();
    const portal = openPortalServerLink(accepted, {
      onMessage: () => {},
      onClose: portalCloses.onClose,
    });
    openServerLink(connected, {
      onMessage: (m) => received.push(m),
      onClose: serverCloses.onClose,
    });
    portal.send({ t: 'allSessionsClosed', reason: 'Portal shutting down' });
    portal.close({ code: 'LINK_CLOSED', message: 'shutdown' });
    portal.close();
    expect(portal.send({ t: 'allSessionsClosed', reason: 'late' })).toBe(false);
    await waitFor(() => portalCloses.reasons.length === 1 && serverCloses.reasons.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([{ t: 'allSessionsClosed', reason: 'Portal shutting down' }]);
    expect(portalCloses.reasons).toEqual([{ code: 'LINK_CLOSED', message: 'shutdown' }]);
    expect(serverCloses.reasons).toHaveLength(1);
  });

  it('splits a batch too large for one frame, and drops a single message that is', async () => {
    const received: ServerToPortal[] = [];
    const dropped: WaystoneError[] = [];
    openPortalServerLink(accepted, {
      onMessage: (m) => received.push(m),
      onClose: () => {},
      maxFrameBytes: 1000,
    });
    const serverEnd = openServerLink(connected, {
      onMessage: () => {},
      onClose: () => {},
      onInvalid: (error) => dropped.push(error),
      maxFrameBytes: 1000,
    });
    // Texts differ, so the Server's end cannot send them as one outputShared.
    const batch = [1, 2, 3].map((sessid) => outputMessage(sessid, String(sessid).repeat(400)));
    for (const message of batch) serverEnd.send(message);
    serverEnd.send(outputMessage(9, 'y'.repeat(2000)));
    await waitFor(() => received.length === 3 && dropped.length === 1);
    expect(received).toEqual(batch);
    expect(dropped[0]!.code).toBe('LINK_FRAME_TOO_LARGE');
    expect(serverEnd.isOpen).toBe(true);
  });

  it("sends a run of identical outputs from the Server's end as one outputShared", async () => {
    const received: ServerToPortal[] = [];
    openPortalServerLink(accepted, { onMessage: (m) => received.push(m), onClose: () => {} });
    const serverEnd = openServerLink(connected, { onMessage: () => {}, onClose: () => {} });
    for (const sessid of [4, 5, 6]) serverEnd.send(outputMessage(sessid, 'Ann says, "hi"'));
    serverEnd.send(outputMessage(4, 'bye'));
    await waitFor(() => received.length === 2);
    expect(received).toEqual([
      { t: 'outputShared', sessids: [4, 5, 6], cmds: outputMessage(4, 'Ann says, "hi"').cmds },
      outputMessage(4, 'bye'),
    ]);
  });
});
