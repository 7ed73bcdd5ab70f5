/**
 * A reload with broken game code, black-box, as a game author meets it: a syntax error in a
 * command file never takes the game down. The new Server loads the game's code (and runs its
 * setup) while the old one serves; if that fails, `waystone reload` exits non-zero with
 * `file:line:column: message`, players notice nothing, and an admin's in-game `reload` shows
 * the same error. A Server that cannot start again and again after a crash is left down —
 * players told once, status showing the error — until a reload after the fix brings it back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, runLauncher, waitUntil } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const GAME_TS = `
import type { GameSetup } from 'waystone';
import { CmdWave } from './commands/wave.ts';

export default function setup(game: GameSetup): void {
  game.extendCmdSet('account', (set) => set.add(new CmdWave()));
}
`;

const wave = (text: string): string => `import { Command } from 'waystone';

export class CmdWave extends Command {
  override key = 'wave';
  override func(): void {
    this.msg(${JSON.stringify(text)});
  }
}
`;

// Line 6 is missing its ')': esbuild reports it at 6:34.
const BROKEN_WAVE = `import { Command } from 'waystone';

export class CmdWave extends Command {
  override key = 'wave';
  override func(): void {
    this.msg(String('You wave broken.';
  }
}
`;

const PASSWORD = 'seven silver keys';

describe('reload with broken game code', () => {
  let game: GameProcess;
  let dir: string;
  let player: TelnetClient;
  let admin: TelnetClient;

  const writeWave = (source: string): void =>
    writeFileSync(join(dir, 'commands', 'wave.ts'), source);

  const login = async (name: string): Promise<TelnetClient> => {
    const c = await TelnetClient.open(game.telnetPort);
    await c.waitFor('Welcome');
    await c.exchange(`connect ${name} "${PASSWORD}"`, 'You are logged in');
    return c;
  };

  beforeAll(async () => {
    dir = makeGameDir({ serverMaxStartFailures: 3 }, GAME_TS);
    mkdirSync(join(dir, 'commands'));
    writeWave(wave('You wave, version one.'));
    game = await GameProcess.start({ dir, env: { WAYSTONE_SERVER_RESTART_DELAY_MS: '100' } });
    const made = await runLauncher([
      'createsuperuser',
      '--game-dir',
      dir,
      '--name',
      'Root',
      '--password',
      PASSWORD,
    ]);
    expect(made.code).toBe(0);
    admin = await login('Root');
    const plain = await TelnetClient.open(game.telnetPort);
    await plain.waitFor('Welcome');
    await plain.exchange(`create Wren "${PASSWORD}"`, '[Y/n]');
    await plain.exchange('y', 'was created');
    await plain.exchange(`connect Wren "${PASSWORD}"`, 'You are logged in');
    player = plain;
    await player.exchange('wave', 'You wave, version one.');
  });

  afterAll(async () => {
    player?.close();
    admin?.close();
    await game?.stop();
  });

  it('waystone reload refuses it with file:line:column, and the old Server serves on unseen', async () => {
    const before = await game.status();
    writeWave(BROKEN_WAVE);
    const playerMark = player.text.length;
    const { code, out } = await game.launcher(['reload']);
    expect(code).toBe(1);
    expect(out).toContain('Reload failed');
    expect(out).toMatch(/commands\/wave\.ts:6:\d+: Expected "\)"/);

    // The same Server serves, and the player saw nothing at all.
    const after = await game.status();
    expect(after.server.pid).toBe(before.server.pid);
    expect(after.server.state).toBe('running');
    expect(after.server.lastError).toMatch(/commands\/wave\.ts:6:\d+/);
    expect(player.text.length).toBe(playerMark);
    await player.exchange('wave', 'You wave, version one.');
    expect(player.text).not.toMatch(/restart|stopped unexpectedly/);
    expect(player.isClosed).toBe(false);
  });

  it('an admin who types reload in the game sees the same error there', async () => {
    const mark = admin.text.length;
    admin.send('reload');
    const seen = await admin.waitFor(
      /The reload failed[\s\S]*wave\.ts:6:\d+: Expected "\)"/,
      20_000,
      mark,
    );
    expect(seen).toContain('the game keeps running');
    await admin.exchange('wave', 'You wave, version one.');
    expect(player.text).not.toMatch(/Server restart initiated/);
  });

  it('after the fix, a reload puts the new code live', async () => {
    writeWave(wave('You wave, version two.'));
    const { code, out } = await game.launcher(['reload']);
    expect(out).toContain('Server reloaded.');
    expect(code).toBe(0);
    await player.exchange('wave', 'You wave, version two.');
    expect((await game.status()).server.lastError).toBeNull();
  });

  it('a Server that crashes and cannot start again is left down, players told once; reload brings it back', async () => {
    writeWave(BROKEN_WAVE);
    const mark = player.text.length;
    const { server } = await game.status();
    process.kill(server.pid!, 'SIGKILL');

    const down = await game.waitForServer('down', 60_000);
    expect(down.server.lastError).toMatch(/commands\/wave\.ts:6:\d+: Expected "\)"/);
    await player.waitFor('is down until an administrator fixes it', 10_000, mark);
    const told = player.text.slice(mark);
    expect(told.split('stopped unexpectedly').length - 1).toBe(1);
    expect(told.split('is down until').length - 1).toBe(1);
    expect(player.isClosed).toBe(false);

    const status = await game.launcher(['status']);
    expect(status.out).toContain('DOWN');
    expect(status.out).toMatch(/wave\.ts:6:\d+: Expected "\)"/);

    // Still broken: the reload says why, and the game stays down.
    const again = await game.launcher(['reload']);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/wave\.ts:6:\d+/);
    expect((await game.status()).server.state).toBe('down');

    writeWave(wave('You wave, version three.'));
    const fixed = await game.launcher(['reload']);
    expect(fixed.code).toBe(0);
    await player.waitFor('... Server restarted.', 20_000, mark);
    await player.exchange('wave', 'You wave, version three.');
    const waited = await waitUntil('the Server running', async () => {
      const s = await game.status();
      return s.server.state === 'running' ? s : null;
    });
    expect(waited.server.lastError).toBeNull();
  });
});
