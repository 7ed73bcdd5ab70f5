/**
 * Who may try to log in or create accounts: the bans, the two throttles per IP (failed logins
 * and account creations) and the guessing delay per account (failed logins at one account from
 * anywhere), kept in storage's server config so they survive a reload (and a crash), and
 * changed only through here (the throttles one entry per key: saved-keys.ts); and each
 * account's known addresses (exempt from the guessing delay), kept with the account.
 */
import type { Logger } from 'pino';
import { BanList } from '../accounts/bans.ts';
import {
  ACCOUNT_GUESS_DELAY,
  ProgressiveDelay,
  type ProgressiveDelayOptions,
  type SavedDelayKey,
} from '../accounts/progressive-delay.ts';
import { Throttle, type SavedThrottleKey, type ThrottleOptions } from '../accounts/throttle.ts';
import type { AttributeValue, Storage } from '../storage/types.ts';
import { DEFAULT_KNOWN_ADDRESSES_PER_ACCOUNT, KnownAddresses } from './known-addresses.ts';
import { SavedKeys } from './saved-keys.ts';

const KEYS = {
  bans: 'bans',
  failedLogins: 'throttle:failed-logins',
  creations: 'throttle:creations',
  accountGuesses: 'throttle:account-guesses',
} as const;

export interface AccessGuardOptions {
  storage: Storage;
  log: Logger;
  failedLogins: ThrottleOptions;
  creations: ThrottleOptions;
  /** Failed logins per account name, from addresses new to it; unset parts as ACCOUNT_GUESS_DELAY. */
  accountGuesses?: Partial<ProgressiveDelayOptions>;
  /** Addresses remembered per account. Default 10. */
  knownAddressesPerAccount?: number;
}

export class AccessGuard {
  bans = new BanList();
  failedLogins: Throttle;
  creations: Throttle;
  accountGuesses: ProgressiveDelay;
  readonly knownAddresses: KnownAddresses;
  private readonly saved = {
    failedLogins: new SavedKeys(KEYS.failedLogins),
    creations: new SavedKeys(KEYS.creations),
    accountGuesses: new SavedKeys(KEYS.accountGuesses),
  };

  private constructor(private readonly opts: AccessGuardOptions) {
    const { saved } = this;
    this.failedLogins = new Throttle(opts.failedLogins, saved.failedLogins.onChange);
    this.creations = new Throttle(opts.creations, saved.creations.onChange);
    this.accountGuesses = new ProgressiveDelay(
      this.accountGuessOptions,
      saved.accountGuesses.onChange,
    );
    this.knownAddresses = new KnownAddresses(
      opts.storage,
      opts.knownAddressesPerAccount ?? DEFAULT_KNOWN_ADDRESSES_PER_ACCOUNT,
    );
  }

  /** A guard with nothing saved yet; `restore` reads the saved state once storage is open. */
  static create(opts: AccessGuardOptions): AccessGuard {
    return new AccessGuard(opts);
  }

  /** Load saved state; damaged state is logged and started afresh rather than blocking start-up. */
  static async load(opts: AccessGuardOptions): Promise<AccessGuard> {
    const guard = new AccessGuard(opts);
    await guard.restore();
    return guard;
  }

  async restore(): Promise<void> {
    const { opts, saved } = this;
    const { config } = opts.storage;
    const bans = await config.get(KEYS.bans);
    if (bans !== undefined) {
      try {
        this.bans = BanList.fromJSON(bans);
      } catch (err) {
        opts.log.error(
          { err, key: KEYS.bans },
          'saved access state is damaged; starting it afresh',
        );
      }
    }
    // Most recent last: the order each throttle evicts in.
    const lastEvent = (s: unknown) => (s as SavedThrottleKey | null)?.times?.at(-1) ?? 0;
    const lastFailure = (s: unknown) => (s as SavedDelayKey | null)?.lastAt ?? 0;
    this.failedLogins =
      (await saved.failedLogins.load(
        config,
        opts.log,
        (d) => Throttle.fromJSON(d, opts.failedLogins, saved.failedLogins.onChange),
        lastEvent,
      )) ?? this.failedLogins;
    this.creations =
      (await saved.creations.load(
        config,
        opts.log,
        (d) => Throttle.fromJSON(d, opts.creations, saved.creations.onChange),
        lastEvent,
      )) ?? this.creations;
    this.accountGuesses =
      (await saved.accountGuesses.load(
        config,
        opts.log,
        (d) =>
          ProgressiveDelay.fromJSON(d, this.accountGuessOptions, saved.accountGuesses.onChange),
        lastFailure,
      )) ?? this.accountGuesses;
  }

  saveBans(): Promise<void> {
    return this.save([[KEYS.bans, this.bans.toJSON()]]);
  }

  /** Saves what changed in the three throttles since the last save, in one commit. */
  async saveThrottles(): Promise<void> {
    const { saved } = this;
    const uow = this.opts.storage.unitOfWork();
    const undo = [
      saved.failedLogins.queue(uow, this.failedLogins),
      saved.creations.queue(uow, this.creations),
      saved.accountGuesses.queue(uow, this.accountGuesses),
    ];
    try {
      await uow.commit();
    } catch (err) {
      // Not saved: the next save writes these keys again.
      for (const markAgain of undo) markAgain();
      throw err;
    }
  }

  private get accountGuessOptions(): ProgressiveDelayOptions {
    return { ...ACCOUNT_GUESS_DELAY, ...this.opts.accountGuesses };
  }

  private async save(entries: Array<[key: string, value: unknown]>): Promise<void> {
    const uow = this.opts.storage.unitOfWork();
    // Round-trip through JSON: the saved forms are plain data, which the codec stores as maps.
    for (const [key, value] of entries)
      uow.setConfig(key, JSON.parse(JSON.stringify(value)) as AttributeValue);
    await uow.commit();
  }
}
