/**
 * `quell` and `unquell`: staff play as a player would. A quelled account is checked with its
 * character's permissions (never higher than its own) and a superuser stops passing every
 * lock, so building commands are refused until `unquell`. Locked `cmd:pperm(Player)`: the
 * account's own permission, which quelling does not hide, so `unquell` is always there. It
 * holds over logins and reloads (accounts/quell.ts).
 */
import { setQuelled, type QuellableAccount } from '../../../accounts/quell.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand } from './builder-command.ts';

abstract class QuellCommand extends BuilderCommand {
  override locks = 'cmd:pperm(Player)';
  // Anyone may quell (it only lowers what they may do), so it is listed with the account's
  // commands, as in Evennia, not among the building commands players never get.
  override helpCategory = 'Account';

  /** The account behind the command, or null (told) when an object runs it on its own. */
  protected get quellable(): QuellableAccount | null {
    const account = this.account;
    if (account === null || account.id === null) {
      this.msg('Only an account can quell; this is run without one.');
      return null;
    }
    return account as unknown as QuellableAccount;
  }

  protected show(perms: readonly string[]): string {
    return perms.length === 0 ? 'none' : perms.map(neutralise).join(', ');
  }
}

export class CmdQuell extends QuellCommand {
  override key = 'quell';
  override help = `
    Play with your character's permissions instead of your account's (a Builder or Admin
    tries the game as a player would; a superuser stops passing every lock). unquell
    brings your own back. It lasts until you unquell, over logins and reloads.

    Usage:
      quell
      unquell
  `;

  func(): void {
    const account = this.quellable;
    if (account === null) return;
    const puppet = this.me;
    const theirs = `${puppet.getDisplayName(null)}'s permissions (${this.show(puppet.permissions)})`;
    if (account.quelled) {
      this.msg(`You are already quelled, playing with ${theirs}. Use unquell to get yours back.`);
      return;
    }
    setQuelled(account, true, this.services.objects);
    const superuser =
      this.account?.isSuperuser === true ? ' Your superuser status is quelled too.' : '';
    this.msg(`Quelling to ${theirs}.${superuser} Use unquell to get your own back.`);
  }
}

export class CmdUnquell extends QuellCommand {
  override key = 'unquell';
  override help = `
    Play with your account's permissions again, after quell.

    Usage:
      unquell
  `;

  func(): void {
    const account = this.quellable;
    if (account === null) return;
    const own = `your account's permissions (${this.show(this.account?.permissions ?? [])})`;
    if (!account.quelled) {
      this.msg(`You are not quelled; you already play with ${own}.`);
      return;
    }
    setQuelled(account, false, this.services.objects);
    this.msg(`Unquelled: you play with ${own} again.`);
  }
}
