/**
 * The account rules a game's settings decide — password hashing cost, what a name and a
 * password may be — in the form the account manager takes. The Server and the launcher's
 * `createsuperuser` both build their managers from this, so an account made from the command
 * line obeys exactly the rules a player meets.
 */
import type { Config } from '../../config/load.ts';
import { PasswordHasher } from './hashing.ts';
import type { AccountNameRules } from './names.ts';
import type { PasswordRules } from './passwords.ts';

export interface AccountRules {
  hasher: PasswordHasher;
  nameRules: AccountNameRules;
  passwordRules: PasswordRules;
}

export function accountRulesFrom(config: Config): AccountRules {
  return {
    hasher: new PasswordHasher({
      memoryCost: config.argon2MemoryCost,
      timeCost: config.argon2TimeCost,
      parallelism: config.argon2Parallelism,
    }),
    nameRules: {
      guestNames: config.guestNames,
      reserved: config.reservedAccountNames,
      minLength: config.accountNameMinLength,
      maxLength: config.accountNameMaxLength,
    },
    passwordRules: { minLength: config.passwordMinLength, maxLength: config.passwordMaxLength },
  };
}
