/**
 * A Portal killed with kill -9 leaves its Server orphaned. The Server learns it at once (the
 * IPC channel from the Portal that started it closes) and exits, instead of running on beside
 * the Server of the next Portal until its link gives up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/shared/run-files.ts';
import { GameProcess, waitUntil } from '../support/game-process.ts';

let game: GameProcess | undefined;
afterEach(() => game?.killAll());

describe('an orphaned Server', () => {
  it('exits within a couple of seconds of its Portal being killed', async () => {
    game = await GameProcess.start();
    const serverPid = (await game.status()).server.pid;
    expect(serverPid).toBeGreaterThan(0);
    game.portal.kill('SIGKILL');
    await waitUntil('the Portal to die', () => !game!.portalAlive, 5000);
    const killedAt = Date.now();
    await waitUntil('the orphaned Server to exit', () => !isProcessAlive(serverPid!), 2500);
    expect(Date.now() - killedAt).toBeLessThan(2500);
    expect(game.serverLog()).toContain('the Portal that started this Server is gone');
  });
});
