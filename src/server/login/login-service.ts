/**
 * Logging in and out (REFERENCE.md §4–§5): `connect`, `create`, `connect guest`, the exact hook
 * order of a login and of a disconnect, re-attaching accounts after a reload without running
 * hooks, guests deleted with their last session. The timeline itself is written down once, in
 * accounts/account.ts; the numbered steps below follow it.
 */
import type { Logger } from 'pino';
import { isWaystoneError } from '../../shared/errors.ts';
import type { DefaultAccount } from '../accounts/account.ts';
import { AccountRefused, type AccountManager } from '../accounts/account-manager.ts';
import { GuestPool, guestsAllInUse } from '../accounts/guests.ts';
import { nameKey } from '../accounts/names.ts';
import type { Refusal } from '../accounts/verdict.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import type { ServerSessionHandler } from '../sessions/server-session-handler.ts';
import { DATABASE_AWAY_MESSAGE, isDatabaseAway } from '../storage/availability.ts';
import { accountRef } from '../storage/entity-ref.ts';
import type { Storage } from '../storage/types.ts';
import type { FlagValue, ProtocolFlags } from '../../shared/session-data.ts';
import type { AccessGuard } from './access-guard.ts';

type Account = DefaultAccount<ServerSession>;

/** Where `option` keeps a player's chosen client flags. */
const SAVED_FLAGS = { name: 'protocolFlags', category: 'options' } as const;

export const MESSAGES = {
  badCredentials: 'Username and/or password is incorrect.',
  banned:
    'You have been banned and cannot continue from here.\nIf you feel this ban is in error, please contact an admin.',
  guestsDisabled: 'Guest accounts are not enabled on this server.',
  elsewhere: 'Logged in from elsewhere. Disconnecting.',
  loginFailed: 'Something went wrong while logging you in; it has been logged. Please try again.',
  alreadyLoggedIn: 'You are already logged in.',
  databaseAway: DATABASE_AWAY_MESSAGE,
} as const;

export interface LoginServiceOptions {
  accounts: AccountManager<ServerSession>;
  sessions: ServerSessionHandler;
  storage: Storage;
  guard: AccessGuard;
  log: Logger;
  /** Multisession mode 0: a new login disconnects the account's other sessions. */
  oneSessionPerAccount: boolean;
  guestEnabled: boolean;
  guestNames: readonly string[];
  /** Called once a session is logged in (its cmdsets change); and once it is logged out. */
  onLogin?: (session: ServerSession) => void;
  onLogout?: (session: ServerSession) => void;
  /** Login step 10, after atPostLogin: e.g. puppet the account's character. */
  afterLogin?: (session: ServerSession, account: Account) => Promise<void>;
  /** First disconnect step: e.g. unpuppet (the room sees the character leave). */
  beforeDisconnect?: (session: ServerSession, reason: string) => Promise<void>;
  /** After a reload, once the account is back: e.g. re-attach the puppet. */
  afterReattach?: (session: ServerSession) => Promise<void>;
  /** A guest account is about to be deleted: e.g. delete its characters. */
  beforeAccountDelete?: (account: Account) => Promise<void>;
  now?: () => number;
}

export class LoginService {
  readonly guests: GuestPool;
  private readonly now: () => number;

  constructor(private readonly opts: LoginServiceOptions) {
    this.guests = new GuestPool(opts.guestNames);
    this.now = opts.now ?? Date.now;
  }

  /** Banned by IP (checked on connect, before anything else). */
  isBannedAddress(session: ServerSession): boolean {
    return this.opts.guard.bans.isBanned({ ip: session.address }) !== null;
  }

  /**
   * `connect <name> <password>`. Resolves true when logged in.
   *
   * Two limits run before the (deliberately slow) password hash, and count the attempt before
   * it runs, so attempts arriving together cannot all slip under them: failed logins per
   * address (the `failedLogins` throttle), and failed logins at one account name from addresses
   * that never logged into it (the `accountGuesses` delay). The right password takes its counts
   * back; a wrong one keeps them, saved before the player hears the answer.
   */
  async connect(session: ServerSession, name: string, password: string): Promise<boolean> {
    const { guard, accounts } = this.opts;
    if (session.loggedIn) {
      session.msg(MESSAGES.alreadyLoggedIn);
      return false;
    }
    if (this.refuseBanned(session, name)) return false;
    // In memory: an address already blocked costs no database read.
    const blocked = guard.failedLogins.check(session.address, this.now());
    if (!blocked.ok) {
      session.msg(blocked.message);
      return false;
    }
    let known: boolean;
    try {
      known = await guard.knownAddresses.includes(name, session.address);
    } catch (err) {
      if (!isDatabaseAway(err)) throw err;
      session.msg(MESSAGES.databaseAway);
      return false;
    }
    const attempt = this.countAttempt(session.address, name, known);
    if (!attempt.ok) {
      session.msg(attempt.message);
      return false;
    }
    let found: Awaited<ReturnType<typeof accounts.authenticate>>;
    try {
      found = await accounts.authenticate(name, password);
    } catch (err) {
      attempt.takeBack(); // the password was never checked
      if (!isDatabaseAway(err)) throw err;
      session.msg(MESSAGES.databaseAway);
      return false;
    }
    const { account } = found;
    if (!account) {
      await this.failedLogin(session, name, found.known);
      return false;
    }
    attempt.takeBack(); // the right password is no failure
    if (account.state.isGuest) {
      // Guest accounts are only reachable through `connect guest`.
      session.msg(MESSAGES.badCredentials);
      return false;
    }
    const loggedIn = await this.login(session, account);
    if (loggedIn) await this.rememberAddress(account, session.address);
    return loggedIn;
  }

  /**
   * Counts one login attempt from `address` at the account called `name` in both limits before
   * its password is checked, or refuses it and counts nothing. Synchronous, so no other attempt
   * runs between a check and its count. `known`: the address has logged into that account
   * before, so the per-account delay does not apply to it (nor count it).
   */
  private countAttempt(address: string, name: string, known: boolean): CountedAttempt {
    const { failedLogins, accountGuesses } = this.opts.guard;
    const now = this.now();
    const key = guessKey(name);
    if (!known) {
      const perAccount = accountGuesses.check(key, now);
      if (!perAccount.ok) return perAccount;
    }
    const perAddress = failedLogins.reserve(address, now);
    if (!perAddress.ok) return perAddress;
    if (!known) accountGuesses.reserve(key, now);
    let counted = true;
    return {
      ok: true,
      takeBack: () => {
        if (!counted) return;
        counted = false;
        failedLogins.unrecord(address, now);
        if (!known) accountGuesses.refund(key);
      },
    };
  }

  /** A wrong password (or no such account): already counted; saved, logged, answered. */
  private async failedLogin(
    session: ServerSession,
    name: string,
    known: Account | null,
  ): Promise<void> {
    await this.opts.guard.saveThrottles();
    if (known) await this.hook(() => known.atFailedLogin(session), 'atFailedLogin');
    // A warning: someone may be guessing passwords. The two limits bound how often.
    const tried = name.slice(0, 40);
    this.opts.log.warn(
      {
        activity: 'login failed',
        sessid: session.sessid,
        account: tried,
        address: session.address,
      },
      `#${session.sessid} failed login as ${JSON.stringify(tried)} from ${session.address}`,
    );
    session.msg(MESSAGES.badCredentials);
  }

  /** Remembers where the account logged in from; a failure to save it does not undo the login. */
  private async rememberAddress(account: Account, address: string): Promise<void> {
    try {
      await this.opts.guard.knownAddresses.remember(account.id, address);
    } catch (err) {
      this.opts.log.warn(
        { err, account: account.name, address },
        'could not save the address of a login',
      );
    }
  }

  /** `create <name> <password>`: resolves with the new account, or null (the player was told why). */
  async create(session: ServerSession, name: string, password: string): Promise<Account | null> {
    const { guard, accounts } = this.opts;
    if (this.refuseBanned(session, name)) return null;
    const now = this.now();
    const throttled = guard.creations.check(session.address, now);
    if (!throttled.ok) {
      session.msg(throttled.message);
      return null;
    }
    // Counted before the (slow: hashing) creation, so creations running at the same time from
    // one address cannot all slip under the limit; taken back if no account is made.
    guard.creations.record(session.address, now);
    try {
      const account = await accounts.create({ name, password });
      await guard.saveThrottles();
      return account;
    } catch (err) {
      guard.creations.unrecord(session.address, now);
      if (err instanceof AccountRefused) {
        session.msg(err.message);
        return null;
      }
      if (isDatabaseAway(err)) {
        session.msg(MESSAGES.databaseAway);
        return null;
      }
      throw err;
    }
  }

  /** `connect guest`. */
  async connectGuest(session: ServerSession): Promise<boolean> {
    if (!this.opts.guestEnabled) {
      session.msg(MESSAGES.guestsDisabled);
      return false;
    }
    if (this.refuseBanned(session, null)) return false;
    const name = this.guests.acquire();
    if (name === null) {
      session.msg(guestsAllInUse().message);
      return false;
    }
    try {
      // A leftover guest of that name (a crash before it was deleted) goes first.
      const stale = await this.opts.accounts.findByName(name);
      if (stale && stale.state.isGuest && stale.sessions.length === 0)
        await this.opts.accounts.delete(stale);
      const account = await this.opts.accounts.create({
        name,
        password: cryptoRandomPassword(),
        isGuest: true,
        permissions: ['Guest'],
        skipPasswordRules: true,
      });
      return await this.login(session, account);
    } catch (err) {
      this.guests.release(name);
      throw err;
    }
  }

  /** Steps 1–10 of a login. */
  async login(session: ServerSession, account: Account): Promise<boolean> {
    const { log, sessions, accounts } = this.opts;
    if (session.loggedIn) return false; // 1
    const wasConnected = account.isConnected;
    account.isConnected = true; // 2
    const firstLogin = account.state.lastLoginAt === null;
    session.atLogin(account, this.now()); // 3
    this.opts.onLogin?.(session);
    try {
      await account.atInit(); // 4
      if (firstLogin) await account.atFirstLogin(); // 5
      await account.atPreLogin(); // 6
    } catch (err) {
      session.atLogout();
      this.opts.onLogout?.(session);
      account.isConnected = wasConnected;
      if (isWaystoneError(err, 'ACCOUNT_LOGIN_REFUSED')) {
        session.msg(err.message);
      } else {
        log.error({ err, account: account.name }, 'login hook failed; login aborted');
        session.msg(MESSAGES.loginFailed);
      }
      return false;
    }
    if (this.opts.oneSessionPerAccount) {
      // 7: one session per account in mode 0.
      for (const other of account.sessions) {
        if (other !== session) await this.logout(other, MESSAGES.elsewhere);
      }
    }
    const count = account.sessions.length;
    log.info(
      {
        activity: 'logged in',
        sessid: session.sessid,
        account: account.name,
        address: session.address,
        sessions: count,
      },
      `#${session.sessid} logged in as ${account.name}${count > 1 ? ` (${count} sessions)` : ''}`,
    ); // 8
    sessions.notifyLogin(session); // 9
    await accounts.markLoggedIn(account, new Date(this.now()));
    await this.restoreSavedFlags(session, account); // 10
    session.send([['logged_in', [], {}]]);
    session.msg(
      `Welcome, ${account.name}! You are logged in. Type "help" for what you can do here.`,
    );
    await this.hook(() => account.atPostLogin(session), 'atPostLogin');
    const after = this.opts.afterLogin;
    if (after) await this.hook(() => after(session, account), 'afterLogin');
    return true;
  }

  /** The game logs a session out and closes it (quit, kick, ban, duplicate login). */
  async logout(session: ServerSession, reason: string): Promise<void> {
    await this.sessionGone(session, reason);
    session.disconnect(reason);
  }

  /**
   * Disconnect steps for a session that is going (either side closed it): unpuppet (with the
   * character layer), atDisconnect, last session → not connected, atPostDisconnect, guests deleted.
   */
  async sessionGone(session: ServerSession, reason: string): Promise<void> {
    const account = session.account;
    if (!account) return;
    const before = this.opts.beforeDisconnect;
    if (before) await this.hook(() => before(session, reason), 'unpuppet');
    await this.hook(() => account.atDisconnect(reason), 'atDisconnect');
    session.atLogout();
    this.opts.onLogout?.(session);
    if (account.sessions.some((s) => s !== session)) return;
    account.isConnected = false;
    await this.hook(() => account.atPostDisconnect(), 'atPostDisconnect');
    if (account.state.isGuest) {
      const beforeDelete = this.opts.beforeAccountDelete;
      if (beforeDelete) await this.hook(() => beforeDelete(account), 'guest characters');
      await this.opts.accounts.delete(account);
      this.guests.release(account.name);
      this.opts.log.info({ account: account.name }, 'guest account deleted');
    } else {
      this.opts.accounts.evict(account);
    }
  }

  /** After a reload: give a rebuilt session its account back, running no hooks. */
  async reattach(session: ServerSession): Promise<void> {
    if (!session.loggedIn || session.uid === null) return;
    const account = await this.opts.accounts.load(session.uid);
    if (!account) {
      // Deleted while the Server was away: the session cannot stay logged in as nobody.
      this.opts.log.warn(
        { sessid: session.sessid, uid: session.uid },
        'account of a session is gone; logging it out',
      );
      session.atLogout();
      this.opts.sessions.sync(session);
      session.msg('Your account no longer exists.');
      return;
    }
    session.account = account;
    account.isConnected = true;
    if (account.state.isGuest) this.guests.claim(account.name);
    this.opts.onLogin?.(session);
    const after = this.opts.afterReattach;
    if (after) await this.hook(() => after(session), 'reattach puppet');
  }

  /** Refuse (with the ban message, closing the session) when the name or address is banned. */
  refuseBanned(session: ServerSession, name: string | null): boolean {
    const ban = this.opts.guard.bans.isBanned({ ip: session.address, ...(name ? { name } : {}) });
    if (!ban) return false;
    this.opts.log.info({ address: session.address, name }, 'banned connection refused');
    session.msg(MESSAGES.banned);
    session.disconnect('');
    return true;
  }

  private async restoreSavedFlags(session: ServerSession, account: Account): Promise<void> {
    const flags = await this.savedFlags(account);
    if (Object.keys(flags).length > 0) session.setFlags(flags);
  }

  /** The client flags a player chose with `option`, kept with the account. */
  async savedFlags(account: Account): Promise<ProtocolFlags> {
    const saved = await this.opts.storage.attributes.get(
      accountRef(account.id),
      SAVED_FLAGS.name,
      SAVED_FLAGS.category,
    );
    const flags: ProtocolFlags = {};
    if (saved && typeof saved === 'object' && !Array.isArray(saved) && !(saved instanceof Date)) {
      for (const [k, v] of Object.entries(saved)) {
        if (v === null || ['string', 'number', 'boolean'].includes(typeof v))
          flags[k] = v as FlagValue;
      }
    }
    return flags;
  }

  /** Merge `changes` into the saved flags (restored at every login); null forgets them all. */
  async saveFlags(account: Account, changes: ProtocolFlags | null): Promise<void> {
    const ref = accountRef(account.id);
    if (changes === null) {
      await this.opts.storage.attributes.delete(ref, SAVED_FLAGS.name, SAVED_FLAGS.category);
      return;
    }
    const merged = { ...(await this.savedFlags(account)), ...changes };
    await this.opts.storage.attributes.set(ref, SAVED_FLAGS.name, merged, SAVED_FLAGS.category);
  }

  /** Runs a hook whose failure must not stop what comes after it (it is logged). */
  private async hook(run: () => unknown, name: string): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.opts.log.error({ err, hook: name }, `error in ${name}`);
    }
  }
}

/** An attempt counted in the login limits, until `takeBack` says it did not fail. */
type CountedAttempt = Refusal | { readonly ok: true; takeBack(): void };

/**
 * The per-account delay's key: the name as accounts are looked up (so `ANN` and `ann` share
 * it), whether or not such an account exists, so a refusal does not tell which names do.
 * Bounded in length: no account name is longer, and a long line must not make a big key.
 */
function guessKey(name: string): string {
  return nameKey(name).slice(0, MAX_GUESS_KEY_LENGTH);
}

const MAX_GUESS_KEY_LENGTH = 200;

function cryptoRandomPassword(): string {
  return globalThis.crypto.randomUUID() + globalThis.crypto.randomUUID();
}
