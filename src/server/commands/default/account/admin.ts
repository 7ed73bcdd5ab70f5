/**
 * Admin commands (locked to Admin and above): `ban`, `unban`, `boot`, and for Developers
 * `reload` and `shutdown`. Bans are saved at once, so they hold across reloads and restarts.
 */
import { isWaystoneError } from '../../../../shared/errors.ts';
import type { DefaultAccount } from '../../../accounts/account.ts';
import type { GameServices } from '../../../game-services.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';
import { Command } from '../../command.ts';

type Account = DefaultAccount<ServerSession>;

const BOOT_MESSAGE = 'You have been disconnected by an admin.';
const BANNED_MESSAGE = 'You have been banned.';

function adminName(cmd: Command): string {
  return ((cmd.session as ServerSession).account as Account | null)?.name ?? '?';
}

export class CmdBan extends Command {
  override key = 'ban';
  override aliases = ['bans'];
  override locks = 'cmd:perm(Admin)';
  override helpCategory = 'Admin';
  override help = `
    Ban an account name or an IP address pattern; list the bans.

    Usage:
      ban                      list bans
      ban <name> [: reason]    ban an account name
      ban <ip pattern> [: reason]
                               an IP (10.0.0.5), a network (10.0.0.0/8) or 192.168.*
    Banned players still connected are disconnected.
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const { guard, sessions, login } = this.services;
    const [targetPart, ...reasonParts] = this.args.split(':');
    const target = (targetPart ?? '').trim();
    if (target === '') {
      const bans = guard.bans.list();
      if (bans.length === 0) {
        this.msg('No bans.');
        return;
      }
      this.msg(
        [
          'Bans:',
          ...bans.map(
            (b) =>
              `  ${b.kind === 'name' ? `name ${b.name}` : `ip ${b.pattern}`}  (${b.reason || 'no reason'})`,
          ),
        ].join('\n'),
      );
      return;
    }
    const reason = reasonParts.join(':').trim();
    const details = { reason, now: Date.now(), by: adminName(this) };
    const isIp = /^[0-9a-f.:*/]+$/i.test(target) && /[.:]/.test(target);
    try {
      if (isIp) guard.bans.banIp(target, details);
      else guard.bans.banName(target, details);
    } catch (err) {
      if (isWaystoneError(err)) {
        this.msg(err.message);
        return;
      }
      throw err;
    }
    await guard.saveBans();
    let booted = 0;
    for (const s of sessions.all()) {
      if (guard.bans.isBanned({ ip: s.address, ...(s.uname ? { name: s.uname } : {}) })) {
        await login.logout(s, BANNED_MESSAGE);
        booted += 1;
      }
    }
    this.msg(
      `Banned ${isIp ? 'IP pattern' : 'name'} '${target}'.${booted ? ` Disconnected ${booted} session(s).` : ''}`,
    );
  }
}

export class CmdUnban extends Command {
  override key = 'unban';
  override locks = 'cmd:perm(Admin)';
  override helpCategory = 'Admin';
  override help = `
    Lift a ban.

    Usage:
      unban <name or ip pattern>
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const target = this.args.trim();
    const { guard } = this.services;
    const lifted = guard.bans.unbanName(target) || guard.bans.unbanIp(target);
    if (!lifted) {
      this.msg(`No ban matches '${target.slice(0, 60)}'. Type "ban" to list them.`);
      return;
    }
    await guard.saveBans();
    this.msg(`Ban on '${target}' lifted.`);
  }
}

export class CmdBoot extends Command {
  override key = 'boot';
  override locks = 'cmd:perm(Admin)';
  override helpCategory = 'Admin';
  override help = `
    Disconnect an account's sessions, or one session by its id.

    Usage:
      boot <account name> [: reason]
      boot/sid <session id> [: reason]
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const [targetPart, ...reasonParts] = this.args.split(':');
    const target = (targetPart ?? '').trim();
    const reason = reasonParts.join(':').trim();
    const message = reason === '' ? BOOT_MESSAGE : `${BOOT_MESSAGE} Reason: ${reason}`;
    const { sessions, login } = this.services;
    const victims = this.switches.includes('sid')
      ? sessions.all().filter((s) => String(s.sessid) === target)
      : sessions
          .all()
          .filter((s) => s.uname !== null && s.uname.toLowerCase() === target.toLowerCase());
    if (target === '' || victims.length === 0) {
      this.msg(
        target === ''
          ? 'Usage: boot <account name> [: reason]'
          : `Nobody called '${target.slice(0, 40)}' is connected.`,
      );
      return;
    }
    for (const s of victims) await login.logout(s, message);
    this.msg(`Booted ${victims.length} session(s).`);
  }
}

export class CmdReload extends Command {
  override key = 'reload';
  override aliases = ['restart'];
  override locks = 'cmd:perm(Developer)';
  override helpCategory = 'Admin';
  override help = 'Reload the game code; everyone stays connected.';

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    this.msg('Reloading: the new code loads first, and the game runs on if it fails ...');
    this.services.requestStop(
      'reload',
      false,
      `reload by ${adminName(this)}`,
      this.session ?? undefined,
    );
  }
}

export class CmdReset extends Command {
  override key = 'reset';
  override locks = 'cmd:perm(Developer)';
  override helpCategory = 'Admin';
  override help = `
    Restart the Server as if after a shutdown: everyone stays connected, but characters are
    let go and shutdown hooks run (a reload keeps everything as it is).
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    this.msg('Resetting: the new code loads first, and the game runs on if it fails ...');
    this.services.requestStop(
      'reset',
      false,
      `reset by ${adminName(this)}`,
      this.session ?? undefined,
    );
  }
}

export class CmdShutdown extends Command {
  override key = 'shutdown';
  override locks = 'cmd:perm(Developer)';
  override helpCategory = 'Admin';
  override help = 'Stop the game: everyone is told and disconnected, both processes stop.';

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    this.services.requestStop('shutdown', true, `shutdown by ${adminName(this)}`);
  }
}
