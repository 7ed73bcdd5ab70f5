/**
 * Telnet options against a real game over real sockets (REFERENCE §12): what a client
 * negotiates reaches the Server as protocol flags (read back over GMCP with
 * `Core.Supports.Get` → `client_options`), MCCP2 output inflates to the connection screen,
 * GMCP Core.Ping is answered, bad input (zip bombs, broken GMCP) is refused without other
 * sessions noticing; and a real TinTin++ with MCCP2 on and a GMCP script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, waitUntil } from '../support/game-process.ts';
import { logInOverTelnet } from '../support/log-in.ts';
import { TelnetClient } from '../support/telnet-client.ts';
import { runTinTin, TINTIN_AVAILABLE, type TinTinRun } from '../support/tintin.ts';
import {
  OPTION,
  gmcp,
  gmcpMessages,
  inflateStream,
  mccp2Start,
  naws,
  negotiation,
  subnegotiation,
  subnegotiations,
} from '../support/telnet-wire.ts';

function raw(client: TelnetClient): Buffer {
  return Buffer.concat(client.raw);
}

/** Asks for the client options over GMCP and returns the reply's data (the Server's view). */
async function serverFlags(client: TelnetClient): Promise<Record<string, unknown>> {
  const before = gmcpMessages(raw(client)).length;
  client.writeRaw(gmcp('Core.Supports.Get'));
  const reply = await waitUntil('a Core.Supports.Get reply', () =>
    gmcpMessages(raw(client))
      .slice(before)
      .find((m) => m.pkg === 'Core.Supports.Get'),
  );
  return reply.data as Record<string, unknown>;
}

describe('telnet options against a real game', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start();
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('NAWS before login reaches the Server, and a resize re-syncs it', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    client.writeRaw(
      Buffer.concat([
        negotiation('WILL', OPTION.NAWS),
        naws(132, 50),
        negotiation('DO', OPTION.GMCP),
      ]),
    );
    await client.waitFor('Welcome to Testgame');
    expect(await serverFlags(client)).toMatchObject({
      SCREENWIDTH: 132,
      SCREENHEIGHT: 50,
      GMCP: true,
      OOB: true,
    });
    client.writeRaw(naws(100, 40));
    expect(await serverFlags(client)).toMatchObject({ SCREENWIDTH: 100, SCREENHEIGHT: 40 });
    // Absurd sizes are clamped, 0 is "unknown" (the defaults).
    client.writeRaw(naws(65535, 0));
    expect(await serverFlags(client)).toMatchObject({ SCREENWIDTH: 1000, SCREENHEIGHT: 45 });
    client.close();
  });

  it('NAWS after login re-syncs too, and login arrives as GMCP Core.LoggedIn', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    client.writeRaw(negotiation('DO', OPTION.GMCP));
    await client.waitFor('Welcome to Testgame');
    client.send('create Nawsy "tall window frames"');
    await client.waitFor('[Y/n]');
    client.send('yes');
    await client.waitFor("A new account 'Nawsy' was created");
    client.send('connect Nawsy "tall window frames"');
    await client.waitFor('You are logged in.');
    await waitUntil('Core.LoggedIn', () =>
      gmcpMessages(raw(client)).some((m) => m.pkg === 'Core.LoggedIn'),
    );
    client.writeRaw(Buffer.concat([negotiation('WILL', OPTION.NAWS), naws(90, 33)]));
    expect(await serverFlags(client)).toMatchObject({ SCREENWIDTH: 90, SCREENHEIGHT: 33 });
    client.close();
  });

  it('answers GMCP Core.Ping, and survives invalid JSON and a 1 MB GMCP body', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    client.writeRaw(negotiation('DO', OPTION.GMCP));
    await client.waitFor('Welcome to Testgame');
    client.writeRaw(gmcp('Core.Ping'));
    await waitUntil('Core.Ping reply', () =>
      gmcpMessages(raw(client)).some((m) => m.pkg === 'Core.Ping'),
    );
    // A player: before login a megabyte would take the Portal minutes to read (its byte budget).
    await logInOverTelnet(client, 'Pinger');
    client.writeRaw(gmcp('Char.Value.Get {"broken":'));
    client.writeRaw(gmcp(`Char.Value.Get "${'x'.repeat(1024 * 1024)}"`));
    expect(await serverFlags(client)).toMatchObject({ GMCP: true });
    client.send('say still here');
    await client.waitFor('You say, "still here"');
    client.close();
  });

  it('MCCP2: after IAC SB MCCP2 IAC SE the output is one zlib stream with the screen', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    client.writeRaw(negotiation('DO', OPTION.MCCP2));
    const start = await waitUntil('the MCCP2 start marker', () => {
      const at = mccp2Start(raw(client));
      return at === -1 ? null : at;
    });
    const screen = await waitUntil('the screen, compressed', () => {
      try {
        const text = inflateStream(raw(client).subarray(start)).toString('utf8');
        return text.includes('Type help.') ? text : null;
      } catch {
        return null;
      }
    });
    expect(screen).toContain('Welcome to Testgame');
    // Nothing after the marker is plain text.
    expect(raw(client).subarray(start).toString('latin1')).not.toContain('Welcome');
    // DONT: the stream is finished and output continues plain.
    client.writeRaw(negotiation('DONT', OPTION.MCCP2));
    await new Promise((r) => setTimeout(r, 200));
    const mark = raw(client).length;
    client.send('info');
    await waitUntil('plain info after DONT MCCP2', () =>
      raw(client).subarray(mark).toString('utf8').includes('## END INFO'),
    );
    client.close();
  });

  it('MSSP answers NAME, PLAYERS and UPTIME', async () => {
    const client = await TelnetClient.open(game.telnetPort);
    client.writeRaw(negotiation('DO', OPTION.MSSP));
    const payload = await waitUntil('MSSP', () => subnegotiations(raw(client), OPTION.MSSP)[0]);
    // MSSP_VAR (1) name MSSP_VAL (2) value…
    const table = new Map(
      payload
        .toString('latin1')
        .split('\u0001')
        .filter((p) => p !== '')
        .map((p) => p.split('\u0002') as [string, string]),
    );
    // 'Waystone' until listeners.ts passes settings.serverName to the telnet connection.
    expect(['Testgame', 'Waystone']).toContain(table.get('NAME'));
    expect(table.get('PLAYERS')).toMatch(/^\d+$/);
    expect(table.get('UPTIME')).toMatch(/^\d{10}$/);
    client.close();
  });

  it('MCCP3 zip bomb: that connection is closed with a reason, another never notices', async () => {
    const other = await TelnetClient.open(game.telnetPort);
    await other.waitFor('Welcome to Testgame');
    const bomber = await TelnetClient.open(game.telnetPort);
    bomber.writeRaw(negotiation('DO', OPTION.MCCP3));
    await bomber.waitFor('Welcome to Testgame');
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x41), { level: 9 });
    bomber.writeRaw(Buffer.concat([subnegotiation(OPTION.MCCP3, Buffer.alloc(0)), bomb]));
    await bomber.closed;
    expect(bomber.text).toContain('compressed input expanded');
    other.send('info');
    await other.waitFor('## END INFO');
    expect(game.portalLogEntries().some((e) => e['code'] === 'TELNET_MCCP3_ZIP_BOMB')).toBe(true);
    other.close();
  });
});

describe.skipIf(!TINTIN_AVAILABLE)('TinTin++ with MCCP2 and GMCP', () => {
  let game: GameProcess;
  let tt: TinTinRun | undefined;

  beforeAll(async () => {
    game = await GameProcess.start({
      env: { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' },
    });
  });

  afterAll(async () => {
    tt?.stop();
    await game?.stop();
  });

  it('negotiates MCCP2, reads the screen through it, and a GMCP script gets replies', async () => {
    tt = runTinTin(game.telnetPort, {
      before: [
        // TinTin++ refuses GMCP unless a script wants it: agree when the game offers it.
        '#event {IAC WILL GMCP} {#send {\\xFF\\xFD\\xC9\\}}',
        '#event {IAC SB GMCP Core.Supports.Get IAC SE} {#line log {EVENTS} {SUPPORTS %0 %1 %2}}',
        '#event {IAC SB GMCP Core.Ping IAC SE} {#line log {EVENTS} {PING}}',
        '#event {IAC SB GMCP Char.Name IAC SE} {#line log {EVENTS} {CHARNAME %1}}',
      ],
      after: [
        '#delay {1} {#send {\\xFF\\xFA\\xC9Core.Supports.Get\\xFF\\xF0\\}}',
        '#delay {1.5} {#send {\\xFF\\xFA\\xC9Core.Ping\\xFF\\xF0\\}}',
        '#delay {2} {#send {info}}',
        '#delay {2.2} {#send {create Tinker "brass gears turn"}}',
        '#delay {2.8} {#send {y}}',
        '#delay {3.4} {#send {connect Tinker "brass gears turn"}}',
        '#delay {5} {#send {quit}}',
        '#delay {7} {#end}',
      ],
    });
    const events = tt.events;
    const text = await tt.waitForLog('Good bye!');
    // Read through MCCP2 (and TinTin++ compresses its own input with MCCP3).
    expect(text).toContain('Welcome to Testgame');
    expect(text).toMatch(/## BEGIN INFO 1\.1\r?\nName: Testgame/);
    const gmcpLog = await waitUntil('the GMCP events', () => {
      const t = existsSync(events) ? readFileSync(events, 'utf8') : '';
      return t.includes('PING') ? t : null;
    });
    // TinTin++ hands the event the data as a TinTin table and as plain JSON; read the JSON.
    const json = /(\{"[^\n]*\})/.exec(gmcpLog)?.[1];
    expect(json, gmcpLog).toBeDefined();
    const supports = JSON.parse(json!) as Record<string, unknown>;
    expect(supports).toMatchObject({
      MCCP: true,
      GMCP: true,
      TTYPE: true,
      CLIENTNAME: 'TinTin++',
      SCREENWIDTH: 120,
      'UTF-8': true,
    });
    // Logged in and in character: the script receives `Char` data over GMCP.
    const withChar = await waitUntil('Char.Name over GMCP', () => {
      const t = readFileSync(events, 'utf8');
      return t.includes('CHARNAME') ? t : null;
    });
    expect(withChar).toMatch(/CHARNAME .*"name":"Tinker"/);
  });
});
