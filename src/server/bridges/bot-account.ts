/**
 * Bot accounts (Evennia's `Bot` typeclass): the account a bridge's session is logged in as, so
 * that a bridge subscribes to its channel and hears it like any player. Made when the bridge
 * is made, deleted with it.
 *
 * A bot never logs in with a password: it is given a random one nobody knows, and should
 * anyone still get past that, `atPreLogin` refuses (a login through `connect` runs that hook;
 * the bridge's own login, bridges.ts, does not). Its session is logged in only when it
 * carries the bridge mark, which only the Portal sets (shared/session-data.ts BRIDGE_MARK).
 */
import { randomBytes } from 'node:crypto';
import { WaystoneError } from '../../shared/errors.ts';
import { DefaultAccount, type AccountSession } from '../accounts/account.ts';

/** The stored typeclass of bot accounts (registered by the Server). */
export const BOT_TYPECLASS = 'Bot';

/** The permission bots carry, so locks and lists can tell them (Evennia's "Bot"). */
export const BOT_PERMISSION = 'Bot';

export class BotAccount<S extends AccountSession = AccountSession> extends DefaultAccount<S> {
  override atPreLogin(): void {
    throw new WaystoneError('ACCOUNT_LOGIN_REFUSED', 'Bot accounts cannot log in with a password.');
  }
}

/** Whether `account` is a bot (of the Bot class or a game's subclass of it). */
export function isBotAccount(account: unknown): boolean {
  return account instanceof BotAccount;
}

/** A password for a bot: 256 random bits, never shown, never typed. */
export function botPassword(): string {
  return randomBytes(32).toString('base64url');
}
