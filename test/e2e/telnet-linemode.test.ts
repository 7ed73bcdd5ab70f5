/**
 * Line-mode clients see clean lines: the README's first suggestion, `telnet 127.0.0.1 4000`,
 * run for real in a terminal (tmux), and a netcat-style raw socket. A server's WILL SGA once
 * put Debian's telnet into character mode, so Enter echoed as `^M` and the reply ran onto the
 * typed line (`look^MLimbo`; src/portal/telnet/options/sga.ts). The terminal part skips,
 * visibly, without telnet or tmux (.ci/run installs both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEBIAN_TELNET_AVAILABLE,
  runDebianTelnet,
  type DebianTelnet,
} from '../support/debian-telnet.ts';
import { GameProcess } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

// Cheap hashing keeps the login quick.
const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };
const PASSWORD = 'amber-kestrel-42';

function linesOf(screen: string): string[] {
  return screen.split('\n').map((line) => line.trimEnd());
}

function count(screen: string, line: string): number {
  return linesOf(screen).filter((l) => l === line).length;
}

/** The screen line right after the last line that reads exactly `typed`. */
function lineAfter(screen: string, typed: string): string | undefined {
  const lines = linesOf(screen);
  return lines[lines.lastIndexOf(typed) + 1];
}

let game: GameProcess;

beforeAll(async () => {
  game = await GameProcess.start({ env: FAST_HASH });
});

afterAll(async () => {
  await game?.stop();
});

describe.skipIf(!DEBIAN_TELNET_AVAILABLE)('telnet(1) in a terminal (needs telnet and tmux)', () => {
  let term: DebianTelnet | undefined;

  afterAll(() => term?.stop());

  it('shows each typed line and each reply on lines of their own, before and after login', async () => {
    term = runDebianTelnet(game.telnetPort);
    const t = term;
    await t.waitForScreen('the connection screen', (s) => s.includes('Welcome to Testgame'));

    t.type('look');
    let screen = await t.waitForScreen('the connection screen again', (s) =>
      linesOf(s).some((l, i, all) => i > 0 && all[i - 1] === 'look'),
    );
    expect(lineAfter(screen, 'look')).toMatch(/^Welcome to Testgame/);

    t.type(`create Wren ${PASSWORD}`);
    await t.waitForScreen('the confirmation', (s) => s.includes('[Y/n]'));
    t.type('y');
    await t.waitForScreen('the account', (s) => s.includes("A new account 'Wren' was created"));

    // The password is asked for with the echo off: nothing typed shows, the line still ends.
    t.type('connect Wren');
    await t.waitForScreen('the password prompt', (s) => count(s, 'Password:') === 1);
    t.type(PASSWORD);
    screen = await t.waitForScreen('the login', (s) => s.includes('You are logged in'));
    expect(linesOf(screen)).toContain('Password:');
    expect(screen.split(PASSWORD)).toHaveLength(2); // Only where it was typed in `create`.

    t.type('look');
    screen = await t.waitForScreen('the room again', (s) => count(s, 'Limbo') >= 2);
    expect(lineAfter(screen, 'look')).toBe('Limbo');

    t.type('quit');
    screen = await t.waitForScreen('the goodbye', (s) => s.includes('Connection closed'));
    expect(linesOf(screen)).toContain('quit');

    // No line end shown as ^M, and every command typed sits alone on its line, its reply below.
    expect(screen).not.toContain('^M');
    expect(lineAfter(screen, `create Wren ${PASSWORD}`)).toMatch(/^Create a new account/);
    expect(lineAfter(screen, 'y')).toMatch(/^A new account 'Wren' was created/);
    expect(lineAfter(screen, 'connect Wren')).toBe('Password:');
  });
});

describe('a raw socket (netcat style)', () => {
  it('gets its reply as whole CR LF lines, and its input is not echoed back', async () => {
    const c = await TelnetClient.open(game.telnetPort);
    try {
      const banner = await c.waitFor(/Type help\.\r\n/);
      // netcat sends what the terminal gives it: a line ending in LF alone. It answers no
      // negotiation, and its terminal has already echoed the line.
      c.writeRaw('look\n');
      const text = await c.waitFor(/Type help\.\r\n[\s\S]*Type help\.\r\n/);
      expect(text.slice(banner.length)).toMatch(/^Welcome to Testgame[^\r\n]*\r\nType help\.\r\n$/);
      expect(text).not.toMatch(/\r(?!\n)|\0/);
    } finally {
      c.close();
    }
  });
});
