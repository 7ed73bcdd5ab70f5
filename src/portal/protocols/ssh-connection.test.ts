/**
 * SshConnection over a real SSH connection (ssh2's client) against a PortalSessionHandler whose
 * Server is played by the test: it answers `login` and echoes `ping`, as the real Server does,
 * in order. Covers the password flow, pty size and window changes reaching SCREENWIDTH/HEIGHT,
 * echo and line editing, and what happens to output before and after login.
 */
import { createServer, type Server } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortalToServer } from '../../link/messages.ts';
import { PortalSessionHandler } from '../sessions/portal-session-handler.ts';
import { SshListener } from './ssh-connection.ts';

const { privateKey: HOST_KEY } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});

interface Rig {
  port: number;
  handler: PortalSessionHandler;
  sent: PortalToServer[];
  net: Server;
}

const rigs: Rig[] = [];

async function rig(): Promise<Rig> {
  const sent: PortalToServer[] = [];
  const log = pino({ level: 'silent' });
  const handler = new PortalSessionHandler(
    'boot',
    Date.now(),
    { maxInputRate: 100, maxHeldInputLines: 10 },
    log,
  );
  // The Server, played here: the password is "right"; calls are answered in order.
  handler.serverLinked({
    send: (msg) => {
      sent.push(msg);
      if (msg.t === 'sessionConnected')
        setImmediate(() =>
          handler.output(msg.session.sessid, [['text', ['Welcome to the connection screen'], {}]]),
        );
      if (msg.t !== 'input') return;
      for (const [name, args, kwargs] of msg.cmds) {
        setImmediate(() => {
          if (name === 'login' && kwargs['password'] === 'right') {
            handler.loggedIn(msg.sessid, 7, String(kwargs['name']));
            handler.output(msg.sessid, [['text', ['You are logged in.'], {}]]);
          } else if (name === 'login') {
            handler.output(msg.sessid, [['text', ['Username and/or password is incorrect.'], {}]]);
          } else if (name === 'ping') {
            handler.output(msg.sessid, [['ping', args, {}]]);
          } else if (name === 'text') {
            handler.output(msg.sessid, [['text', [`you typed: ${String(args[0])}`], {}]]);
          }
        });
      }
    },
  });
  handler.describeAll();
  handler.serverReady();
  const ssh = new SshListener(
    Buffer.from(HOST_KEY),
    handler,
    { maxLineLength: 50, maxOutputBufferBytes: 1 << 20 },
    log,
  );
  const net = createServer((socket) => ssh.accept(socket));
  await new Promise<void>((resolve) => net.listen(0, '127.0.0.1', resolve));
  const address = net.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const made = { port, handler, sent, net };
  rigs.push(made);
  return made;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) await new Promise((resolve) => r.net.close(resolve));
});

function client(port: number, password: string): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('ready', () => resolve(c));
    c.on('error', reject);
    c.connect({ host: '127.0.0.1', port, username: 'Ysolde', password, tryKeyboard: false });
  });
}

function waitFor<T>(what: string, check: () => T | undefined | null | false): Promise<T> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 5000;
    const tick = (): void => {
      const value = check();
      if (value) resolve(value);
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('SSH connections', () => {
  it('logs in through the Server and refuses a wrong password', async () => {
    const r = await rig();
    await expect(client(r.port, 'wrong')).rejects.toMatchObject({
      level: 'client-authentication',
    });
    await waitFor('the refused session to close', () => r.handler.count === 0);
    const logins = r.sent.flatMap((m) => (m.t === 'input' ? m.cmds : []));
    expect(logins[0]).toEqual(['login', [], { name: 'Ysolde', password: 'wrong' }]);
    expect(logins[1]?.[0]).toBe('ping'); // the marker right behind it

    const c = await client(r.port, 'right');
    expect(r.handler.loggedInCount).toBe(1);
    c.end();
    await waitFor('the session to close', () => r.handler.count === 0);
  });

  it('feeds the pty size and window changes into SCREENWIDTH/SCREENHEIGHT, echoes and edits lines', async () => {
    const r = await rig();
    const c = await client(r.port, 'right');
    const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) =>
      c.shell({ term: 'xterm-256color', cols: 120, rows: 40 }, (err, s) =>
        err ? reject(err) : resolve(s),
      ),
    );
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const session = r.handler.get(1)!;
    await waitFor('the pty size', () => session.data.protocolFlags['SCREENWIDTH'] === 120);
    expect(session.data.protocolFlags).toMatchObject({
      SCREENHEIGHT: 40,
      AUTORESIZE: true,
      TERM: 'xterm-256color',
      ANSI: true,
    });
    stream.setWindow(50, 200, 0, 0);
    await waitFor('the new size', () => session.data.protocolFlags['SCREENWIDTH'] === 200);
    expect(session.data.protocolFlags['SCREENHEIGHT']).toBe(50);
    expect(r.sent.some((m) => m.t === 'sessionSynced')).toBe(true);

    // Output from the login on is shown; the connection screen before it is not.
    await waitFor('the welcome', () => out.includes('You are logged in.\r\n'));
    expect(out).not.toContain('connection screen');

    stream.write('lool\x7fk\r');
    await waitFor('the reply', () => out.includes('you typed: look\r\n'));
    expect(out).toContain('lool\b \bk\r\n'); // echoed and edited

    stream.write(`${'x'.repeat(60)}\r`);
    await waitFor('the line cap', () => out.includes('You entered a string that was too long.'));
    c.end();
    await waitFor('the session to close', () => r.handler.count === 0);
  });

  it('closes the connection with the reason when the game closes the session', async () => {
    const r = await rig();
    const c = await client(r.port, 'right');
    const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) =>
      c.shell({ cols: 80, rows: 24 }, (err, s) => (err ? reject(err) : resolve(s))),
    );
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    await waitFor('the welcome', () => out.includes('logged in'));
    r.handler.disconnectFromServer(1, 'Good bye!');
    await closed;
    expect(out).toContain('Good bye!\r\n');
  });

  it('refuses methods other than password, and never makes a session for them', async () => {
    const r = await rig();
    const c = new ssh2.Client();
    const failed = new Promise<Error>((resolve) => c.on('error', resolve));
    c.connect({ host: '127.0.0.1', port: r.port, username: 'Ysolde' }); // "none" only
    expect(await failed).toMatchObject({ level: 'client-authentication' });
    expect(r.sent.filter((m) => m.t === 'sessionConnected')).toHaveLength(0);
  });
});
