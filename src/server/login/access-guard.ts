/**
 * Who may try to log in or create accounts: the bans and the two throttles (failed logins and
 * account creations per IP), kept in storage's server config so they survive a reload (and a
 * crash), and changed only through here.
 */
import type { Logger } from 'pino';
import { BanList } from '../accounts/bans.ts';
import { Throttle, type ThrottleOptions } from '../accounts/throttle.ts';
import type { AttributeValue, Storage } from '../storage/types.ts';

const KEYS = {
  bans: 'bans',
  failedLogins: 'throttle:failed-logins',
  creations: 'throttle:creations',
} as const;

export interface AccessGuardOptions {
  storage: Storage;
  log: Logger;
  failedLogins: ThrottleOptions;
  creations: ThrottleOptions;
}

export class AccessGuard {
  bans = new BanList();
  failedLogins: Throttle;
  creations: Throttle;

  private constructor(private readonly opts: AccessGuardOptions) {
    this.failedLogins = new Throttle(opts.failedLogins);
    this.creations = new Throttle(opts.creations);
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
  }

  saveBans(): Promise<void> {
    return this.save(KEYS.bans, this.bans.toJSON());
  }

  saveThrottles(): Promise<void> {
    return Promise.all([
      this.save(KEYS.failedLogins, this.failedLogins.toJSON()),
      this.save(KEYS.creations, this.creations.toJSON()),
    ]).then(() => undefined);
  }

  private async save(key: string, value: unknown): Promise<void> {
    const uow = this.opts.storage.unitOfWork();
    // Round-trip through JSON: the saved forms are plain data, which the codec stores as maps.
    uow.setConfig(key, JSON.parse(JSON.stringify(value)) as AttributeValue);
    await uow.commit();
  }
}
