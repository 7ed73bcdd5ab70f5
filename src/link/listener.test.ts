import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WaystoneError } from '../shared/errors.ts';
import { FrameDecoder } from './frame.ts';
import { connectLink } from './handshake.ts';
import { LinkListener } from './listener.ts';
import type { PortalToServer } from './messages.ts';
import {
  openLauncherLink,
  openPortalServerLink,
  openServerLink,
  type PortalServerLink,
} from './open-link.ts';
import {
  HOST,
  helloFrame,
  portalIdentity,
  rawConnect,
  readUntilClosed,
  TEST_SECRET,
  waitFor,
} from './test-support.ts';
import { LINK_PROTOCOL_VERSION } from './version.ts';

let listener: LinkListener;
let portalLinks: PortalServerLink[];
let refusals: WaystoneError[];

/** A Portal-like listener that echoes every `output` back as `input`. */
beforeEach(async () => {
  portalLinks = [];
  refusals = [];
  listener = await LinkListener.listen({
    ...portalIdentity,
    port: 0,
    timeoutMs: 500,
    onLink: {
      server: (accepted) => {
        const link = openPortalServerLink(accepted, {
          onMessage: (message) => {
            if (message.t === 'output')
              link.send({ t: 'input', sessid: message.sessid, cmds: message.cmds });
          },
          onClose: () => {},
        });
        portalLinks.push(link);
      },
    },
    onRefused: (error) => refusals.push(error),
  });
});

afterEach(async () => {
  await listener.close();
});

/** Connects a Server end and checks one message goes there and back. */
async function goodClient(): Promise<{ echo: (text: string) => Promise<void>; close: () => void }> {
  const connected = await connectLink({
    host: HOST,
    secret: TEST_SECRET,
    port: listener.port,
    role: 'server',
    pid: 1,
    timeoutMs: 1000,
  });
  const received: PortalToServer[] = [];
  const link = openServerLink(connected, { onMessage: (m) => received.push(m), onClose: () => {} });
  return {
    echo: async (text) => {
      const before = received.length;
      link.send({ t: 'output', sessid: 7, cmds: [['text', [text], {}]] });
      await waitFor(() => received.length > before);
      expect(received.at(-1)).toEqual({ t: 'input', sessid: 7, cmds: [['text', [text], {}]] });
    },
    close: () => link.close(),
  };
}

describe('LinkListener', () => {
  it('binds port 0 on 127.0.0.1 and exposes the port', () => {
    expect(listener.port).toBeGreaterThan(0);
  });

  it.each([
    [
      'an HTTP client',
      Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      /^HTTP\/1\.1 400 /,
      'LINK_NOT_LINK',
    ],
    ['garbage bytes', Buffer.from('\x00\x00\x00\x04}{}{'), /refused/, 'LINK_NOT_LINK'],
    ['typed text', Buffer.from('look\r\n'), /refused/, 'LINK_NOT_LINK'],
    [
      'an old-version hello',
      helloFrame({ version: LINK_PROTOCOL_VERSION - 1 }),
      /LINK_VERSION/,
      'LINK_VERSION',
    ],
    ['a silent peer', Buffer.alloc(0), /LINK_TIMEOUT/, 'LINK_TIMEOUT'],
  ])(
    'refuses %s and closes it, while good clients before and after carry on',
    async (_name, bytes, answer, code) => {
      const before = await goodClient();
      await before.echo('before');

      const bad = await rawConnect(listener.port);
      const answered = readUntilClosed(bad);
      bad.write(bytes);
      const text = (await answered).toString('utf8');
      expect(text).toMatch(answer);
      await waitFor(() => refusals.length === 1);
      expect(refusals[0]!.code).toBe(code);

      const after = await goodClient();
      await after.echo('after');
      await before.echo('still here');
      before.close();
      after.close();
    },
  );

  it('refuses a role it has no handler for', async () => {
    await expect(
      connectLink({
        host: HOST,
        secret: TEST_SECRET,
        port: listener.port,
        role: 'launcher',
        pid: 1,
      }),
    ).rejects.toMatchObject({
      code: 'LINK_BAD_HANDSHAKE',
    });
  });

  it('hands links to the handler for their role', async () => {
    const roles: string[] = [];
    const both = await LinkListener.listen({
      ...portalIdentity,
      port: 0,
      onLink: {
        server: (accepted) => roles.push(`server ${accepted.hello.pid}`),
        launcher: (accepted) => {
          roles.push(`launcher ${accepted.hello.pid}`);
          const link = openLauncherLink(accepted, { onMessage: () => {}, onClose: () => {} });
          link.close();
        },
      },
    });
    const launcher = await connectLink({
      host: HOST,
      secret: TEST_SECRET,
      port: both.port,
      role: 'launcher',
      pid: 5,
    });
    const serverEnd = await connectLink({
      host: HOST,
      secret: TEST_SECRET,
      port: both.port,
      role: 'server',
      pid: 6,
    });
    await waitFor(() => roles.length === 2);
    expect(roles.sort()).toEqual(['launcher 5', 'server 6']);
    launcher.socket.destroy();
    serverEnd.socket.destroy();
    await both.close();
  });

  it('closes cleanly, ending links and half-done handshakes, and frees the port', async () => {
    const client = await goodClient();
    await client.echo('hi');
    const linger = await rawConnect(listener.port);
    const lingerClosed = readUntilClosed(linger);
    const port = listener.port;
    await listener.close();
    await lingerClosed;
    await waitFor(() => portalLinks.every((link) => !link.isOpen));
    // The port is free again: a new listener can take it.
    listener = await LinkListener.listen({ ...portalIdentity, port, onLink: {} });
    expect(listener.port).toBe(port);
  });

  it('refuses a malformed hello with a frame a raw client can read', async () => {
    const bad = await rawConnect(listener.port);
    const answered = readUntilClosed(bad);
    bad.write(helloFrame({ secret: 42 }));
    const frames = new FrameDecoder().push(await answered);
    expect(frames).toEqual([
      [{ t: 'refused', code: 'LINK_BAD_HANDSHAKE', reason: expect.any(String) }],
    ]);
  });
});
