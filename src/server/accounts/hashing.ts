/**
 * Password hashing with argon2id (RFC 9106) through @node-rs/argon2. Its async `hash` and
 * `verify` run on libuv's thread pool, so a login never stalls other players' commands; the
 * `*Sync` variants are never used here. Parameters come from settings; a stored hash made with
 * other parameters still verifies (they are in its PHC string), and `verify` says so, so the
 * login can re-hash the password it now holds in plain text and store the new hash.
 */
import { randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';
import { WaystoneError } from '../../shared/errors.ts';
import { parseArgon2Phc, type Argon2Params } from './phc.ts';
import { normalisePassword } from './passwords.ts';

export interface PasswordHasherOptions {
  /** KiB of memory per hash. Default 19456 (19 MiB), OWASP's argon2id minimum. */
  memoryCost?: number;
  /** Passes over memory. Default 2 (OWASP, with 19 MiB). */
  timeCost?: number;
  /** Lanes. Default 1: logins already run in parallel, one per thread-pool thread. */
  parallelism?: number;
}

export const ARGON2_DEFAULTS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** 32 bytes of output: the library's default, and what RFC 9106 §4 recommends. */
const OUTPUT_LEN = 32;
/** argon2 1.3 (0x13), the only version this module writes. */
const VERSION_1_3 = 19;
/**
 * Algorithm.Argon2id. The package declares its enums as ambient `const enum`s, which
 * `isolatedModules` forbids reading, so the value is written out.
 */
const ARGON2ID = 2 as Algorithm;

export interface VerifyResult {
  /** The password matches the stored hash. */
  readonly ok: boolean;
  /** It matched, and the stored hash was made with other parameters: hash again and store. */
  readonly needsRehash: boolean;
}

export class PasswordHasher {
  /** The parameters new hashes are made with. */
  readonly params: Readonly<Argon2Params>;
  private dummyHash: Promise<string> | null = null;

  constructor(options: PasswordHasherOptions = {}) {
    const { memoryCost, timeCost, parallelism } = { ...ARGON2_DEFAULTS, ...options };
    checkParams(memoryCost, timeCost, parallelism);
    this.params = Object.freeze({
      algorithm: 'argon2id',
      version: VERSION_1_3,
      memoryCost,
      timeCost,
      parallelism,
      outputLen: OUTPUT_LEN,
    });
  }

  /** A new PHC string for `password` (NFKC-normalised), with a fresh random salt. */
  async hash(password: string): Promise<string> {
    return argon2Hash(normalisePassword(password), {
      algorithm: ARGON2ID,
      memoryCost: this.params.memoryCost,
      timeCost: this.params.timeCost,
      parallelism: this.params.parallelism,
      outputLen: this.params.outputLen,
    });
  }

  /**
   * Checks `password` against a stored PHC string. Rejects with PASSWORD_HASH_INVALID when the
   * stored string is not an argon2 hash: that is damaged data to report, not a wrong password.
   */
  async verify(stored: string, password: string): Promise<VerifyResult> {
    if (parseArgon2Phc(stored) === null) {
      throw new WaystoneError('PASSWORD_HASH_INVALID', 'The stored password hash is not argon2.');
    }
    const ok = await argon2Verify(stored, normalisePassword(password));
    return { ok, needsRehash: ok && this.needsRehash(stored) };
  }

  /** True when `stored` was not made with the current algorithm, version and parameters. */
  needsRehash(stored: string): boolean {
    const found = parseArgon2Phc(stored);
    if (found === null) return true;
    const want = this.params;
    return (
      found.algorithm !== want.algorithm ||
      found.version !== want.version ||
      found.memoryCost !== want.memoryCost ||
      found.timeCost !== want.timeCost ||
      found.parallelism !== want.parallelism ||
      found.outputLen !== want.outputLen
    );
  }

  /**
   * Spends the time of a real verify and always fails. Call it when the account name does not
   * exist, so response time does not tell an attacker which names are registered.
   */
  async verifyWithoutAccount(password: string): Promise<VerifyResult> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('base64'));
    await argon2Verify(await this.dummyHash, normalisePassword(password));
    return { ok: false, needsRehash: false };
  }
}

function checkParams(memoryCost: number, timeCost: number, parallelism: number): void {
  const problems: string[] = [];
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 255) {
    problems.push('argon2 parallelism must be an integer from 1 to 255');
  }
  if (!Number.isInteger(timeCost) || timeCost < 1 || timeCost > 2 ** 32 - 1) {
    problems.push('argon2 timeCost must be a positive integer');
  }
  // RFC 9106 §3.1: at least 8 KiB per lane.
  if (!Number.isInteger(memoryCost) || memoryCost < 8 * parallelism || memoryCost > 2 ** 32 - 1) {
    problems.push('argon2 memoryCost must be an integer of at least 8 KiB per lane');
  }
  if (problems.length > 0) throw new WaystoneError('CONFIG_INVALID', problems.join('; '));
}
