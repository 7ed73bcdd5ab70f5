/**
 * The IRC bridge, black-box, against a real IRC server (Debian's ngircd, started here on a free
 * loopback port; the test is skipped, visibly, without it). A staff player links the Public
 * channel to #waystone with `irc2chan`; a person on IRC (a raw-socket client) and a player talk
 * both ways; after `waystone reload` they still do over the same IRC connection (ngircd sees no
 * new one); after ngircd itself restarts, the bot comes back on its own; `irc2chan/delete`
 * takes the bot off IRC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, waitUntil } from '../support/game-process.ts';
import { IrcTestClient } from '../support/irc-client.ts';
import { Ngircd, NGIRCD_AVAILABLE } from '../support/ngircd.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const ENV = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
  WAYSTONE_ACCOUNT_CREATION_LIMIT: '50',
};

if (!NGIRCD_AVAILABLE) console.warn('skipping the IRC bridge tests: /usr/sbin/ngircd is missing');

describe.skipIf(!NGIRCD_AVAILABLE)('IRC bridge against ngircd', () => {
  let irc: Ngircd;
  let game: GameProcess;
  let cora: TelnetClient;
  let tester: IrcTestClient;

  beforeAll(async () => {
    irc = await Ngircd.start(['#waystone']);
    game = await GameProcess.start({ dir: makeGameDir({ ircEnabled: true }), env: ENV });
    await game.createSuperuser('Cora', 'seven silver keys');
    cora = await TelnetClient.open(game.telnetPort);
    await cora.waitFor('Welcome');
    await cora.exchange('connect Cora "seven silver keys"', 'You are logged in');
    tester = await IrcTestClient.connect(irc.port, 'tester');
    await tester.join('#waystone');
  }, 60_000);

  afterAll(async () => {
    tester?.close();
    cora?.close();
    await game?.stop();
    await irc?.dispose();
  });

  it('a player and an IRC user talk both ways once irc2chan links the channels', async () => {
    const from = tester.lines.length;
    await cora.exchange(
      `irc2chan public = 127.0.0.1 ${irc.port} #waystone wsbot`,
      'IRC bridge #1 made',
    );
    await tester.waitFor(
      (l) => l.command === 'JOIN' && (l.prefix ?? '').startsWith('wsbot!'),
      'the bot joining #waystone',
      from,
    );
    expect(await tester.names('#waystone')).toContain('wsbot');

    tester.say('#waystone', 'hello from irc');
    await cora.waitFor('[Public] tester@IRC: hello from irc');

    const mark = tester.lines.length;
    await cora.exchange('pub hello irc', '[Public] Cora: hello irc');
    const got = await tester.waitForPrivmsg('#waystone', 'Cora: hello irc', mark);
    expect(got.prefix).toMatch(/^wsbot!/);

    // /me on IRC is a pose on the channel; formatting codes do not reach the game.
    tester.say('#waystone', '\x01ACTION waves\x01');
    await cora.waitFor('[Public] tester@IRC waves');
    tester.say('#waystone', '\x02bold\x02 and \x0304red\x03');
    await cora.waitFor('[Public] tester@IRC: bold and red');

    const list = await cora.exchange('irc2chan/list', 'IRC bridges');
    expect(list).toMatch(/#1\s+ircbot-wsbot\s+Public\s+127\.0\.0\.1:\d+\s+#waystone\s+no\s+joined/);
  });

  it('a line typed on the game cannot become a second IRC command', async () => {
    const mark = tester.lines.length;
    await cora.exchange('pub two|/QUIT :gone', '[Public] Cora:');
    await tester.waitFor(
      (l) => l.command === 'PRIVMSG' && (l.params[1] ?? '').startsWith('Cora: two'),
      'the line',
      mark,
    );
    expect(tester.lines.slice(mark).some((l) => l.command === 'QUIT')).toBe(false);
    expect(await tester.names('#waystone')).toContain('wsbot');
  });

  it('still talks both ways after a reload, over the same IRC connection', async () => {
    const connectionsBefore = irc.acceptedConnections();
    expect(connectionsBefore).toBeGreaterThanOrEqual(2); // the tester and the bot
    const joinsBefore = tester.lines.filter(
      (l) => l.command === 'JOIN' && (l.prefix ?? '').startsWith('wsbot!'),
    ).length;
    expect((await game.launcher(['reload'])).code).toBe(0);
    await cora.waitFor('Server restarted');

    tester.say('#waystone', 'still there?');
    await cora.waitFor('[Public] tester@IRC: still there?');
    const mark = tester.lines.length;
    await cora.exchange('pub after the reload', '[Public] Cora: after the reload');
    await tester.waitForPrivmsg('#waystone', 'Cora: after the reload', mark);

    // The Portal kept the bot's connection: ngircd saw no new one, the channel no new JOIN.
    expect(irc.acceptedConnections()).toBe(connectionsBefore);
    expect(
      tester.lines.filter((l) => l.command === 'JOIN' && (l.prefix ?? '').startsWith('wsbot!'))
        .length,
    ).toBe(joinsBefore);
  });

  it('comes back on its own when the IRC server restarts', async () => {
    tester.close();
    await irc.restart();
    tester = await IrcTestClient.connect(irc.port, 'tester');
    await tester.join('#waystone');
    // The bot reconnects with backoff (2 s, 4 s… while ngircd was down) and joins again.
    await waitUntil(
      'the bot to be back on #waystone',
      async () => (await tester.names('#waystone')).includes('wsbot'),
      30_000,
    );
    tester.say('#waystone', 'welcome back');
    await cora.waitFor('[Public] tester@IRC: welcome back');
    const mark = tester.lines.length;
    await cora.exchange('pub glad to be back', '[Public] Cora: glad to be back');
    await tester.waitForPrivmsg('#waystone', 'Cora: glad to be back', mark);
  }, 60_000);

  it('irc2chan/delete takes the bot off IRC and stops the relay', async () => {
    const mark = tester.lines.length;
    await cora.exchange('irc2chan/delete 1', 'IRC bridge #1 deleted');
    await tester.waitFor(
      (l) => l.command === 'QUIT' && (l.prefix ?? '').startsWith('wsbot!'),
      'the bot to quit',
      mark,
    );
    expect(await cora.exchange('irc2chan/list', 'No IRC bridges.')).toContain('No IRC bridges.');
    tester.say('#waystone', 'anyone?');
    await new Promise((r) => setTimeout(r, 500));
    expect(cora.count('anyone?')).toBe(0);
  });

  it('is refused to players who are not staff', async () => {
    const dain = await TelnetClient.open(game.telnetPort);
    try {
      await dain.waitFor('Welcome');
      await dain.exchange('create Dain "quiet harbor lights"', '[Y/n]');
      await dain.exchange('y', 'was created');
      await dain.exchange('connect Dain "quiet harbor lights"', 'You become Dain.');
      await dain.exchange(
        `irc2chan public = 127.0.0.1 ${irc.port} #waystone evilbot`,
        "Command 'irc2chan' is not available.",
      );
    } finally {
      dain.close();
    }
  });
});
