/**
 * A Server killed (kill -9) while a player's command is running: the command may or may not
 * have committed its writes, and the player is told which command that was, by the Portal,
 * which saw the line go to the Server and no answer come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, waitUntil } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const gameCode = `
import { Command, type GameSetup } from 'waystone';

class CmdSlowDig extends Command {
  override key = 'slowdig';
  override async func(): Promise<void> {
    await this.pause(5);
    this.msg('You finish digging.');
  }
}

export default function setup(game: GameSetup): void {
  game.extendCmdSet('unloggedin', (set) => set.add(new CmdSlowDig()));
}
`;

describe('a command in flight when the Server crashes', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({ dir: makeGameDir({}, gameCode) });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('is named to its player as possibly not completed; others are not told', async () => {
    const digger = await TelnetClient.open(game.telnetPort);
    await digger.waitFor('Welcome');
    const bystander = await TelnetClient.open(game.telnetPort);
    await bystander.waitFor('Welcome');
    await bystander.exchange('look', 'Welcome');

    const serverPid = (await game.status()).server.pid;
    expect(serverPid).toBeGreaterThan(0);
    digger.send('slowdig under the old oak tree and then some more');
    // The Server has the line once it is pausing; a moment is enough on a loopback link.
    await new Promise((r) => setTimeout(r, 500));
    process.kill(serverPid!, 'SIGKILL');

    const told = await digger.waitFor('may not have completed.');
    expect(told).toContain(
      'Your last command (slowdig under the old oak tree and then…) may not have completed.',
    );
    await digger.waitFor('stopped unexpectedly');
    await waitUntil('the bystander to hear of the crash', () =>
      bystander.text.includes('stopped unexpectedly'),
    );
    expect(bystander.text).not.toContain('may not have completed');
    expect(digger.text).not.toContain('You finish digging.');
    await game.waitForServer('running');
  });
});
