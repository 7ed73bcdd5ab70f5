/**
 * Markup trust, black-box over real telnet and a real webclient: the description of a builder
 * (an account an admin gave the Builder permission) keeps its colour and links, rendered for
 * each client — green ANSI for a colour terminal, plain text for a NOCOLOR one, an MXP `<SEND>`
 * link for a client that agreed to MXP, a clickable link in the webclient that sends its
 * command — while a player's say and a player's `@desc here = …` do nothing of the kind: the
 * say shows exactly as typed, the desc is refused.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, launchChromium } from '../support/chromium.ts';
import { GameProcess, runLauncher } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';
import { negotiation, subnegotiation } from '../support/telnet-wire.ts';

const ESC = '\u001b';
const IAC = 0xff;
const TTYPE = 24;
const MXP = 91;
const FAST_HASH = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
  WAYSTONE_ACCOUNT_CREATION_LIMIT: '50',
};
const DESC = 'A |ggreen|n garden. |lclook|ltLook around|le';

interface ClientKind {
  /** The terminal type answered to TTYPE (XTERM claims ANSI colour), or none. */
  ttype?: string;
  /** Whether to agree to the Portal's WILL MXP. */
  mxp?: boolean;
}

/**
 * A telnet client that answers the Portal's negotiation as a MUD client would: WILL TTYPE and
 * its terminal type on each SEND, DO or DONT MXP.
 */
async function openClient(game: GameProcess, kind: ClientKind): Promise<TelnetClient> {
  const client = await TelnetClient.open(game.telnetPort);
  /** Where the next unread IAC may start. */
  let seen = 0;
  client.socket.on('data', () => {
    const bytes = Buffer.concat(client.raw);
    let i = seen;
    for (; i < bytes.length; i++) {
      if (bytes[i] !== IAC) continue;
      // A sequence may be cut by the end of a chunk: read it again with the next one.
      if (i + 3 >= bytes.length) break;
      const [verb, option] = [bytes[i + 1], bytes[i + 2]];
      if (verb === IAC) i += 1;
      else if (verb === 0xfd && option === TTYPE) {
        client.writeRaw(negotiation(kind.ttype === undefined ? 'WONT' : 'WILL', TTYPE));
      } else if (verb === 0xfa && option === TTYPE && bytes[i + 3] === 1) {
        const is = Buffer.concat([Buffer.from([0]), Buffer.from(kind.ttype ?? '', 'ascii')]);
        client.writeRaw(subnegotiation(TTYPE, is));
      } else if (verb === 0xfb && option === MXP) {
        client.writeRaw(negotiation(kind.mxp === true ? 'DO' : 'DONT', MXP));
      }
    }
    seen = i;
  });
  await client.waitFor('Welcome');
  return client;
}

async function logIn(
  c: TelnetClient,
  name: string,
  password: string,
  create = true,
): Promise<TelnetClient> {
  if (create) {
    await c.exchange(`create ${name} "${password}"`, '[Y/n]');
    await c.exchange('y', 'was created');
  }
  await c.exchange(`connect ${name} "${password}"`, `You become ${name}.`);
  return c;
}

describe('markup trust over telnet and in the webclient', () => {
  let game: GameProcess;
  let root: TelnetClient;
  let bea: TelnetClient;

  beforeAll(async () => {
    game = await GameProcess.start({ env: FAST_HASH });
    const made = await runLauncher([
      ...['createsuperuser', '--game-dir', game.dir],
      ...['--name', 'Root', '--password', 'seven silver keys'],
    ]);
    expect(made.code).toBe(0);
    // An admin makes Bea a builder; she digs a garden north of Limbo and describes it, the
    // Evennia way.
    root = await logIn(await openClient(game, {}), 'Root', 'seven silver keys', false);
    bea = await logIn(await openClient(game, {}), 'Bea', 'busy bees buzzing');
    await root.exchange('perm *Bea = Builder', 'Builder');
    await bea.exchange('dig Garden;g = north;n, south;s', /Created exit south/);
    await bea.exchange('north', 'Garden');
    await bea.exchange(`@desc here = ${DESC}`, 'The description was set on Garden');
  });

  afterAll(async () => {
    root?.close();
    bea?.close();
    await game?.stop();
  });

  it("shows a builder's colour to an ANSI client, and plain text to a NOCOLOR one", async () => {
    const ann = await logIn(await openClient(game, { ttype: 'XTERM' }), 'Ann', 'pale moon rises');
    const seen = await ann.exchange('north', 'garden.');
    expect(seen).toContain(`A ${ESC}[1;32mgreen${ESC}[0m garden.`);
    // No MXP agreed: the link is its text alone.
    expect(seen).toContain('garden. Look around');
    expect(seen).not.toContain('<SEND');

    const bob = await logIn(await openClient(game, { ttype: 'XTERM' }), 'Bob', 'dark river flow');
    await bob.exchange('option NOCOLOR = on', 'NOCOLOR set to true');
    const plain = await bob.exchange('north', 'garden.');
    expect(plain).toContain('A green garden. Look around');
    expect(plain).not.toContain(ESC);
    expect(plain).not.toContain('|g');
    ann.close();
    bob.close();
  });

  it('sends a link as MXP <SEND> to a client that agreed to MXP, as text to one without', async () => {
    const cyd = await openClient(game, { ttype: 'XTERM', mxp: true });
    await logIn(cyd, 'Cyd', 'green hills rolls');
    const seen = await cyd.exchange('north', 'garden.');
    expect(seen).toContain(`${ESC}[4z<SEND HREF="look">Look around${ESC}[4z</SEND>`);
    expect(seen).toContain(`A ${ESC}[1;32mgreen${ESC}[0m garden.`);

    const dina = await logIn(await openClient(game, {}), 'Dina', 'blue skies above');
    const plain = await dina.exchange('north', 'garden.');
    expect(plain).toContain('A green garden. Look around');
    expect(plain).not.toContain('<SEND');
    expect(plain).not.toContain('|l');
    expect(plain).not.toContain(ESC);
    cyd.close();
    dina.close();
  });

  it("keeps a player's say neutralised and refuses a player's @desc here", async () => {
    const eve = await logIn(await openClient(game, { ttype: 'XTERM' }), 'Eve', 'quiet stars shine');
    const fay = await logIn(await openClient(game, { ttype: 'XTERM' }), 'Fay', 'warm winds blows');
    await eve.exchange('north', 'garden.');
    await fay.exchange('north', 'garden.');
    const mark = fay.text.length;
    await eve.exchange('say |ggreen|n |lcquit|ltclick|le', 'You say, "');
    await fay.waitFor('Eve says, "', 15_000, mark);
    await fay.waitFor('|le"', 15_000, mark);
    const line = fay.text.slice(fay.text.indexOf('Eve says, "', mark)).split('\n')[0]!;
    expect(line).toContain('"|ggreen|n |lcquit|ltclick|le"');
    expect(line).not.toContain(ESC);

    const refused = await eve.exchange('@desc here = Mine now.', 'permission');
    expect(refused).toContain("You don't have permission to describe Garden.");
    const look = await fay.exchange('look', 'garden.');
    expect(look).toContain(`A ${ESC}[1;32mgreen${ESC}[0m garden.`);
    expect(look).not.toContain('Mine now');
    eve.close();
    fay.close();
  });

  describe.skipIf(!HAVE_CHROMIUM)('in Chromium', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('renders the link as a clickable link that sends its command', async () => {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${game.webPort}/`);
      await page.locator('#output', { hasText: 'Welcome' }).waitFor({ timeout: 15_000 });
      const type = async (line: string, expected: string): Promise<void> => {
        await page.locator('#input').fill(line);
        await page.locator('#input').press('Enter');
        await page.locator('#output', { hasText: expected }).waitFor({ timeout: 15_000 });
      };
      await type('create Wren "quiet harbor lights"', '[Y/n]');
      await type('y', 'was created');
      await type('connect Wren "quiet harbor lights"', 'You become Wren.');
      await type('north', 'garden.');
      expect(await page.locator('#output span.ansi-fg-10', { hasText: 'green' }).count()).toBe(1);
      const link = page.locator('#output a[data-command="look"]', { hasText: 'Look around' });
      expect(await link.count()).toBe(1);
      // A click sends `look`: the room is shown again, link and all.
      await link.click();
      await expect
        .poll(() => page.locator('#output a[data-command="look"]').count(), { timeout: 15_000 })
        .toBe(2);
      expect(await page.locator('#output').innerText()).not.toContain('|lc');
      await page.close();
    });
  });
});
