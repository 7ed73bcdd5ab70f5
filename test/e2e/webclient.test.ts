/**
 * The webclient in a real Chromium against a real game: the page loads and connects, a player
 * creates an account (answering the [Y/n] question), logs in, sees colours, uses the history,
 * reloads the page and resumes the same session with its log and typed commands, the input
 * hides on the toggle and on the server's echo-off hint, and a `Password:` prompt goes once it
 * is answered. Screenshots land in test-results/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, launchChromium } from '../support/chromium.ts';
import { GameProcess, REPO_ROOT } from '../support/game-process.ts';

const FAST_HASH = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };
const RESULTS = join(REPO_ROOT, 'test-results');
const E = '\u001b';

/** Type a line into the command line and wait for `expected` in output appended after it. */
async function say(page: Page, line: string, expected: string | RegExp): Promise<string> {
  const before = await page.locator('#output .block').count();
  await page.locator('#input').fill(line);
  await page.locator('#input').press('Enter');
  let text = '';
  await expect
    .poll(
      async () => {
        const blocks = await page.locator('#output .block').allInnerTexts();
        text = blocks.slice(before).join('\n');
        return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return text;
}

/** Errors a page throws or logs (a CSP refusal, a failed load) are test failures. */
const pageProblems: string[] = [];
function watch(page: Page): Page {
  page.on('pageerror', (err) => pageProblems.push(`${page.url()}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageProblems.push(`${page.url()}: ${msg.text()}`);
  });
  return page;
}

async function waitForState(page: Page, state: string): Promise<void> {
  await page.locator(`#status[data-state="${state}"]`).waitFor({ timeout: 15_000 });
}

describe.skipIf(!HAVE_CHROMIUM)('webclient in Chromium', () => {
  let game: GameProcess;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    [game, browser] = await Promise.all([
      GameProcess.start({ env: { ...FAST_HASH, WAYSTONE_ACCOUNT_CREATION_LIMIT: '100' } }),
      launchChromium(),
    ]);
    base = `http://127.0.0.1:${game.webPort}`;
    page = watch(await browser.newPage({ viewport: { width: 1100, height: 720 } }));
  });

  afterAll(async () => {
    await browser?.close();
    await game?.stop();
  });

  it('serves the page and its assets with content types and validators', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('<title>Testgame</title>');
    const js = await fetch(`${base}/webclient.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = js.headers.get('etag')!;
    expect(
      (await fetch(`${base}/webclient.js`, { headers: { 'if-none-match': etag } })).status,
    ).toBe(304);
  });

  it('loads, connects and shows the connection screen', async () => {
    await page.goto(`${base}/`);
    await waitForState(page, 'open');
    await expect.poll(() => page.locator('#status-text').innerText()).toBe('Connected');
    await page.locator('#output', { hasText: 'Welcome to Testgame' }).waitFor();
    expect(await page.evaluate(() => typeof window.waystone.on)).toBe('function');
    expect(await page.locator('#input').evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('creates an account after the [Y/n] question, connects, and page scripts hear logged_in', async () => {
    await page.evaluate(() => {
      (window as unknown as { heard: string[] }).heard = [];
      window.waystone.on('logged_in', (_args, _kwargs, name) =>
        (window as unknown as { heard: string[] }).heard.push(name),
      );
      window.addEventListener('waystone:logged_in', () =>
        (window as unknown as { heard: string[] }).heard.push('event'),
      );
    });
    await say(
      page,
      'create Wren "quiet harbor lights"',
      "Create a new account called 'Wren'? [Y/n]",
    );
    await say(page, 'y', "A new account 'Wren' was created");
    await say(page, 'connect Wren "quiet harbor lights"', 'Welcome, Wren! You are logged in.');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { heard: string[] }).heard))
      .toEqual(['logged_in', 'event']);
  });

  it('runs who, walks the history with Up/Down, and shows ANSI colours', async () => {
    await say(page, 'who', /Accounts online: \d+[\s\S]*Wren/);
    const input = page.locator('#input');
    await input.fill('half-typed');
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('who');
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('connect Wren "quiet harbor lights"');
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    expect(await input.inputValue()).toBe('half-typed');
    await input.fill('');

    // The echo inputfunc sends text back: colour markup in game text becomes coloured spans.
    await page.evaluate(() => window.waystone.send('echo', ['|rred|n and |Ggreen|n']));
    const red = page.locator('#output span.ansi-fg-9', { hasText: 'red' });
    await red.waitFor();
    expect(await red.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 123, 134)');
    expect(await page.locator('#output span.ansi-fg-2').innerText()).toBe('green');
    expect(await page.locator('#output').innerText()).not.toContain('|r');
  });

  it('reloads the page and resumes the same session', async () => {
    const csessid = await page.evaluate(() => sessionStorage.getItem('waystone.csessid'));
    expect(csessid).toMatch(/^[0-9a-f]{32}$/);
    await page.reload();
    await waitForState(page, 'open');
    expect(await page.evaluate(() => sessionStorage.getItem('waystone.csessid'))).toBe(csessid);
    await page.locator('#output', { hasText: 'Session resumed' }).waitFor({ timeout: 15_000 });
    // The log reads on across the reload, with the commands the player typed (`> who`) in their
    // places; those typed on the connection screen keep their first word only, since the rest
    // holds the password.
    const restored = page.locator('#output .block-restored');
    expect(await restored.filter({ hasText: 'Welcome, Wren!' }).count()).toBe(1);
    expect(await page.locator('#output .block-restored.block-echo').allTextContents()).toEqual([
      'create …',
      'y',
      'connect …',
      'who',
    ]);
    const order = await restored.allTextContents();
    const who = order.indexOf('who');
    expect(order[who + 1]).toMatch(/^Accounts online/);
    expect(
      await page
        .locator('#output .block-restored.block-echo', { hasText: 'who' })
        .evaluate((el) => getComputedStyle(el, '::before').content),
    ).toBe('"> "');
    expect(await page.locator('#output').innerText()).not.toContain('quiet harbor lights');
    // Still logged in: `who` is an account command, refused on the connection screen.
    await say(page, 'who', /Accounts online: \d+[\s\S]*Wren/);
    await page.evaluate(() => window.waystone.send('echo', ['|Ccyan|n, |Yyellow|n, |mmagenta|n']));
    await page.locator('#output span.ansi-fg-13').waitFor();
    await page.screenshot({ path: join(RESULTS, 'webclient.png') });
  });

  it('masks the input when the player asks, and keeps masked lines out of history and log', async () => {
    await page.locator('#hide-input').click();
    expect(await page.locator('#input').getAttribute('type')).toBe('password');
    expect(await page.locator('#mask-note').innerText()).toContain('hidden by you');
    await page.locator('#input').fill('secret words');
    await page.locator('#input').press('Enter');
    await page.locator('#hide-input').click();
    expect(await page.locator('#input').getAttribute('type')).toBe('text');
    expect(await page.locator('#output').innerText()).not.toContain('secret words');
    await page.locator('#input').press('ArrowUp');
    expect(await page.locator('#input').inputValue()).toBe('who');
  });

  it('masks the input on the server hints: client_options ECHO=false and a password prompt', async () => {
    // The Server does not send these yet; inject them into the real connection's stream.
    const hinted = watch(await browser.newPage({ viewport: { width: 800, height: 600 } }));
    let toPage: ((frame: string) => void) | undefined;
    await hinted.routeWebSocket(/\/ws/, (ws) => {
      ws.connectToServer();
      toPage = (frame) => ws.send(frame);
    });
    await hinted.goto(`${base}/`);
    await waitForState(hinted, 'open');
    await hinted.locator('#output', { hasText: 'Welcome to Testgame' }).waitFor();
    toPage!('["client_options", [], {"ECHO": false}]');
    await expect.poll(() => hinted.locator('#input').getAttribute('type')).toBe('password');
    expect(await hinted.locator('#mask-note').innerText()).toContain('the game hides');
    toPage!('["client_options", [], {"ECHO": true}]');
    await expect.poll(() => hinted.locator('#input').getAttribute('type')).toBe('text');
    toPage!('["prompt", ["Password:"], {"password": true}]');
    await expect.poll(() => hinted.locator('#input').getAttribute('type')).toBe('password');
    expect(await hinted.locator('#prompt').innerText()).toBe('Password:');
    await hinted.locator('#input').fill('hunter2 hunter2');
    await hinted.locator('#input').press('Enter');
    await expect.poll(() => hinted.locator('#input').getAttribute('type')).toBe('text');
    expect(await hinted.locator('#prompt').isVisible()).toBe(false);
    // The game answers about the line, but the page itself echoed nothing of it.
    await hinted.locator('#output', { hasText: "Command 'hunter2'" }).waitFor();
    expect(await hinted.locator('#output .block-echo').allInnerTexts()).toEqual([]);
    await hinted.close();
  });

  it('asks for the password on `connect <name>`, hides it, and takes the prompt down after', async () => {
    const login = watch(await browser.newPage({ viewport: { width: 800, height: 600 } }));
    await login.goto(`${base}/`);
    await waitForState(login, 'open');
    await login.locator('#output', { hasText: 'Welcome to Testgame' }).waitFor();
    await say(login, 'create Ash "ember stone path"', "Create a new account called 'Ash'? [Y/n]");
    await say(login, 'y', "A new account 'Ash' was created");
    const password = login.getByText('Password:', { exact: true });
    await login.locator('#input').fill('connect Ash');
    await login.locator('#input').press('Enter');
    await password.waitFor();
    expect((await login.locator('#prompt').innerText()).trim()).toBe('Password:');
    expect(await login.locator('#input').getAttribute('type')).toBe('password');
    await say(login, 'ember stone path', 'Welcome, Ash! You are logged in.');
    // Logged in: no `Password:` left above the input, which shows what is typed again.
    expect(await password.count()).toBe(0);
    expect(await login.locator('#prompt').isVisible()).toBe(false);
    expect(await login.locator('#input').getAttribute('type')).toBe('text');
    // The answer itself was never echoed into the log.
    expect(await login.locator('#output .block-echo').allTextContents()).toEqual([
      'create Ash "ember stone path"',
      'y',
      'connect Ash',
    ]);
    await login.screenshot({ path: join(RESULTS, 'webclient-password.png') });
    await login.close();
  });

  it('page scripts hear room_info (GMCP Room.Info) for the room the character stands in', async () => {
    const mapPage = watch(await browser.newPage({ viewport: { width: 800, height: 600 } }));
    await mapPage.goto(`${base}/`);
    await waitForState(mapPage, 'open');
    await mapPage.locator('#output', { hasText: 'Welcome to Testgame' }).waitFor();
    await mapPage.evaluate(() => {
      const page = window as unknown as { rooms: unknown[] };
      page.rooms = [];
      window.addEventListener('waystone:room_info', (event) =>
        page.rooms.push((event as CustomEvent<{ kwargs: unknown }>).detail.kwargs),
      );
    });
    const rooms = (): Promise<unknown[]> =>
      mapPage.evaluate(() => (window as unknown as { rooms: unknown[] }).rooms);
    await say(mapPage, 'create Rook "narrow stone bridge"', '[Y/n]');
    await say(mapPage, 'y', "A new account 'Rook' was created");
    await say(mapPage, 'connect Rook "narrow stone bridge"', 'You become Rook.');
    const limbo = { num: expect.any(Number), name: 'Limbo', area: '', exits: {} };
    await expect.poll(rooms).toEqual([limbo]);
    // A script that lost what it had (its tab reloaded into the same session) asks again.
    await mapPage.evaluate(() => window.waystone.send('room_info'));
    await expect.poll(rooms).toEqual([limbo, limbo]);
    await mapPage.close();
  });

  it('renders game HTML safely: no script, no handlers, links made safe', async () => {
    const probe = watch(await browser.newPage());
    let toPage: ((frame: string) => void) | undefined;
    await probe.routeWebSocket(/\/ws/, (ws) => {
      ws.connectToServer();
      toPage = (frame) => ws.send(frame);
    });
    await probe.goto(`${base}/`);
    await waitForState(probe, 'open');
    const html =
      '<b onclick="window.pwned=1">bold</b><img src=x onerror="window.pwned=1"><script>window.pwned=1</script>' +
      '<a href="javascript:window.pwned=1">js</a> <a href="https://example.org/">ok</a> <a data-command="look">look</a>';
    toPage!(JSON.stringify(['text', [html], {}]));
    await probe.locator('#output b', { hasText: 'bold' }).waitFor();
    expect(
      await probe.evaluate(() => (window as unknown as { pwned?: number }).pwned),
    ).toBeUndefined();
    expect(await probe.locator('#output img, #output script, #output [onclick]').count()).toBe(0);
    expect(await probe.getByText('js', { exact: true }).getAttribute('href')).toBeNull();
    expect(
      await probe.getByRole('link', { name: 'ok', exact: true }).getAttribute('rel'),
    ).toContain('noopener');
    await probe.locator('#output a', { hasText: 'look' }).click();
    await probe.locator('#output .block-echo', { hasText: 'look' }).waitFor();

    // Screen-reader mode: an ARIA live log, no colours, table borders and rules left out.
    expect(await probe.locator('#output').getAttribute('role')).toBe('log');
    expect(await probe.locator('#output').getAttribute('aria-live')).toBe('polite');
    await probe.locator('#screen-reader').click();
    expect(await probe.locator('#screen-reader').getAttribute('aria-pressed')).toBe('true');
    toPage!(JSON.stringify(['text', [`+------+<br>| ${E}[31mHP${E}[0m 10 |<br>========`], {}]));
    const table = probe.locator('#output .block', { hasText: 'HP 10' });
    await table.waitFor();
    expect((await table.innerText()).trim()).toBe('| HP 10 |');
    const color = (sel: string): Promise<string> =>
      probe
        .locator(sel)
        .first()
        .evaluate((el) => getComputedStyle(el).color);
    expect(await color('#output span.ansi-fg-1')).toBe(await color('#output'));
    // The setting is remembered for the next visit.
    await probe.reload();
    expect(await probe.locator('body').getAttribute('class')).toContain('screen-reader');
    await probe.close();
  });

  it('shows a lost connection and reconnects on its own; looks right on a phone', async () => {
    const phone = watch(
      await browser.newPage({
        viewport: { width: 390, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      }),
    );
    let cut: (() => void) | undefined;
    await phone.routeWebSocket(/\/ws/, (ws) => {
      ws.connectToServer();
      // Any code the page does not treat as final (1000, 1008, 4001) makes it retry.
      cut = () => void ws.close({ code: 4999, reason: 'test cut' });
    });
    await phone.goto(`${base}/`);
    await waitForState(phone, 'open');
    await phone.locator('#output', { hasText: 'Welcome to Testgame' }).waitFor();
    cut!();
    await waitForState(phone, 'waiting');
    expect(await phone.locator('#status-text').innerText()).toMatch(/retrying in \d+ s/);
    expect(await phone.locator('#reconnect').isVisible()).toBe(true);
    await waitForState(phone, 'open');
    await phone.locator('#output', { hasText: 'Reconnected.' }).waitFor();
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
    expect(overflow).toBe(false);
    await phone.screenshot({ path: join(RESULTS, 'webclient-phone.png') });
    await phone.close();
  });

  it('logged no page errors (script errors, CSP refusals, failed loads)', () => {
    expect(pageProblems).toEqual([]);
  });
});
