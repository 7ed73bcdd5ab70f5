/**
 * Account-level commands a logged-in player has while out of character: `look` (the OOC
 * screen with the character list), `quit` (`quit/all`), `sessions` (`sessions/all` for
 * admins), `password`. Choosing characters is in characters.ts, `who` in who.ts.
 */
import type { DefaultAccount } from '../../../accounts/account.ts';
import { AccountRefused } from '../../../accounts/account-manager.ts';
import type { GameServices } from '../../../game-services.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';
import { DATABASE_AWAY_MESSAGE, isDatabaseAway } from '../../../storage/availability.ts';
import { Command } from '../../command.ts';
import { QUIT_MESSAGE } from '../unloggedin/screen.ts';
import { showCharacterScreen } from './character-screen.ts';

type Account = DefaultAccount<ServerSession>;

/** `"two words"` → `two words`: passwords with spaces are quoted, as with `connect`. */
function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0] ? t.slice(1, -1) : t;
}

function idle(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h`;
}

export class CmdOocLook extends Command {
  override key = 'look';
  override aliases = ['l', 'ls'];
  override helpCategory = 'General';
  override help = 'Out of character: your account, your sessions and your characters.';

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    // The character menu in modes 2 and 3 (the characterMenu setting), else the text screen.
    await showCharacterScreen(this.services, this.session as ServerSession, this);
  }
}

export class CmdQuit extends Command {
  override key = 'quit';
  override aliases = ['q'];
  override help = `
    Leave the game.

    Usage:
      quit        disconnect this session
      quit/all    disconnect every session of your account
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const session = this.session as ServerSession;
    const account = session.account as Account;
    const targets = this.switches.includes('all') ? [...account.sessions] : [session];
    for (const target of targets) await this.services.login.logout(target, QUIT_MESSAGE);
  }
}

export class CmdSessions extends Command {
  override key = 'sessions';
  // The list marks "(this one)": it is true only in the window that asked.
  override msgAllSessions = false;
  // `sessions/all` lists everyone's sessions, for admins.
  override locks = 'cmd:all();all:perm(Admin)';
  override help = `
    List your sessions: the protocol, where each is connected from, what it plays and how long
    it has been idle.

    Usage:
      sessions
      sessions/all     every session on the game (admins)
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    const session = this.session as ServerSession;
    const account = session.account as Account;
    const all = this.switches.includes('all');
    if (all && !this.access(account, 'all')) {
      this.msg('Only admins may list every session.');
      return;
    }
    const now = Date.now();
    const list = all ? this.services.sessions.all().filter((s) => s.loggedIn) : account.sessions;
    const rows = list.map((s) => {
      const puppet = this.services.puppeting.puppetOf(s);
      return [
        s.sessid,
        ...(all ? [s.uname ?? '?'] : []),
        s.protocolKey,
        s.address,
        idle(now - s.cmdLastVisible),
        puppet ? puppet.getDisplayName(null) : 'OOC',
        s === session ? '(this one)' : '',
      ];
    });
    // A table fitted to the client; the last column has no header, so a screen reader hears
    // "#: 3; Protocol: telnet; …; Playing: Ann; (this one)".
    const columns = [
      { header: '#', align: 'right' as const },
      ...(all ? ['Account'] : []),
      'Protocol',
      'From',
      'Idle',
      'Playing',
      {},
    ];
    const title = `${all ? 'All sessions' : 'Your sessions'} (${rows.length}):`;
    this.msg(`${title}\n${this.table({ columns, rows, indent: 2 })}`);
  }
}

export class CmdPassword extends Command {
  override key = 'password';
  override help = `
    Change your password.

    Usage:
      password <old password> = <new password>
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const account = (this.session as ServerSession).account as Account;
    const eq = this.args.indexOf('=');
    if (eq === -1) {
      this.msg('Usage: password <old password> = <new password>');
      return;
    }
    const oldPassword = unquote(this.args.slice(0, eq));
    const newPassword = unquote(this.args.slice(eq + 1));
    let verified: Account | null;
    try {
      ({ account: verified } = await this.services.accounts.authenticate(
        account.name,
        oldPassword,
      ));
    } catch (err) {
      if (!isDatabaseAway(err)) throw err;
      this.msg(DATABASE_AWAY_MESSAGE);
      return;
    }
    if (verified !== account) {
      this.msg('That is not your current password.');
      return;
    }
    try {
      await this.services.accounts.changePassword(account, newPassword);
    } catch (err) {
      if (err instanceof AccountRefused) {
        this.msg(err.message);
        return;
      }
      throw err;
    }
    this.msg('Password changed.');
  }
}
