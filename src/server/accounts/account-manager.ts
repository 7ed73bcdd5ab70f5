/**
 * Binds accounts to storage: create, authenticate, change password, delete, and an identity
 * map so a loaded account is one object however many sessions use it, and reads never hit the
 * database once it is loaded. Every write is awaited (committed) before the caller tells a
 * player anything about it.
 */
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import type { AccountPatch, AccountRow, Storage } from '../storage/types.ts';
import {
  DefaultAccount,
  type AccountClass,
  type AccountLinks,
  type AccountSession,
  type AccountState,
  type AccountPuppeteer,
} from './account.ts';
import type { PasswordHasher } from './hashing.ts';
import { nameKey, validateAccountName, type AccountNameRules } from './names.ts';
import { validatePassword, type PasswordRules } from './passwords.ts';
import { loadQuelled } from './quell.ts';
import type { Refusal } from './verdict.ts';

export interface AccountManagerOptions<S extends AccountSession> {
  storage: Storage;
  hasher: PasswordHasher;
  log: Logger;
  nameRules: AccountNameRules;
  passwordRules: PasswordRules;
  /** Live sessions of an account (the session handler knows them). */
  sessionsOf: (accountId: number) => readonly S[];
  /** Called for each account as it is loaded, before atInit (the Server gives it its cmdsets). */
  onLoaded?: (account: DefaultAccount<S>) => void;
  /** Who carries out `account.puppetObject`/`unpuppetObject` (the Server's puppeting layer). */
  puppeteer?: () => AccountPuppeteer<S> | null;
  /** Account classes by their stored typeclass name; 'DefaultAccount' is always there. */
  accountClasses?: ReadonlyMap<string, AccountClass<S>>;
}

export interface NewAccountRequest {
  name: string;
  password: string;
  isSuperuser?: boolean;
  isGuest?: boolean;
  permissions?: string[];
  typeclass?: string;
  /** Skip the password rules (guests get a random password nobody types). */
  skipPasswordRules?: boolean;
}

/** A refused request: carries the player-facing message and a stable code. */
export class AccountRefused extends WaystoneError {
  constructor(refusal: Refusal) {
    super(refusal.code, refusal.message);
    this.name = 'AccountRefused';
  }
}

export const DEFAULT_PERMISSIONS = ['Player'];

const NAME_TAKEN: Refusal = {
  ok: false,
  code: 'ACCOUNT_NAME_TAKEN',
  message: 'Sorry, that name is already taken.',
};

const NAME_LOOKALIKE: Refusal = {
  ok: false,
  code: 'ACCOUNT_NAME_LOOKALIKE',
  message: "That name is too like an existing account's name; please choose another.",
};

export class AccountManager<S extends AccountSession = AccountSession> {
  private readonly loaded = new Map<number, DefaultAccount<S>>();
  /** Name keys and look-alike keys of accounts being created right now. */
  private readonly creating = new Set<string>();
  /** One links object for every account: closures per account kept each one's row alive. */
  private readonly links: AccountLinks<S> = {
    sessions: (account) => this.opts.sessionsOf(account.id),
    puppeteer: () => this.opts.puppeteer?.() ?? null,
  };
  private readonly creatingSkeletons = new Set<string>();
  private readonly classes: ReadonlyMap<string, AccountClass<S>>;
  /** Typeclass given to new accounts unless the request names one. */
  defaultTypeclass = 'DefaultAccount';

  constructor(private readonly opts: AccountManagerOptions<S>) {
    // Kept by reference: a game registers its classes during setup, after this is built.
    this.classes = opts.accountClasses ?? new Map();
  }

  /** Checks a name and password for a new account without creating it. */
  check(
    name: string,
    password: string,
    skipPasswordRules = false,
    guest = false,
  ): Refusal | { name: string; key: string; skeleton: string } {
    // Guest names are reserved for everyone but the guest pool itself.
    const rules = guest ? { ...this.opts.nameRules, guestNames: [] } : this.opts.nameRules;
    const verdict = validateAccountName(name, rules);
    if (!verdict.ok) return verdict;
    if (!skipPasswordRules) {
      const pw = validatePassword(password, verdict.name, this.opts.passwordRules);
      if (!pw.ok) return pw;
    }
    return { name: verdict.name, key: verdict.key, skeleton: verdict.skeleton };
  }

  /**
   * Why no new account may take this checked name, or null: an account has it already
   * (case-insensitively), or a name a reader could take for it (names.ts `nameSkeleton`).
   * Guest names are the operator's list and skip the look-alike rule.
   */
  async nameConflict(
    checked: { key: string; skeleton: string },
    guest = false,
  ): Promise<Refusal | null> {
    const accounts = this.opts.storage.accounts;
    if (this.creating.has(checked.key) || (await accounts.findByNameKey(checked.key))) {
      return NAME_TAKEN;
    }
    if (guest) return null;
    if (this.creatingSkeletons.has(checked.skeleton)) return NAME_LOOKALIKE;
    const alike = await accounts.findByNameSkeleton(checked.skeleton);
    return alike !== null && alike.nameKey !== checked.key ? NAME_LOOKALIKE : null;
  }

  async create(request: NewAccountRequest): Promise<DefaultAccount<S>> {
    const checked = this.check(
      request.name,
      request.password,
      request.skipPasswordRules,
      request.isGuest,
    );
    if ('ok' in checked) throw new AccountRefused(checked);
    const conflict = await this.nameConflict(checked, request.isGuest);
    if (conflict !== null) throw new AccountRefused(conflict);
    const typeclass = request.typeclass ?? this.defaultTypeclass;
    this.classFor(typeclass);
    // Held from here to the insert, so two look-alike names created at the same moment cannot
    // both pass the lookup above (the unique index covers only exact names).
    this.creating.add(checked.key);
    this.creatingSkeletons.add(checked.skeleton);
    let row: AccountRow;
    try {
      const account = {
        name: checked.name,
        nameKey: checked.key,
        nameSkeleton: checked.skeleton,
        passwordHash: await this.opts.hasher.hash(request.password),
        email: null,
        typeclass,
        permissions: request.permissions ?? DEFAULT_PERMISSIONS,
        isSuperuser: request.isSuperuser ?? false,
        isGuest: request.isGuest ?? false,
      };
      // A transaction, not a lone insert: it shares its commit (and fsync) with the other
      // writes of the moment, as a burst of new players makes many at once.
      row = await this.opts.storage.transaction((tx) => tx.accounts.create(account));
    } catch (err) {
      // Two creations of one name can race past the check above; the unique key decides.
      if ((err as WaystoneError).code === 'STORAGE_DUPLICATE') throw new AccountRefused(NAME_TAKEN);
      throw err;
    } finally {
      this.creating.delete(checked.key);
      this.creatingSkeletons.delete(checked.skeleton);
    }
    this.opts.log.info({ account: row.name, id: row.id, guest: row.isGuest }, 'account created');
    return this.instantiate(row);
  }

  /** The account if `password` is right, else null (the caller counts the failure). */
  async authenticate(
    name: string,
    password: string,
  ): Promise<{ account: DefaultAccount<S> | null; known: DefaultAccount<S> | null }> {
    const row = await this.opts.storage.accounts.findByNameKey(nameKey(name));
    if (!row) {
      // Spend the same time as a real check, so timing does not reveal which names exist.
      await this.opts.hasher.verifyWithoutAccount(password);
      return { account: null, known: null };
    }
    const known = await this.instantiate(row);
    const result = await this.opts.hasher.verify(row.passwordHash, password);
    if (!result.ok) return { account: null, known };
    if (result.needsRehash) {
      // The hashing parameters changed since this password was set: upgrade it now that we know it.
      await this.opts.storage.accounts.update(row.id, {
        passwordHash: await this.opts.hasher.hash(password),
      });
      this.opts.log.info({ account: row.name }, 'password re-hashed with the current parameters');
    }
    return { account: known, known };
  }

  async changePassword(account: DefaultAccount<S>, newPassword: string): Promise<void> {
    const verdict = validatePassword(newPassword, account.name, this.opts.passwordRules);
    if (!verdict.ok) throw new AccountRefused(verdict);
    await this.opts.storage.accounts.update(account.id, {
      passwordHash: await this.opts.hasher.hash(newPassword),
    });
  }

  async delete(account: DefaultAccount<S>): Promise<void> {
    const uow = this.opts.storage.unitOfWork();
    uow.deleteAccount(account.id);
    await uow.commit();
    this.loaded.delete(account.id);
  }

  /** Replaces the account's permissions (the `perm` command); stored before it resolves. */
  async setPermissions(account: DefaultAccount<S>, permissions: readonly string[]): Promise<void> {
    await this.update(account.id, { permissions: [...permissions] });
    account.state.permissions = [...permissions];
  }

  async markLoggedIn(account: DefaultAccount<S>, at: Date): Promise<void> {
    await this.update(account.id, { lastLoginAt: at });
    account.state.lastLoginAt = at;
  }

  /** The loaded account with this id, loading it (and running atInit) if needed. */
  async load(id: number): Promise<DefaultAccount<S> | null> {
    const cached = this.loaded.get(id);
    if (cached) return cached;
    const row = await this.opts.storage.accounts.findById(id);
    return row ? this.instantiate(row) : null;
  }

  /** Already in memory: the hot path after login never waits on the database. */
  cached(id: number): DefaultAccount<S> | undefined {
    return this.loaded.get(id);
  }

  async findByName(name: string): Promise<DefaultAccount<S> | null> {
    const row = await this.opts.storage.accounts.findByNameKey(nameKey(name));
    return row ? this.instantiate(row) : null;
  }

  /** Forget an account that has no sessions left (it is loaded again on its next login). */
  evict(account: DefaultAccount<S>): void {
    if (account.sessions.length === 0) this.loaded.delete(account.id);
  }

  /**
   * Updates go through a unit of work: committed before the caller says anything, and retried
   * (with players told the game is paused) while the database is unreachable.
   */
  private async update(id: number, patch: AccountPatch): Promise<void> {
    const uow = this.opts.storage.unitOfWork();
    uow.updateAccount(id, patch);
    await uow.commit();
  }

  private classFor(typeclass: string): AccountClass<S> {
    const cls =
      this.classes.get(typeclass) ??
      (typeclass === 'DefaultAccount' ? (DefaultAccount as AccountClass<S>) : undefined);
    // A missing class is loud: silently using another would run the wrong game code.
    if (!cls)
      throw new WaystoneError(
        'TYPECLASS_MISSING',
        `Account typeclass '${typeclass}' is not registered.`,
      );
    return cls;
  }

  private async instantiate(row: AccountRow): Promise<DefaultAccount<S>> {
    const existing = this.loaded.get(row.id);
    if (existing) return existing;
    const quelled = await loadQuelled(this.opts.storage.attributes, row.id);
    // Another load of this account may have finished while the quell flag was read.
    const loadedMeanwhile = this.loaded.get(row.id);
    if (loadedMeanwhile) return loadedMeanwhile;
    const { passwordHash: _hash, ...state } = row;
    const cls = this.classFor(row.typeclass);
    const account = new cls(state as AccountState, this.links);
    account.quelled = quelled;
    this.loaded.set(row.id, account);
    this.opts.onLoaded?.(account);
    await account.atInit();
    return account;
  }
}
