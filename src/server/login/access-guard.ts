/**
 * Who may try to log in or create accounts: the bans, the two throttles per IP (failed logins
 * and account creations) and the guessing delay per account (failed logins at one account from
 * anywhere), kept in storage's server config so they survive a reload (and a crash), and
 * changed only through here; and each account's known addresses (exempt from the guessing
 * delay), kept with the account.
 */
import type { Logger } from 'pino';
import { BanList } from '../accounts/bans.ts';
import {
  ACCOUNT_GUESS_DELAY,
  ProgressiveDelay,
  type ProgressiveDelayOptions,
} from '../accounts/progressive-delay.ts';
import { Throttle, type ThrottleOptions } from '../accounts/throttle.ts';
import type { AttributeValue, Storage } from '../storage/types.ts';
import { DEFAULT_KNOWN_ADDRESSES_PER_ACCOUNT, KnownAddresses } from './known-addresses.ts';

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

  private constructor(private readonly opts: AccessGuardOptions) {
    this.failedLogins = new Throttle(opts.failedLogins);
    this.creations = new Throttle(opts.creations);
    this.accountGuesses = new ProgressiveDelay(this.accountGuessOptions);
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
    const { opts } = this;
    const { config } = opts.storage;
    const restore = async <T>(key: string, parse: (data: unknown) => T): Promise<T | null> => {
      const saved = await config.get(key);
      if (saved === undefined) return null;
      try {
        return parse(saved);
      } catch (err) {
        opts.log.error({ err, key }, 'saved access state is damaged; starting it afresh');
        return null;
      }
    };
    this.bans = (await restore(KEYS.bans, (d) => BanList.fromJSON(d))) ?? this.bans;
    this.failedLogins =
      (await restore(KEYS.failedLogins, (d) => Throttle.fromJSON(d, opts.failedLogins))) ??
      this.failedLogins;
    this.creations =
      (await restore(KEYS.creations, (d) => Throttle.fromJSON(d, opts.creations))) ??
      this.creations;
    this.accountGuesses =
      (await restore(KEYS.accountGuesses, (d) =>
        ProgressiveDelay.fromJSON(d, this.accountGuessOptions),
      )) ?? this.accountGuesses;
  }

  saveBans(): Promise<void> {
    return this.save([[KEYS.bans, this.bans.toJSON()]]);
  }

  /** Saves the three throttles together, in one commit. */
  saveThrottles(): Promise<void> {
    return this.save([
      [KEYS.failedLogins, this.failedLogins.toJSON()],
      [KEYS.creations, this.creations.toJSON()],
      [KEYS.accountGuesses, this.accountGuesses.toJSON()],
    ]);
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
