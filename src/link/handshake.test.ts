import { createHmac } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWaystoneError, WaystoneError } from '../shared/errors.ts';
import { FrameDecoder, encodeFrame } from './frame.ts';
import { acceptLink, connectLink, type AcceptLinkOptions, type AcceptedLink } from './handshake.ts';
import { openPortalServerLink } from './open-link.ts';
import {
  HOST,
  helloFrame,
  portalIdentity,
  rawConnect,
  readUntilClosed,
  TEST_SECRET,
} from './test-support.ts';
import { LINK_PROTOCOL_VERSION } from './version.ts';

/** A bare TCP server running acceptLink on each socket, recording each outcome. */
let server: Server;
let port: number;
let options: AcceptLinkOptions;
let outcomes: Promise<AcceptedLink | WaystoneError>[];

beforeEach(async () => {
  outcomes = [];
  options = { ...portalIdentity, timeoutMs: 1000 };
  server = createServer((socket) => {
    outcomes.push(acceptLink(socket, options).catch((err: WaystoneError) => err));
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  port = (server.address() as { port: number }).port;
});

afterEach(async () => {
  for (const outcome of await Promise.all(outcomes))
    if (!isWaystoneError(outcome)) outcome.socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends raw bytes as a would-be client; returns everything the Portal answered. */
async function answerTo(bytes: Buffer): Promise<{ text: string; frames: unknown[][] }> {
  const socket = await rawConnect(port);
  const answer = readUntilClosed(socket);
  socket.write(bytes);
  const raw = await answer;
  let frames: unknown[][] = [];
  try {
    frames = new FrameDecoder().push(raw);
  } catch {
    // An HTTP answer is not frames.
  }
  return { text: raw.toString('utf8'), frames };
}

async function onlyOutcome(): Promise<AcceptedLink | WaystoneError> {
  while (outcomes.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return outcomes[0]!;
}

/** The next frame the peer sends on a raw socket. */
function nextFrame(socket: Socket): Promise<unknown[]> {
  return new Promise((resolve) => {
    const decoder = new FrameDecoder();
    const onData = (chunk: Buffer): void => {
      const frames = decoder.push(chunk);
      if (frames[0] === undefined) return;
      socket.off('data', onData);
      resolve(frames[0]);
    };
    socket.on('data', onData);
  });
}

/**
 * A proof computed from the handshake's written rule (handshake.ts), independently of its
 * code: HMAC-SHA256(secret, label ‖ magic, version, role, pid, both nonces), base64url.
 */
function specProof(label: string, hello: Record<string, unknown>, portalNonce: string): string {
  const transcript = [
    'waystone-link',
    LINK_PROTOCOL_VERSION,
    hello['role'],
    hello['pid'],
    hello['nonce'],
    portalNonce,
  ].join('\n');
  return createHmac('sha256', TEST_SECRET).update(`${label}\n${transcript}`).digest('base64url');
}

describe('acceptLink', () => {
  it('welcomes a good hello with the Portal identity', async () => {
    const connected = await connectLink({
      host: HOST,
      secret: TEST_SECRET,
      port,
      role: 'server',
      pid: 77,
      timeoutMs: 1000,
    });
    const { bootId, portalPid, portalStartedAt } = portalIdentity;
    expect(connected.welcome).toMatchObject({
      t: 'welcome',
      version: LINK_PROTOCOL_VERSION,
      bootId,
      portalPid,
      portalStartedAt,
    });
    const accepted = await onlyOutcome();
    expect(isWaystoneError(accepted)).toBe(false);
    expect((accepted as AcceptedLink).hello).toMatchObject({ role: 'server', pid: 77 });
    connected.socket.destroy();
  });

  it('keeps the bytes that arrive in the same segment as the answer', async () => {
    const socket = await rawConnect(port);
    const hello = JSON.parse(helloFrame().subarray(4).toString()) as [Record<string, unknown>];
    socket.write(helloFrame());
    const challenge = (await nextFrame(socket))[0] as { nonce: string };
    const message = { t: 'getAllSessions' };
    socket.write(
      Buffer.concat([
        encodeFrame([
          { t: 'answer', proof: specProof('client server', hello[0], challenge.nonce) },
        ]),
        encodeFrame([message]),
        encodeFrame([message]).subarray(0, 3),
      ]),
    );
    const accepted = (await onlyOutcome()) as AcceptedLink;
    const received: unknown[] = [];
    const link = openPortalServerLink(accepted, {
      onMessage: (m) => received.push(m),
      onClose: () => {},
    });
    socket.write(encodeFrame([message]).subarray(3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([message, message]);
    link.close();
    socket.destroy();
  });

  it('answers an HTTP client in HTTP and closes', async () => {
    const { text } = await answerTo(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toContain('Waystone link port');
    expect((await onlyOutcome()) as WaystoneError).toMatchObject({ code: 'LINK_NOT_LINK' });
  });

  it.each([
    ['garbage bytes', Buffer.from('00000005', 'hex'), 'LINK_NOT_LINK', Buffer.from('zzzzz')],
    [
      'a frame of two messages',
      encodeFrame([{ t: 'hello' }, { t: 'hello' }]),
      'LINK_BAD_HANDSHAKE',
      undefined,
    ],
    [
      'a non-hello first message',
      encodeFrame([{ t: 'getAllSessions' }]),
      'LINK_BAD_HANDSHAKE',
      undefined,
    ],
    ['a wrong magic', helloFrame({ magic: 'evennia-amp' }), 'LINK_NOT_LINK', undefined],
    ['a malformed hello', helloFrame({ role: 'wizard' }), 'LINK_BAD_HANDSHAKE', undefined],
  ])('refuses %s with a refused frame, then closes', async (_name, bytes, code, more) => {
    const { frames } = await answerTo(more === undefined ? bytes : Buffer.concat([bytes, more]));
    expect(frames).toEqual([[{ t: 'refused', code, reason: expect.any(String) }]]);
    expect(await onlyOutcome()).toMatchObject({ code });
  });

  it('refuses another protocol version, naming both versions', async () => {
    const { frames } = await answerTo(
      helloFrame({ version: LINK_PROTOCOL_VERSION + 1, role: 'future' }),
    );
    const refused = frames[0]![0] as { code: string; reason: string };
    expect(refused.code).toBe('LINK_VERSION');
    expect(refused.reason).toContain(`version ${LINK_PROTOCOL_VERSION + 1}`);
    expect(refused.reason).toContain(`version ${LINK_PROTOCOL_VERSION}`);
  });

  it('a client with the wrong secret learns the Portal cannot prove it, and sends no answer', async () => {
    const error = await connectLink({
      host: HOST,
      port,
      role: 'server',
      pid: 1,
      secret: 'guess',
    }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'LINK_BAD_SECRET' });
    // The Portal never got an answer: the client hung up after the challenge.
    expect(await onlyOutcome()).toMatchObject({ code: 'LINK_CLOSED' });
  });

  it('refuses an answer that does not prove the secret', async () => {
    const socket = await rawConnect(port);
    socket.write(helloFrame());
    await nextFrame(socket);
    const answer = readUntilClosed(socket);
    socket.write(encodeFrame([{ t: 'answer', proof: 'x'.repeat(43) }]));
    const frames = new FrameDecoder().push(await answer);
    expect(frames).toEqual([
      [{ t: 'refused', code: 'LINK_BAD_SECRET', reason: expect.any(String) }],
    ]);
    expect(await onlyOutcome()).toMatchObject({ code: 'LINK_BAD_SECRET' });
  });

  it('refuses an answer replayed from another connection', async () => {
    // A good exchange, recorded as an eavesdropper would see it.
    const socket = await rawConnect(port);
    const hello = JSON.parse(helloFrame().subarray(4).toString()) as [Record<string, unknown>];
    socket.write(helloFrame());
    const challenge = (await nextFrame(socket))[0] as { nonce: string };
    const goodAnswer = encodeFrame([
      { t: 'answer', proof: specProof('client server', hello[0], challenge.nonce) },
    ]);
    socket.write(goodAnswer);
    expect(isWaystoneError(await onlyOutcome())).toBe(false);
    socket.destroy();
    // The same hello and answer on a new connection meet a new challenge.
    const replay = await rawConnect(port);
    replay.write(helloFrame());
    await nextFrame(replay);
    const refused = readUntilClosed(replay);
    replay.write(goodAnswer);
    expect(new FrameDecoder().push(await refused)[0]).toMatchObject([{ code: 'LINK_BAD_SECRET' }]);
  });

  it('never sends the secret, either way', async () => {
    const seen: Buffer[] = [];
    const tap = createServer((client) => {
      const upstream = rawConnect(port);
      void upstream.then((up) => {
        client.on('data', (d: Buffer) => (seen.push(d), up.write(d)));
        up.on('data', (d: Buffer) => (seen.push(d), client.write(d)));
        client.on('close', () => up.destroy());
        client.on('error', () => {});
        up.on('error', () => {});
      });
    });
    await new Promise<void>((resolve) => tap.listen(0, HOST, resolve));
    const tapPort = (tap.address() as { port: number }).port;
    const connected = await connectLink({
      host: HOST,
      port: tapPort,
      role: 'launcher',
      pid: 3,
      secret: TEST_SECRET,
    });
    connected.socket.destroy();
    tap.close();
    const wire = Buffer.concat(seen).toString('latin1');
    expect(wire).toContain('"challenge"');
    expect(wire).not.toContain(TEST_SECRET);
  });

  it('hands the caller a way to check the one-time token of a Server it started', async () => {
    options.accept = ({ holdsToken }) =>
      holdsToken('token-of-the-child-0123456789')
        ? null
        : { t: 'refused', code: 'LINK_FOREIGN_SERVER', reason: 'not the Server I started' };
    const base = { host: HOST, port, role: 'server' as const, pid: 1, secret: TEST_SECRET };
    await expect(connectLink(base)).rejects.toMatchObject({ code: 'LINK_FOREIGN_SERVER' });
    await expect(
      connectLink({ ...base, token: 'a-guess-at-the-token-xxxxx' }),
    ).rejects.toMatchObject({ code: 'LINK_FOREIGN_SERVER' });
    const ok = await connectLink({ ...base, token: 'token-of-the-child-0123456789' });
    ok.socket.destroy();
  });

  it("lets the client refuse a Portal on its challenge (another game's), before proving anything", async () => {
    const error = await connectLink({
      host: HOST,
      port,
      role: 'launcher',
      pid: 1,
      secret: 'another game secret',
      checkChallenge: (challenge) =>
        new WaystoneError('LINK_OTHER_GAME', `serves ${challenge.game.dir}`),
    }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'LINK_OTHER_GAME', message: 'serves /games/test' });
  });

  it("passes on the caller's refusal, code and reason", async () => {
    options.accept = () => ({
      t: 'refused',
      code: 'LINK_SERVER_TAKEN',
      reason: 'server pid 9 is linked',
    });
    const error = await connectLink({
      host: HOST,
      secret: TEST_SECRET,
      port,
      role: 'server',
      pid: 1,
    }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'LINK_SERVER_TAKEN' });
    expect((error as Error).message).toContain('server pid 9 is linked');
  });

  it('refuses a silent peer after the timeout', async () => {
    options.timeoutMs = 100;
    const started = Date.now();
    const { frames } = await answerTo(Buffer.alloc(0));
    expect(frames).toEqual([[{ t: 'refused', code: 'LINK_TIMEOUT', reason: expect.any(String) }]]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('connectLink', () => {
  it('rejects with LINK_UNREACHABLE when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, HOST, resolve));
    const freePort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      connectLink({ host: HOST, secret: TEST_SECRET, port: freePort, role: 'launcher', pid: 1 }),
    ).rejects.toMatchObject({
      code: 'LINK_UNREACHABLE',
    });
  });

  it('rejects with LINK_TIMEOUT when the peer never answers', async () => {
    const mute = createServer(() => {});
    await new Promise<void>((resolve) => mute.listen(0, HOST, resolve));
    const mutePort = (mute.address() as { port: number }).port;
    await expect(
      connectLink({
        host: HOST,
        secret: TEST_SECRET,
        port: mutePort,
        role: 'launcher',
        pid: 1,
        timeoutMs: 100,
      }),
    ).rejects.toMatchObject({ code: 'LINK_TIMEOUT' });
    mute.close();
  });

  it('refuses a Portal of another version', async () => {
    const future = createServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', () =>
        socket.end(
          encodeFrame([{ t: 'welcome', magic: 'waystone-link', version: 99, bootId: 'b' }]),
        ),
      );
    });
    await new Promise<void>((resolve) => future.listen(0, HOST, resolve));
    const futurePort = (future.address() as { port: number }).port;
    const error = await connectLink({
      host: HOST,
      secret: TEST_SECRET,
      port: futurePort,
      role: 'server',
      pid: 1,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LINK_VERSION' });
    expect((error as Error).message).toContain('version 99');
    future.close();
  });
});
