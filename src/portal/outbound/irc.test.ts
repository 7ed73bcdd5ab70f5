import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FuncCall } from '../../shared/session-data.ts';
import { loadTlsFiles } from '../tls/certificate.ts';
import { FakeIrcServer } from './irc/fake-irc-server.ts';
import { IRC_TIMINGS, ircConfigSchema, ircKind, type IrcTimings } from './irc.ts';
import type { OutboundConnection } from './outbound-kind.ts';

const silent = pino({ level: 'silent' });

const FAST: IrcTimings = {
  ...IRC_TIMINGS,
  reconnectInitialMs: 50,
  reconnectMaxMs: 200,
  rejoinDelayMs: 50,
  outPerSecond: 20,
  outBurst: 2,
};

async function until<T>(what: string, check: () => T | undefined | null | false, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let server: FakeIrcServer | null = null;
let bridge: OutboundConnection | null = null;

afterEach(async () => {
  bridge?.close('test over');
  bridge = null;
  await server?.close();
  server = null;
});

function open(timings: IrcTimings = FAST, extra: Record<string, unknown> = {}, tlsCa?: Buffer) {
  const delivered: FuncCall[] = [];
  const config = ircConfigSchema.parse({
    host: '127.0.0.1',
    port: server!.port,
    channel: '#waystone',
    nick: 'wsbot',
    ...extra,
  });
  bridge = ircKind(timings, tlsCa).open(config, {
    bridgeId: 'irc-1',
    log: silent,
    deliver: (call) => delivered.push(call),
  });
  return delivered;
}

const joinedStatus = (calls: FuncCall[]) =>
  calls.filter((c) => c[0] === 'bridge_status' && c[2]['state'] === 'joined');

describe('the irc kind', () => {
  it('registers (NICK, USER), joins, and answers PING with PONG', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell();
    const delivered = open();
    await until('joined', () => joinedStatus(delivered).length === 1);
    const client = server.clients[0]!;
    expect(client.lines.slice(0, 3)).toEqual([
      'NICK wsbot',
      'USER waystone 0 * :Waystone bridge',
      'JOIN #waystone',
    ]);
    client.send('PING :abc123');
    await until('PONG', () => client.lines.includes('PONG abc123'));
  });

  it('tries wsbot_ then wsbot__ when the nick is taken, and gives up after the bound', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell(['wsbot', 'wsbot_']);
    const delivered = open();
    await until('joined', () => joinedStatus(delivered).length === 1);
    const nicks = server.clients[0]!.lines.filter((l) => l.startsWith('NICK '));
    expect(nicks).toEqual(['NICK wsbot', 'NICK wsbot_', 'NICK wsbot__']);
    expect(joinedStatus(delivered)[0]![2]['nick']).toBe('wsbot__');

    // Every variant taken: the connection gives up (and the bridge tries again later).
    bridge!.close('next');
    await server.close();
    server = await FakeIrcServer.start();
    server.behaveWell(['wsbot', 'wsbot_', 'wsbot__', 'wsbot___', 'wsbot____']);
    const again = open({ ...FAST, reconnectInitialMs: 60_000, reconnectMaxMs: 60_000 });
    await until('disconnected', () =>
      again.find((c) => c[0] === 'bridge_status' && c[2]['state'] === 'disconnected'),
    );
    expect(server.clients[0]!.lines.filter((l) => l.startsWith('NICK '))).toHaveLength(5);
  });

  it('relays channel messages as bot_data_in, plain, with /me as an action', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell();
    const delivered = open();
    await until('joined', () => joinedStatus(delivered).length === 1);
    const client = server.clients[0]!;
    client.send(':tester!~t@h PRIVMSG #waystone :\x0304hello\x03 from \x02irc\x02');
    client.send(':tester!~t@h PRIVMSG #waystone :\x01ACTION waves\x01');
    client.send(':tester!~t@h PRIVMSG #waystone :\x01VERSION\x01');
    client.send(':tester!~t@h PRIVMSG wsbot :a private word');
    client.send(':tester!~t@h PRIVMSG #other :another channel');
    const relayed = await until('two lines', () => {
      const lines = delivered.filter((c) => c[0] === 'bot_data_in');
      return lines.length >= 2 ? lines : null;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(delivered.filter((c) => c[0] === 'bot_data_in')).toEqual([
      ['bot_data_in', ['hello from irc'], { type: 'privmsg', nick: 'tester' }],
      ['bot_data_in', ['waves'], { type: 'action', nick: 'tester' }],
    ]);
    expect(relayed).toHaveLength(2);
  });

  it('bounds lines from IRC per second: a flood is not relayed whole', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell();
    const delivered = open({ ...FAST, inPerSecond: 5, inBurst: 10 });
    await until('joined', () => joinedStatus(delivered).length === 1);
    const client = server.clients[0]!;
    for (let i = 0; i < 100; i += 1) client.send(`:flood!~f@h PRIVMSG #waystone :line ${i}`);
    await until('some lines', () => delivered.filter((c) => c[0] === 'bot_data_in').length >= 10);
    await new Promise((r) => setTimeout(r, 200));
    const count = delivered.filter((c) => c[0] === 'bot_data_in').length;
    expect(count).toBeGreaterThanOrEqual(10);
    expect(count).toBeLessThan(15);
  });

  it('sends channel lines as PRIVMSG "talker: message", paced, never a second command', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell();
    const delivered = open({ ...FAST, outPerSecond: 5, outBurst: 1 });
    await until('joined', () => joinedStatus(delivered).length === 1);
    const client = server.clients[0]!;
    const say = (talker: string, message: string): void =>
      bridge!.send([
        ['text', [`[Public] ${talker}: ${message}`], {}],
        ['comm_channel_text', [], { channel: 'public', talker, text: '', message }],
      ]);
    const started = Date.now();
    say('Cora', 'hello irc');
    say('Cora', 'evil\r\nQUIT :gone');
    say('Bob', '\x0304red\x01');
    const privmsgs = await until('three PRIVMSGs', () => {
      const p = client.lines.filter((l) => l.startsWith('PRIVMSG '));
      return p.length >= 3 ? p : null;
    });
    expect(privmsgs).toEqual([
      'PRIVMSG #waystone :Cora: hello irc',
      'PRIVMSG #waystone :Cora: evil QUIT :gone',
      'PRIVMSG #waystone :Bob: 04red',
    ]);
    // One at once, then one every 200 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(client.lines.some((l) => l.startsWith('QUIT'))).toBe(false);
  });

  it('splits a long channel line so that each relayed line fits 512 bytes', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell();
    const delivered = open({ ...FAST, outPerSecond: 50, outBurst: 10 });
    await until('joined', () => joinedStatus(delivered).length === 1);
    const client = server.clients[0]!;
    const words = Array.from({ length: 300 }, (_, i) => `wörd${i}`).join(' ');
    bridge!.send([['comm_channel_text', [], { talker: 'Cora', message: words }]]);
    const privmsgs = await until('all pieces', () => {
      const p = client.lines.filter((l) => l.startsWith('PRIVMSG '));
      const text = p.map((l) => l.replace('PRIVMSG #waystone :Cora: ', '')).join(' ');
      return text === words ? p : null;
    });
    expect(privmsgs.length).toBeGreaterThan(3);
    for (const line of privmsgs) {
      // As the server relays it: our prefix (nick!user@host, host up to 63 bytes) in front.
      const relayed = `:wsbot!~waystone@${'h'.repeat(63)} ${line}\r\n`;
      expect(Buffer.byteLength(relayed)).toBeLessThanOrEqual(512);
    }
  });

  it('reconnects with backoff when the server goes, and joins again', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell();
    const delivered = open();
    await until('joined', () => joinedStatus(delivered).length === 1);
    server.clients[0]!.socket.destroy();
    await until('joined again', () => joinedStatus(delivered).length === 2);
    expect(server.clients).toHaveLength(2);
    expect(server.clients[1]!.lines).toContain('JOIN #waystone');
    expect(
      delivered.some((c) => c[0] === 'bridge_status' && c[2]['state'] === 'disconnected'),
    ).toBe(true);
  });

  it('drops a server that stops answering (no reply to its PING) and reconnects', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell();
    const delivered = open({ ...FAST, idlePingMs: 100, pingTimeoutMs: 100 });
    await until('joined', () => joinedStatus(delivered).length === 1);
    // From now on the first connection hears nothing back.
    const first = server.clients[0]!;
    const friendly = server.onLine;
    server.onLine = (client, line) => {
      if (client !== first) friendly(client, line);
    };
    await until('a PING of ours', () => first.lines.some((l) => l.startsWith('PING ')));
    await until('joined again', () => joinedStatus(delivered).length === 2, 5000);
    const lost = delivered.find(
      (c) => c[0] === 'bridge_status' && c[2]['state'] === 'disconnected',
    );
    expect(String(lost?.[2]['detail'])).toContain('no answer');
  });

  it('joins again after a kick', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell();
    const delivered = open();
    await until('joined', () => joinedStatus(delivered).length === 1);
    server.clients[0]!.send(':op!~o@h KICK #waystone wsbot :out');
    await until('joined again', () => joinedStatus(delivered).length === 2);
    expect(server.clients).toHaveLength(1);
    expect(server.clients[0]!.lines.filter((l) => l === 'JOIN #waystone')).toHaveLength(2);
  });

  it('says QUIT and stops for good when closed', async () => {
    server = await FakeIrcServer.start();
    server.behaveWell();
    const delivered = open();
    await until('joined', () => joinedStatus(delivered).length === 1);
    bridge!.close('Bridge deleted');
    bridge = null;
    const client = server.clients[0]!;
    await until('QUIT', () => client.lines.includes('QUIT :Bridge deleted'));
    await new Promise((r) => setTimeout(r, 300));
    expect(server.clients).toHaveLength(1);
  });

  it('speaks TLS when asked, and verifies the server certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystone-irc-tls-'));
    try {
      const { cert, key } = await loadTlsFiles({ gameDir: dir, tlsCertFile: '', tlsKeyFile: '' });
      server = await FakeIrcServer.start({ cert, key });
      server.behaveWell();
      // A self-signed certificate nobody said to trust: refused, and tried again later.
      const refused = open(
        { ...FAST, reconnectInitialMs: 60_000, reconnectMaxMs: 60_000 },
        { tls: true },
      );
      const lost = await until('the refusal', () =>
        refused.find((c) => c[0] === 'bridge_status' && c[2]['state'] === 'disconnected'),
      );
      expect(String(lost[2]['detail'])).toMatch(/certificate/i);
      bridge!.close('next');
      // Trusted: registers and joins over TLS.
      const delivered = open(FAST, { tls: true, host: 'localhost' }, cert);
      await until('joined over TLS', () => joinedStatus(delivered).length === 1);
      const client = server.clients.at(-1)!;
      expect(client.lines).toContain('JOIN #waystone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validates its config', () => {
    const ok = { host: 'irc.example.org', port: 6697, channel: '#x', nick: 'bot' };
    expect(ircConfigSchema.parse(ok)).toMatchObject({ tls: false, realname: 'Waystone bridge' });
    for (const bad of [
      { ...ok, channel: 'nochan' },
      { ...ok, channel: '#a b' },
      { ...ok, nick: '9lives' },
      { ...ok, nick: 'a b' },
      { ...ok, port: 0 },
      { ...ok, host: 'bad host' },
      { ...ok, password: 'two words' },
      { ...ok, extra: 1 },
    ])
      expect(ircConfigSchema.safeParse(bad).success).toBe(false);
  });
});
