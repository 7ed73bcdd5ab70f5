/**
 * Two games on one link port, black-box: every new game gets the default ports, so a second
 * game set up beside a running one points its launcher at the first one's Portal. The launcher
 * must see that the Portal serves another game directory and do nothing to it: status, start,
 * reload, reset and stop all exit non-zero naming the other game's directory and the setting to
 * change, while the running game and its players carry on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, runLauncher } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

describe('two games on one link port', () => {
  let running: GameProcess;
  let otherDir: string;
  let player: TelnetClient;

  beforeAll(async () => {
    running = await GameProcess.start({ dir: makeGameDir({ serverName: 'First Game' }) });
    // The second game asks for the same link port the first one's Portal bound.
    otherDir = makeGameDir({
      serverName: 'Second Game',
      linkPort: running.linkPort,
      telnetPort: 0,
      webPort: 0,
    });
    player = await TelnetClient.open(running.telnetPort);
    await player.waitFor('Welcome');
  });

  afterAll(async () => {
    player?.close();
    await running?.stop();
  });

  it.each([['status'], ['start'], ['reload'], ['reset'], ['stop']])(
    '`%s` for the other game refuses, names the running game, and leaves it alone',
    async (command) => {
      const before = await running.status();
      // Without WAYSTONE_LINK_PORT from the test environment: the settings file decides.
      const { code, out } = await runLauncher([command, '--game-dir', otherDir], {
        WAYSTONE_LINK_PORT: String(running.linkPort),
      });
      expect(code).toBe(1);
      expect(out).toContain('serves another game');
      expect(out).toContain(running.dir);
      expect(out).toContain('First Game');
      expect(out).toContain('linkPort');
      expect(out).toContain('Nothing was done to it');

      const after = await running.status();
      expect(after.server.pid).toBe(before.server.pid);
      expect(after.portal.pid).toBe(before.portal.pid);
      expect(running.portalAlive).toBe(true);
      expect(player.isClosed).toBe(false);
      await player.exchange('help', /connect/i);
    },
  );

  it('the launcher still acts on the game it was pointed at', async () => {
    const { code, out } = await running.launcher(['status']);
    expect(code).toBe(0);
    expect(out).toContain('First Game');
    expect(out).toContain(running.dir);
  });
});
