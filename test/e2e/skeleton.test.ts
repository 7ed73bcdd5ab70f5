/**
 * Black-box tests of the walking skeleton: a real Portal process supervising a real Server,
 * driven over real sockets the way a player's client and the launcher drive them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, waitUntil } from '../support/game-process.ts';
import { logInOverTelnet } from '../support/log-in.ts';
import { TelnetClient } from '../support/telnet-client.ts';
import { WebSocket } from 'ws';

describe('a running game', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start();
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('shows the connection screen; quit says goodbye and closes', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    await client.waitFor('Welcome to Testgame');
    client.send('quit');
    await client.waitFor('Good bye!');
    await client.closed;
    expect(client.isClosed).toBe(true);
  });

  it('answers look, help and info, and says clearly when a command does not exist', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    await client.waitFor('Welcome to Testgame');
    client.send('help');
    const help = await client.waitFor(/General +connect, create/);
    // Only what a player may use before login.
    expect(help).not.toMatch(/\bwho\b|\bban\b/);
    client.send('info');
    const text = await client.waitFor('## END INFO');
    expect(text).toMatch(
      /## BEGIN INFO 1\.1\r\nName: Testgame\r\nUptime: \d+\r\nConnected: \d+\r\nVersion: Waystone /,
    );
    client.send('fly');
    await client.waitFor("Command 'fly' is not available");
    client.send('l');
    await waitUntil('the screen twice', () => client.count('Welcome to Testgame') === 2);
    client.close();
  });

  it('gives two connections distinct sessids, counting up from 1', async () => {
    const a = await TelnetClient.open(game.telnetPort);
    const b = await TelnetClient.open(game.telnetPort);
    await a.waitFor('Welcome');
    await b.waitFor('Welcome');
    const ids = game
      .portalLogEntries()
      .filter((e) => e['activity'] === 'connected')
      .map((e) => e['sessid'] as number);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBe(1);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    a.close();
    b.close();
  });

  it('accepts every line-end form a client may send', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    await client.waitFor('Welcome');
    for (const end of ['\r\n', '\r\0', '\n', '\n\r']) client.writeRaw(`info${end}`);
    await waitUntil('four info replies', () => client.count('## END INFO') === 4);
    // No stray empty commands: exactly the four replies and no "not available".
    expect(client.text).not.toContain('not available');
    client.close();
  });

  it('refuses an over-long line while it is read, and the next line still runs', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    await client.waitFor('Welcome');
    client.writeRaw(`say ${'x'.repeat(7000)}\r\n`);
    await client.waitFor('You entered a string that was too long.');
    client.send('info');
    await client.waitFor('## END INFO');
    client.close();
  });

  it('survives binary garbage and malformed telnet, and the next good line runs', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    await client.waitFor('Welcome');
    const other = await TelnetClient.open(game.telnetPort);
    await other.waitFor('Welcome');
    // A player: before login 200 KB would take the Portal minutes to read (its byte budget).
    await logInOverTelnet(client, 'Garbler');
    // IAC SE outside SB, IAC NUL, an empty SB, random bytes, an SB that is never closed…
    client.writeRaw(
      Buffer.from([0xff, 0xf0, 0xff, 0x00, 0xff, 0xfa, 0xff, 0xf0, 0x01, 0x02, 0xfe, 0x80]),
    );
    client.writeRaw(Buffer.from([0xff, 0xfa, 0x18, ...new Array(200_000).fill(0x41)]));
    // …closed at last, then a good line.
    client.writeRaw(Buffer.from([0xff, 0xf0, 0x0d, 0x0a]));
    client.send('say still here');
    await client.waitFor('You say, "still here"');
    other.send('info');
    await other.waitFor('## END INFO');
    client.close();
    other.close();
  });

  it('refuses unknown telnet options once and never loops', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    await client.waitFor('Welcome');
    const before = Buffer.concat(client.raw).length;
    // WILL 200 three times, DO 202 three times (201 is GMCP, which the Portal now offers).
    for (let i = 0; i < 3; i++) client.writeRaw(Buffer.from([0xff, 0xfb, 200, 0xff, 0xfd, 202]));
    client.send('info');
    await client.waitFor('## END INFO');
    const answer = Buffer.concat(client.raw).subarray(before);
    const dont200 = countSeq(answer, [0xff, 0xfe, 200]);
    const wont202 = countSeq(answer, [0xff, 0xfc, 202]);
    expect(dont200).toBe(1);
    expect(wont202).toBe(1);
    client.close();
  });

  it('answers an HTTP request on the telnet port with a short note and closes', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    client.writeRaw('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await client.closed;
    expect(client.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(client.text.toLowerCase()).toContain('telnet');
    expect(client.text).not.toContain('Welcome');
  });

  it('carries on for everyone when a client disconnects mid-line', async () => {
    const quitter = await TelnetClient.open(game.telnetPort);
    await quitter.waitFor('Welcome');
    quitter.writeRaw('inf');
    quitter.close();
    const client = await TelnetClient.open(game.telnetPort);
    await client.waitFor('Welcome');
    client.send('info');
    await client.waitFor('## END INFO');
    client.close();
  });

  it('serves the web page and speaks Evennia JSON on the WebSocket at /ws', async () => {
    const page = await fetch(`http://127.0.0.1:${game.webPort}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/ws');

    const ws = new WebSocket(`ws://127.0.0.1:${game.webPort}/ws`);
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    await new Promise((resolve) => ws.once('open', resolve));
    const texts = () => frames.map((f) => (f as [string, string[]])[1][0]).join('\n');
    await waitUntil('the screen over WebSocket', () => texts().includes('Welcome to Testgame'));
    ws.send(JSON.stringify(['text', ['info'], {}]));
    await waitUntil('info over WebSocket', () => texts().includes('## END INFO'));
    // Output is HTML: line breaks as <br>, and markup from text is escaped.
    expect(texts()).toMatch(/## BEGIN INFO 1\.1<br>Name: Testgame/);
    ws.send('not json at all');
    ws.send(JSON.stringify(['text', ['quit'], {}]));
    await closed;
    expect(texts()).toContain('Good bye!');
  });

  it('reports real state to the launcher', async () => {
    const { code, out } = await game.launcher(['status']);
    expect(code).toBe(0);
    expect(out).toMatch(/Portal: RUNNING \(pid \d+\)/);
    expect(out).toMatch(/Server: RUNNING \(pid \d+\)/);
    expect(out).toMatch(/Sessions: \d+ connected/);
  });
});

function countSeq(buf: Buffer, seq: number[]): number {
  let n = 0;
  for (
    let at = buf.indexOf(Buffer.from(seq));
    at !== -1;
    at = buf.indexOf(Buffer.from(seq), at + 1)
  )
    n += 1;
  return n;
}
