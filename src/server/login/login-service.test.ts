/**
 * The login flow on both storage backends: create, connect, guests, throttles, bans, name and
 * password rules, the hook order of REFERENCE.md §5, mode-0 duplicate logins, re-hashing.
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { ServerToPortal } from '../../link/messages.ts';
import { newSessionSync } from '../../shared/session-data.ts';
import { DefaultAccount, type AccountClass } from '../accounts/account.ts';
import { AccountManager } from '../accounts/account-manager.ts';
import { PasswordHasher } from '../accounts/hashing.ts';
import { ServerSessionHandler } from '../sessions/server-session-handler.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import { backendCases, useBackend } from '../storage/test-support.ts';
import type { Storage } from '../storage/types.ts';
import { AccessGuard } from './access-guard.ts';
import { LoginService, MESSAGES } from './login-service.ts';

const log = pino({ level: 'silent' });
// Cheap hashing parameters: these tests are about the flow, not argon2's cost.
const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

const hookLog: string[] = [];
class RecordingAccount extends DefaultAccount<ServerSession> {
  override atInit() {
    hookLog.push(`atInit:${this.name}`);
  }
  override atFirstLogin() {
    hookLog.push('atFirstLogin');
  }
  override atPreLogin() {
    hookLog.push(`atPreLogin:loggedIn=${this.sessions.some((s) => s.loggedIn)}`);
  }
  override atPostLogin(session: ServerSession) {
    hookLog.push(`atPostLogin:${session.sessid}`);
  }
  override atFailedLogin() {
    hookLog.push('atFailedLogin');
  }
  override atDisconnect(reason: string) {
    hookLog.push(`atDisconnect:${reason}`);
  }
  override atPostDisconnect() {
    hookLog.push('atPostDisconnect');
  }
}

interface World {
  storage: Storage;
  login: LoginService;
  accounts: AccountManager<ServerSession>;
  guard: AccessGuard;
  sent: ServerToPortal[];
  connect(address?: string): ServerSession;
  texts(session: ServerSession): string[];
}

/** Counts password checks: the slow work the login limits bound. */
class CountingHasher extends PasswordHasher {
  checks = 0;
  override verify(stored: string, password: string) {
    this.checks += 1;
    return super.verify(stored, password);
  }
  override verifyWithoutAccount(password: string) {
    this.checks += 1;
    return super.verifyWithoutAccount(password);
  }
}

/** The per-account delay in these tests: 4 free failures, then 30 s, 60 s, 120 s (capped). */
const ACCOUNT_GUESSES = {
  freeFailures: 4,
  windowMs: 30 * 60_000,
  delayMs: 30_000,
  maxDelayMs: 120_000,
};

async function world(
  storage: Storage,
  options: { guestEnabled?: boolean; hasher?: PasswordHasher; now?: () => number } = {},
): Promise<World> {
  const sessions = new ServerSessionHandler(log);
  const sent: ServerToPortal[] = [];
  sessions.linked({ send: (m) => sent.push(m) });
  const accounts = new AccountManager<ServerSession>({
    storage,
    hasher: options.hasher ?? new PasswordHasher(cheap),
    log,
    nameRules: { guestNames: ['Guest1', 'Guest2'] },
    passwordRules: {},
    sessionsOf: (id) => sessions.all().filter((s) => s.uid === id),
    accountClasses: new Map([['DefaultAccount', RecordingAccount as AccountClass<ServerSession>]]),
  });
  const guard = await AccessGuard.load({
    storage,
    log,
    failedLogins: {
      limit: 3,
      windowMs: 60_000,
      blockMs: 60_000,
      message: 'Too many login failures; please try again in a few minutes.',
    },
    creations: {
      limit: 2,
      windowMs: 60_000,
      message: 'Too many accounts created from your address; try later.',
    },
    accountGuesses: ACCOUNT_GUESSES,
    knownAddressesPerAccount: 3,
  });
  const login = new LoginService({
    accounts,
    sessions,
    storage,
    guard,
    log,
    oneSessionPerAccount: true,
    guestEnabled: options.guestEnabled ?? false,
    guestNames: ['Guest1', 'Guest2'],
    ...(options.now ? { now: options.now } : {}),
  });
  let next = 1;
  return {
    storage,
    login,
    accounts,
    guard,
    sent,
    connect: (address = '10.0.0.1') =>
      sessions.portalConnect({ ...newSessionSync(next++, 'telnet', address, 0) }),
    texts: (session) =>
      sent.flatMap((m) =>
        m.t === 'output' && m.sessid === session.sessid ? m.cmds.map((c) => String(c[1][0])) : [],
      ),
  };
}

describe.each(backendCases())('login on $name', ({ name, skipReason }) => {
  const backend = useBackend(name);
  const test = skipReason ? it.skip : it;

  test('create then connect runs the hooks in order, tells the Portal and sends logged_in', async () => {
    const w = await world(await backend.open());
    const s = w.connect();
    expect(await w.login.create(s, 'Ann', 'violet tiger 99')).not.toBeNull();
    hookLog.length = 0;
    expect(await w.login.connect(s, 'ann', 'violet tiger 99')).toBe(true);
    expect(hookLog).toEqual([
      'atInit:Ann',
      'atFirstLogin',
      'atPreLogin:loggedIn=true',
      `atPostLogin:${s.sessid}`,
    ]);
    expect(s).toMatchObject({ loggedIn: true, uname: 'Ann' });
    expect(w.sent).toContainEqual({
      t: 'sessionLoggedIn',
      sessid: s.sessid,
      uid: s.uid,
      uname: 'Ann',
    });
    expect(w.sent.some((m) => m.t === 'output' && m.cmds.some((c) => c[0] === 'logged_in'))).toBe(
      true,
    );
    // The second login is not the first any more.
    const s2 = w.connect();
    hookLog.length = 0;
    await w.login.connect(s2, 'Ann', 'violet tiger 99');
    expect(hookLog).not.toContain('atFirstLogin');
  });

  test('a wrong password gives one generic message and calls atFailedLogin; unknown names too', async () => {
    const w = await world(await backend.open());
    const s = w.connect();
    await w.login.create(s, 'Bob', 'green walrus 12');
    hookLog.length = 0;
    expect(await w.login.connect(s, 'Bob', 'nope nope nope')).toBe(false);
    expect(await w.login.connect(s, 'Nobody', 'nope nope nope')).toBe(false);
    expect(w.texts(s).filter((t) => t === MESSAGES.badCredentials)).toHaveLength(2);
    expect(hookLog).toEqual(['atFailedLogin']);
  });

  test('failed logins are throttled per IP and the throttle survives a restart', async () => {
    const target = await backend.fresh();
    const w = await world(await backend.open(target));
    const s = w.connect('10.9.9.9');
    await w.login.create(s, 'Cat', 'orange comet 77');
    for (let i = 0; i < 3; i++) await w.login.connect(s, 'Cat', 'wrong password!');
    expect(await w.login.connect(s, 'Cat', 'orange comet 77')).toBe(false);
    expect(w.texts(s).at(-1)).toContain('Too many login failures');
    // Another IP is not affected.
    expect(await w.login.connect(w.connect('10.1.1.1'), 'Cat', 'orange comet 77')).toBe(true);
    // A new Server on the same database still blocks the IP.
    const again = await world(await backend.open(target));
    const s2 = again.connect('10.9.9.9');
    expect(await again.login.connect(s2, 'Cat', 'orange comet 77')).toBe(false);
    expect(again.texts(s2).at(-1)).toContain('Too many login failures');
  });

  test('account creation is throttled per IP', async () => {
    const w = await world(await backend.open());
    const s = w.connect('10.2.2.2');
    expect(await w.login.create(s, 'One', 'purple otter 1')).not.toBeNull();
    expect(await w.login.create(s, 'Two', 'purple otter 2')).not.toBeNull();
    expect(await w.login.create(s, 'Three', 'purple otter 3')).toBeNull();
    expect(w.texts(s).at(-1)).toContain('Too many accounts');
  });

  test('creations at the same time from one address cannot all slip under the limit', async () => {
    const w = await world(await backend.open());
    const sessions = [1, 2, 3, 4, 5].map(() => w.connect('10.3.3.3'));
    const made = await Promise.all(
      sessions.map((s, i) => w.login.create(s, `Racer${i}`, `purple otter ${i}9`)),
    );
    expect(made.filter((a) => a !== null)).toHaveLength(2);
    // A refused name does not use up the allowance.
    const other = w.connect('10.4.4.4');
    expect(await w.login.create(other, 'x', 'purple otter 77')).toBeNull();
    expect(await w.login.create(other, 'Fine', 'purple otter 78')).not.toBeNull();
    expect(await w.login.create(other, 'Also', 'purple otter 79')).not.toBeNull();
  });

  test('names and passwords are validated with messages a player can act on', async () => {
    const w = await world(await backend.open());
    const s = w.connect();
    const cases: Array<[string, string, string]> = [
      ["x'; DROP TABLE accounts;--", 'long enough pw', 'letters'],
      ['ab', 'long enough pw', '3 to 30'],
      ['a'.repeat(31), 'long enough pw', '3 to 30'],
      ['Zero\u200bWidth', 'long enough pw', 'invisible'],
      ['Bell\u0007', 'long enough pw', 'invisible'],
      ['Аdmin', 'long enough pw', 'letters of one'], // Cyrillic А + Latin
      ['Guest1', 'long enough pw', 'reserved'],
      ['Dana', 'short', 'at least 8'],
      ['Dana', '12345678901', 'digits'],
      ['Dana', 'password1', 'common'],
      ['Dana', 'dana1234', 'name'],
    ];
    for (const [n, p] of cases) expect(await w.login.create(s, n, p)).toBeNull();
    const texts = w.texts(s);
    cases.forEach(([, , fragment], i) =>
      expect(texts[i]!.toLowerCase()).toContain(fragment.toLowerCase()),
    );
    expect(await w.storage.accounts.count()).toBe(0);
    // Names are unique case-insensitively, after normalisation.
    expect(await w.login.create(s, 'Dana', 'silver harbor 5')).not.toBeNull();
    expect(await w.login.create(w.connect('10.3.3.3'), 'DANA', 'silver harbor 6')).toBeNull();
  });

  test('mode 0: a second login disconnects the first session, with the reason', async () => {
    const w = await world(await backend.open());
    const first = w.connect();
    await w.login.create(first, 'Eve', 'blue lantern 4');
    await w.login.connect(first, 'Eve', 'blue lantern 4');
    const second = w.connect();
    hookLog.length = 0;
    await w.login.connect(second, 'Eve', 'blue lantern 4');
    expect(w.sent).toContainEqual({
      t: 'disconnect',
      sessid: first.sessid,
      reason: MESSAGES.elsewhere,
    });
    expect(hookLog).toContain(`atDisconnect:${MESSAGES.elsewhere}`);
    expect(second.loggedIn).toBe(true);
  });

  test('guests: disabled by default; when enabled, named from the list and deleted on disconnect', async () => {
    const off = await world(await backend.open());
    const s0 = off.connect();
    expect(await off.login.connectGuest(s0)).toBe(false);
    expect(off.texts(s0).at(-1)).toBe(MESSAGES.guestsDisabled);

    const w = await world(await backend.open(), { guestEnabled: true });
    const [a, b, c] = [w.connect(), w.connect(), w.connect()];
    expect(await w.login.connectGuest(a)).toBe(true);
    expect(await w.login.connectGuest(b)).toBe(true);
    expect([a.uname, b.uname]).toEqual(['Guest1', 'Guest2']);
    expect(await w.login.connectGuest(c)).toBe(false);
    expect(w.texts(c).at(-1)).toMatch(/guest/i);
    await w.login.sessionGone(a, 'quit');
    expect(await w.storage.accounts.findByNameKey('guest1')).toBeNull();
    expect(await w.login.connectGuest(c)).toBe(true);
    expect(c.uname).toBe('Guest1');
  });

  test('bans by name and by IP refuse the login and close the session', async () => {
    const w = await world(await backend.open());
    const s = w.connect('192.168.5.5');
    await w.login.create(s, 'Finn', 'yellow kettle 3');
    w.guard.bans.banName('finn', { reason: 'spam', now: Date.now() });
    expect(await w.login.connect(w.connect('10.4.4.4'), 'Finn', 'yellow kettle 3')).toBe(false);
    w.guard.bans.unbanName('Finn');
    w.guard.bans.banIp('192.168.*', { reason: 'abuse', now: Date.now() });
    await w.guard.saveBans();
    const banned = w.connect('192.168.9.9');
    expect(await w.login.connect(banned, 'Finn', 'yellow kettle 3')).toBe(false);
    expect(w.texts(banned).at(-1)).toBe(MESSAGES.banned);
    expect(w.sent).toContainEqual({ t: 'disconnect', sessid: banned.sessid, reason: '' });
    // Saved bans are loaded by the next Server.
    const again = await AccessGuard.load({
      storage: w.storage,
      log,
      failedLogins: { limit: 3, windowMs: 1000, message: 'x' },
      creations: { limit: 3, windowMs: 1000, message: 'x' },
    });
    expect(again.bans.isBanned({ ip: '192.168.1.1' })).not.toBeNull();
  });

  test('a password hashed with old parameters is re-hashed at login', async () => {
    const storage = await backend.open();
    const old = await world(storage);
    await old.login.create(old.connect(), 'Gil', 'crimson fjord 8');
    const before = (await storage.accounts.findByNameKey('gil'))!.passwordHash;
    const stronger = await world(storage, {
      hasher: new PasswordHasher({ memoryCost: 2048, timeCost: 2, parallelism: 1 }),
    });
    expect(await stronger.login.connect(stronger.connect(), 'Gil', 'crimson fjord 8')).toBe(true);
    const after = (await storage.accounts.findByNameKey('gil'))!.passwordHash;
    expect(after).not.toBe(before);
    expect(after).toContain('m=2048');
  });
  test('wrong passwords arriving together from one address: only the limit is hashed', async () => {
    const hasher = new CountingHasher(cheap);
    const w = await world(await backend.open(), { hasher });
    await w.login.create(w.connect('10.5.5.1'), 'Hal', 'amber meadow 31');
    const sessions = Array.from({ length: 200 }, () => w.connect('10.5.5.5'));
    const results = await Promise.all(
      sessions.map((s) => w.login.connect(s, 'Hal', 'not it at all')),
    );
    expect(results.every((r) => !r)).toBe(true);
    expect(hasher.checks).toBe(3); // the per-address limit in world()
    const said = sessions.flatMap((s) => w.texts(s));
    expect(said.filter((t) => t === MESSAGES.badCredentials)).toHaveLength(3);
    expect(said.filter((t) => t.startsWith('Too many login failures'))).toHaveLength(197);
    // The right password from that address is refused too, without a hash.
    expect(await w.login.connect(w.connect('10.5.5.5'), 'Hal', 'amber meadow 31')).toBe(false);
    expect(hasher.checks).toBe(3);
  });

  test('the right password takes its reservation back: a login that reaches the limit leaves no block', async () => {
    const w = await world(await backend.open());
    await w.login.create(w.connect('10.6.6.1'), 'Ida', 'silver birch 12');
    const s = w.connect('10.6.6.6');
    for (let i = 0; i < 2; i++) await w.login.connect(s, 'Ida', 'wrong wrong 1');
    // The third attempt reaches the limit while it is hashed, but is right.
    expect(await w.login.connect(s, 'Ida', 'silver birch 12')).toBe(true);
    expect(w.guard.failedLogins.check('10.6.6.6', Date.now()).ok).toBe(true);
  });

  test('guesses at one account from many addresses are slowed; its known address is not', async () => {
    let now = Date.UTC(2025, 5, 1);
    const hasher = new CountingHasher(cheap);
    const w = await world(await backend.open(), { hasher, now: () => now });
    const home = w.connect('10.7.0.1');
    await w.login.create(home, 'Joe', 'quiet river 55');
    expect(await w.login.connect(home, 'Joe', 'quiet river 55')).toBe(true);
    hasher.checks = 0;
    // 40 addresses, 5 guesses each, all at once: the per-address limit alone would hash 120.
    const guessers = Array.from({ length: 40 }, (_, i) => w.connect(`10.8.0.${i + 1}`));
    await Promise.all(
      guessers.flatMap((s) =>
        [1, 2, 3, 4, 5].map((n) => w.login.connect(s, 'joe', `guess ${n}!!`)),
      ),
    );
    expect(hasher.checks).toBe(4);
    const refusal = (s: ServerSession) => w.texts(s).at(-1) ?? '';
    expect(refusal(guessers[39]!)).toBe(
      'Too many failed logins for that account recently; please wait 30 seconds before trying it again.',
    );
    // The right password from a fresh address waits too...
    const fresh = w.connect('10.9.0.1');
    expect(await w.login.connect(fresh, 'Joe', 'quiet river 55')).toBe(false);
    expect(refusal(fresh)).toMatch(/please wait 30 seconds/);
    // ...while the owner's known address logs in at once (and its failures are not counted).
    expect(await w.login.connect(w.connect('10.7.0.1'), 'Joe', 'wrong again 9')).toBe(false);
    expect(await w.login.connect(w.connect('10.7.0.1'), 'Joe', 'quiet river 55')).toBe(true);
    // After the wait, one more guess is checked, and the next wait is twice as long.
    now += 30_000;
    expect(await w.login.connect(w.connect('10.8.1.1'), 'Joe', 'guess 6!!')).toBe(false);
    expect(hasher.checks).toBe(7); // 4 guesses, the owner's two tries, this one
    now += 59_000;
    expect(await w.login.connect(fresh, 'Joe', 'quiet river 55')).toBe(false);
    expect(refusal(fresh)).toMatch(/please wait 1 second /);
    now += 1_000;
    expect(await w.login.connect(fresh, 'Joe', 'quiet river 55')).toBe(true);
    // A name nobody has is limited the same way, so the refusal does not tell names apart.
    for (let i = 0; i < 5; i++)
      await w.login.connect(w.connect(`10.10.0.${i}`), 'Nobody', 'x y z 1');
    const probe = w.connect('10.10.0.9');
    await w.login.connect(probe, 'Nobody', 'x y z 1');
    expect(refusal(probe)).toMatch(/^Too many failed logins for that account/);
  });

  test('the per-account delay and the known addresses survive a restart', async () => {
    const now = Date.UTC(2025, 5, 1);
    const target = await backend.fresh();
    const w = await world(await backend.open(target), { now: () => now });
    const home = w.connect('10.11.0.1');
    await w.login.create(home, 'Kit', 'red lantern 44');
    expect(await w.login.connect(home, 'Kit', 'red lantern 44')).toBe(true);
    for (let i = 0; i < 4; i++)
      await w.login.connect(w.connect(`10.12.0.${i}`), 'Kit', 'nope nope 1');
    const again = await world(await backend.open(target), { now: () => now + 1000 });
    const fresh = again.connect('10.13.0.1');
    expect(await again.login.connect(fresh, 'Kit', 'red lantern 44')).toBe(false);
    expect(again.texts(fresh).at(-1)).toMatch(/please wait 29 seconds/);
    expect(await again.login.connect(again.connect('10.11.0.1'), 'Kit', 'red lantern 44')).toBe(
      true,
    );
  });

  test('each account keeps only its most recent known addresses', async () => {
    const w = await world(await backend.open());
    await w.login.create(w.connect('10.14.0.1'), 'Lou', 'green valley 77');
    for (const a of ['10.14.0.1', '::ffff:10.14.0.2', '10.14.0.3', '10.14.0.4', '10.14.0.2']) {
      expect(await w.login.connect(w.connect(a), 'Lou', 'green valley 77')).toBe(true);
    }
    const id = (await w.storage.accounts.findByNameKey('lou'))!.id;
    expect(await w.guard.knownAddresses.of(id)).toEqual(['10.14.0.3', '10.14.0.4', '10.14.0.2']);
    expect(await w.guard.knownAddresses.includes('LOU', '::ffff:10.14.0.4')).toBe(true);
    expect(await w.guard.knownAddresses.includes('Lou', '10.14.0.1')).toBe(false);
    expect(await w.guard.knownAddresses.includes('Nobody', '10.14.0.2')).toBe(false);
  });
});
