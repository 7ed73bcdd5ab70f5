/**
 * The WebSocket at /ws, black-box: Evennia's JSON format and the four mudstandards.org
 * subprotocols negotiated per RFC 6455 and carrying text (and OOB) both ways; a browser reload
 * (close, reconnect with the same csessid) resumes the same session, logged in; after the grace
 * period the session is gone; a 100 MB frame is refused with 1009 and nobody else notices; a
 * client that never reads is cut off at the output cap.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, waitUntil } from '../support/game-process.ts';
import { logInOverWebSocket } from '../support/log-in.ts';
import { WsClient } from '../support/ws-client.ts';

const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };
const GRACE_SECONDS = 2;

/** A new tab's client session id, as the webclient makes one. */
const newCsessid = (): string => randomUUID().replace(/-/g, '');

/** Evennia format: ask for a value and wait for the answer. */
async function valueOf(c: WsClient, name: string): Promise<unknown> {
  const seen = c.calls.length;
  c.call('get_value', [], { name });
  const answer = await c.waitFor(`get_value ${name}`, () =>
    c.calls.slice(seen).find((call) => call[0] === 'get_value' && call[2]['name'] === name),
  );
  return answer[2]['value'];
}

async function say(c: WsClient, line: string, expected: string | RegExp): Promise<void> {
  const mark = c.text.length;
  c.call('text', [line]);
  await c.waitForText(expected, mark);
}

describe('WebSocket wire formats', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({ env: { ...FAST_HASH } });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it("speaks Evennia's JSON format when no subprotocol (or an unknown one) is offered", async () => {
    const c = await WsClient.open(game.webPort);
    expect(c.protocol).toBe('');
    await c.waitForText('Welcome to Testgame');
    c.call('ping', ['t1']);
    await c.waitFor('ping', () => c.calls.find((call) => call[0] === 'ping'));
    c.close(1000);
    await c.closed;
  });

  it("negotiates by the server's preference", async () => {
    const c = await WsClient.open(game.webPort, {
      protocols: ['telnet.mudstandards.org', 'x-unknown', 'json.mudstandards.org'],
    });
    expect(c.protocol).toBe('json.mudstandards.org');
    c.close(1000);
  });

  it('json.mudstandards.org: binary ANSI text both ways, GMCP envelopes in text frames', async () => {
    const c = await WsClient.open(game.webPort, { protocols: ['json.mudstandards.org'] });
    expect(c.protocol).toBe('json.mudstandards.org');
    await c.waitForText('Welcome to Testgame');
    const mark = c.text.length;
    c.send(Buffer.from('connect nobody wrongpassword'));
    await c.waitForText('Username and/or password is incorrect.', mark);
    expect(c.text).toContain('\r\n');
    c.send(JSON.stringify({ proto: 'gmcp', id: 'Char.Value.Get', data: '{"name":"servername"}' }));
    const reply = await c.waitFor('the GMCP reply', () =>
      c.textFrames
        .map((t) => JSON.parse(t) as Record<string, string>)
        .find((e) => e['id'] === 'Char.Value.Get'),
    );
    expect(reply['proto']).toBe('gmcp');
    expect(JSON.parse(reply['data']!)).toEqual({ name: 'servername', value: 'Testgame' });
    c.close(1000);
  });

  it('gmcp.mudstandards.org: binary text, "Package.Name json" text frames', async () => {
    const c = await WsClient.open(game.webPort, { protocols: ['gmcp.mudstandards.org'] });
    expect(c.protocol).toBe('gmcp.mudstandards.org');
    await c.waitForText('Welcome to Testgame');
    const mark = c.text.length;
    c.send(Buffer.from('connect nobody wrongpassword\n'));
    await c.waitForText('incorrect', mark);
    c.send('Core.Ping');
    await c.waitFor('Core.Ping', () => c.textFrames.find((t) => t === 'Core.Ping'));
    c.send('Char.Value.Get {"name":"servername"}');
    await c.waitFor('Char.Value.Get', () =>
      c.textFrames.find((t) => t === 'Char.Value.Get {"name":"servername","value":"Testgame"}'),
    );
    c.close(1000);
  });

  it('terminal.mudstandards.org: binary ANSI text only', async () => {
    const c = await WsClient.open(game.webPort, { protocols: ['terminal.mudstandards.org'] });
    expect(c.protocol).toBe('terminal.mudstandards.org');
    await c.waitForText('Welcome to Testgame');
    const mark = c.text.length;
    c.send(Buffer.from('connect nobody wrongpassword\r\n'));
    await c.waitForText('incorrect', mark);
    expect(c.frames.every((f) => f.binary)).toBe(true);
    c.close(1000);
  });

  it('telnet.mudstandards.org: a raw telnet stream, options refused once', async () => {
    const c = await WsClient.open(game.webPort, { protocols: ['telnet.mudstandards.org'] });
    expect(c.protocol).toBe('telnet.mudstandards.org');
    await c.waitForText('Welcome to Testgame');
    // IAC WILL NAWS → IAC DONT NAWS; a line split over two frames.
    c.send(Buffer.from([0xff, 0xfb, 0x1f]));
    await c.waitFor('IAC DONT NAWS', () =>
      Buffer.concat(c.frames.map((f) => f.data)).includes(Buffer.from([0xff, 0xfe, 0x1f])),
    );
    const mark = c.text.length;
    c.send(Buffer.from('connect nobody '));
    c.send(Buffer.from('wrongpassword\r\n'));
    await c.waitForText('incorrect', mark);
    c.close(1000);
  });
});

describe('WebSocket session resume', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: { ...FAST_HASH, WAYSTONE_WEB_SESSION_GRACE_SECONDS: String(GRACE_SECONDS) },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('a reload within the grace period resumes the same session, still logged in', async () => {
    const csessid = newCsessid();
    const first = await WsClient.open(game.webPort, { csessid });
    await first.waitForText('Welcome to Testgame');
    await say(first, 'create Tamsin "amber willow seven"', '[Y/n]');
    await say(first, 'y', 'was created');
    await say(first, 'connect Tamsin "amber willow seven"', 'You are logged in');
    const sessid = await valueOf(first, 'sessid');
    expect(sessid).toBeTypeOf('number');
    first.close(1001); // a browser leaving the page
    await first.closed;

    const second = await WsClient.open(game.webPort, { csessid });
    const resumed = await second.waitFor('session_resumed', () =>
      second.calls.find((call) => call[0] === 'session_resumed'),
    );
    expect(resumed[2]['sessid']).toBe(sessid);
    expect(second.text).not.toContain('Welcome to Testgame');
    expect(await valueOf(second, 'sessid')).toBe(sessid);
    expect(await valueOf(second, 'name')).toBe('Tamsin');
    await say(second, 'who', /Tamsin/);
    expect((await game.status()).sessions).toEqual({ total: 1, loggedIn: 1 });

    // The same tab open twice: the newer connection takes the session, the older gets 4001.
    const third = await WsClient.open(game.webPort, { csessid });
    expect(await second.closed).toBe(4001);
    expect(await valueOf(third, 'sessid')).toBe(sessid);
    third.call('websocket_close');
    await third.closed;
    await waitUntil('the session to close', async () => (await game.status()).sessions.total === 0);
  });

  it('after the grace period the session is closed and a new one is made', async () => {
    const csessid = newCsessid();
    const first = await WsClient.open(game.webPort, { csessid });
    await first.waitForText('Welcome to Testgame');
    const sessid = await valueOf(first, 'sessid');
    first.terminate(); // the network went away: no close frame at all
    await first.closed;
    expect((await game.status()).sessions.total).toBe(1); // waiting for its client
    await waitUntil(
      'the grace period to end',
      async () => (await game.status()).sessions.total === 0,
      GRACE_SECONDS * 1000 + 5000,
    );
    const again = await WsClient.open(game.webPort, { csessid });
    await again.waitForText('Welcome to Testgame');
    expect(again.calls.some((call) => call[0] === 'session_resumed')).toBe(false);
    expect(await valueOf(again, 'sessid')).not.toBe(sessid);
    again.close(1000);
  });

  it('refuses a malformed csessid with 1008', async () => {
    const c = await WsClient.open(game.webPort, { csessid: 'short' });
    expect(await c.closed).toBe(1008);
  });
});

describe('WebSocket limits', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: { WAYSTONE_MAX_OUTPUT_BUFFER_BYTES: '65536', WAYSTONE_MAX_INPUT_RATE: '1000000' },
    });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('refuses a 100 MB frame with 1009; other sessions never notice', async () => {
    const bystander = await WsClient.open(game.webPort, {
      protocols: ['terminal.mudstandards.org'],
    });
    await bystander.waitForText('Welcome');
    // With a csessid, so the session must end at once rather than wait to be resumed.
    const flooder = await WsClient.open(game.webPort, { csessid: newCsessid() });
    await flooder.waitForText('Welcome');
    flooder.send(Buffer.alloc(100 * 1024 * 1024, 0x61));
    expect(await flooder.closed).toBe(1009);
    const mark = bystander.text.length;
    bystander.send(Buffer.from('info'));
    await bystander.waitForText('## END INFO', mark);
    await waitUntil(
      'the flooder session to close',
      async () => (await game.status()).sessions.total === 1,
    );
    bystander.close(1000);
  });

  it('cuts off a client that never reads at the output cap', async () => {
    const bystander = await WsClient.open(game.webPort);
    await bystander.waitForText('Welcome');
    const sleeper = await WsClient.open(game.webPort, { protocols: ['terminal.mudstandards.org'] });
    await sleeper.waitForText('Welcome');
    // A player: before login the input budgets would never let it ask for this much output.
    await logInOverWebSocket(sleeper, 'Sleeper');
    sleeper.socket.pause(); // stop reading: the kernel buffers fill, then the Portal's
    const frame = Buffer.from('help\n'.repeat(4000)); // 20 KB, under the frame limit
    for (let i = 0; i < 20; i++) sleeper.send(frame);
    await waitUntil(
      'the Portal to cut the sleeper off',
      () => game.portalLog().includes('output buffer overflow'),
      30_000,
    );
    await waitUntil(
      'the session to be gone',
      async () => (await game.status()).sessions.total === 1,
    );
    const mark = bystander.text.length;
    bystander.call('text', ['info']);
    await bystander.waitForText('## END INFO', mark);
    sleeper.terminate();
  });
});
