/**
 * A game's own code, black-box: commands a game adds through game.ts reach players, an error in
 * one leaves the session working (with a notice to the player and a trace in the log), and a
 * reload picks up changed code while the player stays connected.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const gameCode = (greeting: string) => `
import { Command, type GameSetup } from 'waystone';

class CmdBoom extends Command {
  override key = 'boom';
  override func(): void {
    throw new Error('the game author made a mistake');
  }
}

class CmdGreet extends Command {
  override key = 'greet';
  override func(): void {
    // Colour markup: rendered per client (a plain telnet client gets plain text).
    this.msg(${JSON.stringify('|g')} + ${JSON.stringify(greeting)} + ${JSON.stringify('|n')});
  }
}

export default function setup(game: GameSetup): void {
  game.extendCmdSet('unloggedin', (set) => set.add([new CmdBoom(), new CmdGreet()]));
}
`;

describe("a game's own commands", () => {
  let game: GameProcess;
  let dir: string;

  beforeAll(async () => {
    dir = makeGameDir({}, gameCode('Hello from version one.'));
    game = await GameProcess.start({ dir });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('reach players; an error in one is a short notice, and the session keeps working', async () => {
    const c = await TelnetClient.open(game.telnetPort);
    await c.waitFor('Welcome');
    c.send('greet');
    await c.waitFor('Hello from version one.');
    c.send('boom');
    await c.waitFor('An error occurred');
    expect(c.text).not.toContain('the game author made a mistake');
    c.send('greet');
    await c.waitFor(/Hello from version one\.[\s\S]*Hello from version one\./);
    expect(game.serverLog()).toContain('the game author made a mistake');
    // No markup and no escape codes reach a client that negotiated no colour.
    expect(c.text).not.toContain('|g');
    expect(c.text).not.toContain('\u001b');
    c.close();
  });

  it('a reload loads changed game code while the player stays connected', async () => {
    const c = await TelnetClient.open(game.telnetPort);
    await c.waitFor('Welcome');
    writeFileSync(join(dir, 'game.ts'), gameCode('Hello from version two.'));
    expect((await game.launcher(['reload'])).code).toBe(0);
    c.send('greet');
    await c.waitFor('Hello from version two.');
    expect(c.isClosed).toBe(false);
    c.close();
  });
});
