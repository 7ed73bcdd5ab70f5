/**
 * Channels and nicks, black-box over telnet (issue 15): two players talk on Public by its name
 * and alias, see who is on it, mute and unmute it; a player is refused the staff-only MudInfo,
 * which tells staff who connects; the rate limit speaks up; a player's nicks (plain and with
 * $-markers) run commands; after a `waystone reload` the history, the subscriptions and the
 * nicks are all still there; a GMCP client gets Comm.Channel.List and Comm.Channel.Text; and
 * the webclient (a real Chromium) shows channel lines apart and hands them to page scripts.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, launchChromium } from '../support/chromium.ts';
import { GameProcess, makeGameDir } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';
import { gmcp, gmcpMessages, negotiation, OPTION } from '../support/telnet-wire.ts';

const ENV = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
  WAYSTONE_ACCOUNT_CREATION_LIMIT: '50',
};

/** Nothing more is on its way: give a line that should not come a moment to show up. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 400));

async function player(game: GameProcess, name: string, create = true): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  if (create) {
    await c.exchange(`create ${name} "quiet harbor lights"`, '[Y/n]');
    await c.exchange('y', 'was created');
  }
  await c.exchange(`connect ${name} "quiet harbor lights"`, `You become ${name}.`);
  return c;
}

/** A client that speaks GMCP as Mudlet does. */
async function mudlet(game: GameProcess, name: string): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  c.writeRaw(
    Buffer.concat([
      negotiation('DO', OPTION.GMCP),
      gmcp('Core.Hello {"client":"Mudlet","version":"4.17.2"}'),
      gmcp('Core.Supports.Set ["Char 1","Comm.Channel 1","Room 1"]'),
    ]),
  );
  await c.waitFor('Welcome');
  await c.exchange(`create ${name} "quiet harbor lights"`, '[Y/n]');
  await c.exchange('y', 'was created');
  await c.exchange(`connect ${name} "quiet harbor lights"`, `You become ${name}.`);
  return c;
}

function received(c: TelnetClient, pkg: string): unknown[] {
  return gmcpMessages(Buffer.concat(c.raw))
    .filter((m) => m.pkg === pkg)
    .map((m) => m.data);
}

/**
 * Speaks on a channel as a test that is not about the rate limit (5 lines in 3 s here): when
 * the earlier tests' lines still count, wait as told and say it again.
 */
async function speak(client: TelnetClient, line: string, expected: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const out = await client.exchange(line, new RegExp(`${escapeRegExp(expected)}|too fast`));
    if (out.includes(expected)) return;
    await new Promise((r) => setTimeout(r, 1100));
  }
  throw new Error(`'${line}' kept being refused as too fast`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('channels and nicks over telnet', () => {
  let game: GameProcess;
  const open: TelnetClient[] = [];
  let cora: TelnetClient;
  let dain: TelnetClient;

  beforeAll(async () => {
    game = await GameProcess.start({
      dir: makeGameDir({ channelRateLimit: 5, channelRateWindowMs: 3000 }),
      env: ENV,
    });
    cora = await player(game, 'Cora');
    dain = await player(game, 'Dain');
    open.push(cora, dain);
  }, 60_000);
  afterAll(async () => {
    for (const c of open) c.close();
    await game?.stop();
  });

  it('two players on Public talk by its name and alias; who, mute and unmute', async () => {
    await cora.exchange('pub hello', '[Public] Cora: hello');
    await dain.waitFor('[Public] Cora: hello');
    await dain.exchange('public hi Cora', '[Public] Dain: hi Cora');
    await cora.waitFor('[Public] Dain: hi Cora');

    const list = await cora.exchange('channel', 'Channels');
    expect(list).toMatch(/Public\s+pub\s+-\s+yes\s+Public discussion/);
    expect(list).not.toContain('MudInfo');
    expect(await dain.exchange('channel/who public', 'Online on channel Public')).toMatch(
      /Online on channel Public \(2\): Cora, Dain/,
    );

    await dain.exchange('channel/mute public', 'Channel Public is muted');
    await cora.exchange('pub anyone there?', '[Public] Cora: anyone there?');
    await settle();
    expect(dain.count('anyone there?')).toBe(0);
    expect(await cora.exchange('channel/who pub', 'Online on')).toContain('Dain (muted)');
    await dain.exchange('channel/unmute public', 'Channel Public is unmuted.');
    await cora.exchange('pub welcome back', '[Public] Cora: welcome back');
    await dain.waitFor('[Public] Cora: welcome back');
    // Player text is shown as typed: markup does not colour anyone else's screen.
    await cora.exchange('pub |rred?', '[Public] Cora: |rred?');
    await dain.waitFor('[Public] Cora: |rred?');
  });

  it('refuses the staff-only MudInfo to a player; staff hear who connects on it', async () => {
    expect(await cora.exchange('channel/sub mudinfo', "No channel called 'mudinfo'")).toContain(
      'that you may see',
    );
    await cora.exchange('channel/history mudinfo', "No channel called 'mudinfo'");
    await cora.exchange('channel/create Secret', 'Only staff may create channels.');

    await game.createSuperuser('Root', 'seven silver keys');
    const root = await TelnetClient.open(game.telnetPort);
    open.push(root);
    await root.waitFor('Welcome');
    await root.exchange('connect Root "seven silver keys"', 'You are logged in');
    expect(await root.exchange('channel', 'Channels')).toMatch(/MudInfo\s+-\s+-\s+yes/);
    const eve = await player(game, 'Eve');
    open.push(eve);
    await root.waitFor(/\[MudInfo\] Eve connected \(session #\d+\)\./);
    await eve.exchange('channel/unsub public', 'You left channel Public.');
    await eve.exchange('pub hello?', "Command 'pub' is not available.");
    eve.send('quit');
    await root.waitFor(/\[MudInfo\] Eve disconnected/);
    // Staff make channels; players join them.
    await root.exchange('channel/create Guild;gld = Crafters talk', 'Created channel Guild');
    await cora.exchange('channel/sub guild = g', 'You are on channel Guild. Speak with: guild');
    await cora.exchange('g forge is hot', '[Guild] Cora: forge is hot');
    await root.waitFor('[Guild] Cora: forge is hot');
    await root.exchange(
      'channel/boot guild = Cora : testing',
      'Cora was booted from channel Guild.',
    );
    await cora.waitFor('You were booted from channel Guild by Root. Reason: testing');
    await cora.exchange('g still here?', "Command 'g' is not available.");
  });

  it('tells a player who talks too fast to wait', async () => {
    let refused = '';
    for (let i = 1; i <= 6 && refused === ''; i++) {
      const out = await dain.exchange(`pub spam ${i}`, /\[Public\] Dain: spam|too fast/);
      if (out.includes('too fast')) refused = out;
    }
    expect(refused).toMatch(/You are sending channel messages too fast; wait \d+ seconds?\./);
  });

  it('nicks run commands, with $-markers too', async () => {
    // `gaze` is no command: only the nick makes it one.
    await cora.exchange('gaze', "Command 'gaze' is not available.");
    await cora.exchange('nick gaze = look', "Nick 'gaze' now stands for 'look'");
    await cora.exchange('gaze', 'Limbo');
    await cora.exchange('nick ppp $1 $2 = page $1 = $2', "Nick 'ppp $1 $2' now stands for");
    await cora.exchange('ppp Dain meet me here', 'You paged Dain');
    await dain.waitFor('Cora pages: meet me here');
    // Object nicks stand for what is looked for.
    await cora.exchange('look pal', "Could not find 'pal'.");
    await cora.exchange('nick/object pal = Dain', "Object nick 'pal' now stands for 'Dain'");
    expect(await cora.exchange('look pal', 'Dain')).not.toContain('Could not find');
    await cora.exchange('nick/account hi = pub hi all', 'kept on your account');
    await speak(cora, 'hi', '[Public] Cora: hi all');
    const listed = await cora.exchange('nicks', 'Your nicks:');
    expect(listed).toMatch(/1\s+inputline\s+character\s+gaze\s+look/);
    expect(listed).toMatch(/inputline\s+account\s+hi\s+pub hi all/);
  });

  it('after a reload, the history, the subscriptions and the nicks are all still there', async () => {
    expect((await game.launcher(['reload'])).code).toBe(0);
    await cora.waitFor('Server restarted');
    const history = await cora.exchange('channel/history public', 'History of channel Public');
    expect(history).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d {2}Cora: hello/);
    expect(history).toContain('Dain: hi Cora');
    await cora.exchange('gaze', 'Limbo');
    await speak(cora, 'hi', '[Public] Cora: hi all');
    await dain.waitFor('[Public] Cora: hi all');
    await dain.exchange('pub after the reload', '[Public] Dain: after the reload');
    await cora.waitFor('[Public] Dain: after the reload');
    await cora.exchange('nick/delete gaze', "Removed: Nick 'gaze' stood for 'look'");
    await cora.exchange('gaze', "Command 'gaze' is not available.");
  });

  it('a GMCP client gets its channel list at login and each line as Comm.Channel.Text', async () => {
    const wren = await mudlet(game, 'Wren');
    open.push(wren);
    await wren.exchange('look', 'Limbo');
    expect(received(wren, 'Comm.Channel.List')).toContainEqual([
      { name: 'public', caption: 'Public', command: 'public' },
    ]);
    await cora.exchange('pub hello Wren', '[Public] Cora: hello Wren');
    await wren.waitFor('[Public] Cora: hello Wren');
    await settle();
    expect(received(wren, 'Comm.Channel.Text')).toContainEqual({
      channel: 'public',
      talker: 'Cora',
      text: '[Public] Cora: hello Wren',
      message: 'hello Wren',
    });
    // Asked again (a client that lost it), it comes again.
    const before = received(wren, 'Comm.Channel.List').length;
    wren.writeRaw(gmcp('Comm.Channel.List'));
    await settle();
    expect(received(wren, 'Comm.Channel.List').length).toBe(before + 1);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('channels in the webclient', () => {
  let game: GameProcess;
  let browser: Browser;
  const open: TelnetClient[] = [];
  beforeAll(async () => {
    [game, browser] = await Promise.all([GameProcess.start({ env: ENV }), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    for (const c of open) c.close();
    await browser?.close();
    await game?.stop();
  });

  it('shows a channel line as its own kind of block, and page scripts get it in parts', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${game.webPort}/`);
    await page.locator('#output', { hasText: 'Welcome to Testgame' }).waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { heard: unknown[] };
      w.heard = [];
      window.addEventListener('waystone:comm_channel_text', (e) =>
        w.heard.push((e as CustomEvent<{ kwargs: unknown }>).detail.kwargs),
      );
    });
    for (const [line, answer] of [
      ['create Wren "quiet harbor lights"', '[Y/n]'],
      ['y', 'was created'],
      ['connect Wren "quiet harbor lights"', 'You become Wren.'],
    ] as const) {
      await page.locator('#input').fill(line);
      await page.locator('#input').press('Enter');
      await page.locator('#output', { hasText: answer }).waitFor();
    }
    const cora = await player(game, 'Cora');
    open.push(cora);
    await cora.exchange('pub hello |gWren', '[Public] Cora: hello |gWren');
    const block = page.locator('#output .block-channel', { hasText: '[Public] Cora: hello' });
    await block.waitFor();
    // As typed: the player's colour code is text, not colour.
    expect(await block.innerText()).toBe('[Public] Cora: hello |gWren');
    expect(await block.locator('span[class*="ansi-fg"]').count()).toBe(0);
    // The room's own text is not a channel block.
    await page.locator('#input').fill('look');
    await page.locator('#input').press('Enter');
    await page.locator('#output .block', { hasText: 'Limbo' }).last().waitFor();
    expect(await page.locator('#output .block-channel').count()).toBe(1);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { heard: unknown[] }).heard))
      .toEqual([
        {
          channel: 'public',
          talker: 'Cora',
          text: '[Public] Cora: hello |gWren',
          message: 'hello |gWren',
        },
      ]);
  });
});
