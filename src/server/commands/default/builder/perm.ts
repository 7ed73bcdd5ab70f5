/**
 * `perm` (`setperm`): show, give and take permissions, on an object (tags of category
 * 'permission') or, with `*name`, on an account — whose permissions are what count while it
 * plays a character. For Admins. Nobody gives a permission above their own, and an account is
 * changed only by someone ranked above it (or a superuser); a superuser account's
 * permissions only by a superuser.
 */
import type { DefaultAccount } from '../../../accounts/account.ts';
import { isActiveSuperuser } from '../../../locks/lock-subject.ts';
import type { PermissionHierarchy } from '../../../locks/permissions.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand, named } from './builder-command.ts';
import { splitEquals } from './names.ts';

const PERMISSION = /^[A-Za-z][\w-]{0,39}$/;
/** Most permissions one holder may have. */
export const MAX_PERMISSIONS = 20;

type Account = DefaultAccount<ServerSession>;

export class CmdPerm extends BuilderCommand {
  override key = 'perm';
  override aliases = ['setperm'];
  override locks = 'cmd:perm(Admin)';
  override helpCategory = 'Admin';
  override help = `
    Show, give or take permissions of an object or an account.

    Usage:
      perm <object>                              list its permissions
      perm <object> = <permission>[, …]          give permissions
      perm/del <object> = <permission>[, …]      take them away
      perm *<account> [= <permission>[, …]]      the same on an account

    While someone plays a character, their account's permissions count. The hierarchy,
    lowest first: Guest, Player, Helper, Builder, Admin, Developer; each passes the checks
    of those below. You cannot give a permission above your own.

    Examples:
      perm *Bea = Builder
      perm/del *Bea = Builder
  `;

  private get hierarchy(): PermissionHierarchy {
    return this.services.objects.lockFuncs.hierarchy;
  }

  async func(): Promise<void> {
    const [left, right] = splitEquals(this.args);
    if (left === '' || left === '*' || right === '') {
      this.msg('Usage: perm[/del] <object or *account> [= <permission>[, <permission>…]]');
      return;
    }
    const perms = (right ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const bad = perms.find((p) => !PERMISSION.test(p));
    if (bad !== undefined) {
      this.msg(`'${neutralise(bad)}' is not a permission name (letters, digits, _ or -).`);
      return;
    }
    const wanted = [...new Set(perms.map((p) => this.canonical(p)))];
    const isAccount = left.startsWith('*') || this.switches.includes('account');
    if (isAccount) await this.onAccount(left.replace(/^\*/, '').trim(), right, wanted);
    else this.onObject(left, right, wanted);
  }

  /** A hierarchy name in the hierarchy's own spelling (builders → Builder). */
  private canonical(perm: string): string {
    const rank = this.hierarchy.rankOf(perm);
    return rank === -1 ? perm : (this.hierarchy.names[rank] as string);
  }

  /** The first permission in `perms` the caller may not give or take, or undefined. */
  private aboveMe(perms: readonly string[]): string | undefined {
    if (isActiveSuperuser(this.me)) return undefined;
    return perms.find((p) => this.hierarchy.rankOf(p) !== -1 && !this.hierarchy.check(this.me, p));
  }

  private onObject(query: string, right: string | null, wanted: readonly string[]): void {
    const obj = this.find(query);
    if (obj === null) return;
    if (right === null) {
      this.list(named(obj), obj.permissions);
      return;
    }
    if (!obj.locks.check(this.me, 'control')) {
      this.msg(`You don't have permission to change the permissions of ${named(obj)}.`);
      return;
    }
    if (this.refusedAbove(wanted)) return;
    const change = this.apply(named(obj), obj.permissions, wanted);
    if (change === null) return;
    setObjectPermissions(obj, change.next);
    this.msg(change.told);
  }

  private async onAccount(name: string, right: string | null, wanted: readonly string[]) {
    const account = (await this.services.accounts.findByName(name)) as Account | null;
    if (account === null) {
      this.msg(`There is no account called '${neutralise(name)}'.`);
      return;
    }
    const label = `account ${neutralise(account.name)}`;
    if (right === null) {
      this.list(label, account.permissions, account.isSuperuser);
      return;
    }
    if (!this.mayChangeAccount(account)) {
      this.msg(`You may not change the permissions of ${label}.`);
      return;
    }
    if (this.refusedAbove(wanted)) return;
    const change = this.apply(label, account.permissions, wanted);
    if (change === null) return;
    // Stored before anyone is told (a storage failure reaches the handler, which says so).
    await this.services.accounts.setPermissions(account, change.next);
    this.msg(change.told);
    const verb = this.switches.includes('del') ? 'took from you' : 'gave you';
    account.msg(`${this.me.getDisplayName(null)} ${verb} the permission ${wanted.join(', ')}.`);
  }

  private mayChangeAccount(account: Account): boolean {
    if (isActiveSuperuser(this.me)) return true;
    if (account.isSuperuser) return false;
    const rank = this.hierarchy.highest(account.permissions);
    return rank === -1 || this.hierarchy.check(this.me, this.hierarchy.names[rank] as string, true);
  }

  private refusedAbove(wanted: readonly string[]): boolean {
    const above = this.aboveMe(wanted);
    if (above === undefined) return false;
    this.msg(`You cannot give or take ${neutralise(above)}: it is above your own permissions.`);
    return true;
  }

  private list(label: string, perms: readonly string[], superuser = false): void {
    const shown = perms.length === 0 ? '(none)' : perms.map(neutralise).join(', ');
    this.msg(`Permissions of ${label}: ${shown}${superuser ? ' (superuser)' : ''}`);
  }

  /**
   * What adding (or with /del, removing) `wanted` makes: the new list and what to tell the
   * builder once it is stored; null, the builder told why, when nothing changes.
   */
  private apply(
    label: string,
    current: readonly string[],
    wanted: readonly string[],
  ): { next: string[]; told: string } | null {
    const has = (p: string): boolean => current.some((c) => c.toLowerCase() === p.toLowerCase());
    if (this.switches.includes('del')) {
      const lower = new Set(wanted.map((p) => p.toLowerCase()));
      // As stored, so the builder reads the spelling that was there.
      const gone = current.filter((c) => lower.has(c.toLowerCase()));
      if (gone.length === 0) {
        this.msg(`${label} has none of those permissions.`);
        return null;
      }
      return {
        next: current.filter((c) => !lower.has(c.toLowerCase())),
        told: `Took ${gone.map(neutralise).join(', ')} from ${label}.`,
      };
    }
    const added = wanted.filter((p) => !has(p));
    if (added.length === 0) {
      this.msg(`${label} already has ${wanted.length === 1 ? 'that permission' : 'those'}.`);
      return null;
    }
    if (current.length + added.length > MAX_PERMISSIONS) {
      this.msg(`At most ${MAX_PERMISSIONS} permissions.`);
      return null;
    }
    return {
      next: [...current, ...added],
      told: `Gave ${label} ${added.map(neutralise).join(', ')}.`,
    };
  }
}

function setObjectPermissions(obj: DefaultObject, next: readonly string[]): void {
  for (const p of obj.permissions) if (!next.includes(p)) obj.tags.remove(p, 'permission');
  for (const p of next) obj.tags.add(p, 'permission');
}
