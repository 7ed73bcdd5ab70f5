/**
 * The staff commands for timers, black-box over telnet (issue 14, "For staff and players"): a
 * superuser attaches a script the game registered (`script here = Toll`), sees it in
 * `scripts`, pauses it (and hears the bell stop) and unpauses it, lists the game's tickers,
 * reads the timer line of `server`, and asks `@time`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const GAME = `
import { DefaultObject, Script, type GameSetup } from 'waystone';

class Toll extends Script {
  override key = 'toll';
  override desc = 'Tolls every second';
  override interval = 1;
  override atRepeat(): void {
    (this.obj?.location ?? this.obj)?.msgContents('The bell tolls.');
  }
}

class Torch extends DefaultObject {
  flicker(): void {}
}

export default function setup(game: GameSetup): void {
  game.registerScript('Toll', Toll);
  game.registerTypeclass('Torch', Torch);
  game.onWorldCreated(async (limbo) => {
    const torch = await game.services.objects.create({ typeclass: 'Torch', key: 'torch', location: limbo });
    game.services.tickers.add(30, torch, 'flicker', { idstring: 'glow' });
  });
}
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('staff commands for timers over telnet', () => {
  let game: GameProcess;
  let root: TelnetClient;

  beforeAll(async () => {
    game = await GameProcess.start({
      dir: makeGameDir({}, GAME),
      env: { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' },
    });
    await game.createSuperuser('Root', 'seven silver keys');
    root = await TelnetClient.open(game.telnetPort);
    await root.waitFor('Welcome');
    await root.exchange('connect Root "seven silver keys"', 'You become Root.');
  });

  afterAll(async () => {
    root?.close();
    await game?.stop();
  });

  it('script, scripts (list, pause, unpause), tickers, server and @time', async () => {
    await root.exchange(
      'script here = Toll',
      /Added script 'toll' \(#\d+\) on Limbo\(#\d+\), of class Toll: every 1s, next in \S+\./,
    );
    await root.waitFor('The bell tolls.');

    const listed = await root.exchange('@scripts', /toll .*Tolls every second/);
    expect(listed).toMatch(/id +on +key +class +every +next +left +stored +desc/);
    expect(listed).toMatch(/#\d+ +Limbo\(#\d+\) +toll +Toll +1s +\S+ +- +yes +Tolls every second/);

    await root.exchange('scripts/pause toll', /Paused script 'toll'/);
    expect(await root.exchange('scripts toll', /toll .*Tolls every second/)).toMatch(
      / toll +Toll +1s +paused /,
    );
    // A firing already under way may still arrive; after that the bell is silent.
    await sleep(500);
    const silentFrom = root.text.length;
    await sleep(2500);
    expect(root.text.slice(silentFrom)).not.toContain('The bell tolls.');

    await root.exchange('scripts/unpause toll', /Unpaused script 'toll' \(#\d+\) on Limbo/);
    const resumedFrom = root.text.length;
    await root.waitFor('The bell tolls.', 5000, resumedFrom);

    const tickers = await root.exchange('tickers', /one timer each/);
    expect(tickers).toMatch(/every +object +method +idstring +stored +next/);
    expect(tickers).toMatch(/30s +torch\(#\d+\) +flicker +glow +yes +\d+s/);
    expect(tickers).toContain('1 subscription on 1 interval (one timer each).');

    const server = await root.exchange('server', /Load +/);
    expect(server).toMatch(/Sessions +1 \(1 logged in\)/);
    expect(server).toMatch(/Timers +\d+ waiting, \d+ fired, next in /);
    expect(server).toMatch(/Scripts +1 \(0 paused\)/);
    expect(server).toMatch(/Tickers +1 subscription/);
    expect(server).toMatch(/Commands +\d+\.\d\d\/s over the last minute \(\d+ since start\)/);

    expect(await root.exchange('@time', /Uptime +/)).toMatch(/Game time +\d{4}-\d\d-\d\d/);

    await root.exchange('scripts/stop toll', /Stopped script 'toll'/);
    expect(await root.exchange('scripts', /No scripts are running\./)).toContain(
      'No scripts are running.',
    );
  });
});
