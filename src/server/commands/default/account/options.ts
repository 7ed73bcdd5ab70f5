/**
 * `option`: see and change this session's client flags (colour, screen reader, width…), kept
 * with the account so every later login starts with them (REFERENCE.md §5 step 10 restores
 * them). The same validation as the OOB `client_options` applies: a player cannot store
 * anything but the known flags, each of its type.
 */
import type { GameServices } from '../../../game-services.ts';
import { SETTABLE_FLAGS, validateFlags } from '../../../inputfuncs/client-options.ts';
import type { ServerSession } from '../../../sessions/server-session.ts';
import { Command } from '../../command.ts';

export class CmdOption extends Command {
  override key = 'option';
  // It shows and sets this session's client flags, not those of the account's other windows.
  override msgAllSessions = false;
  override aliases = ['options'];
  override helpCategory = 'General';
  override help = `
    See or change how the game talks to your client.

    Usage:
      option                     list this session's settings
      option <name> = <value>    change one, here and at your next logins
                                 (only what you change is kept: the rest follows your client)
      option/clear               forget the saved settings (this session keeps its own)
    Examples: option NOCOLOR = on, option SCREENWIDTH = 100, option ENCODING = latin-1
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const session = this.session as ServerSession;
    const account = session.account;
    if (!account) return;
    if (this.switches.includes('clear')) {
      await this.services.login.saveFlags(account, null);
      this.msg('Saved settings forgotten; new logins start with what the client says.');
      return;
    }
    const [rawName = '', ...rest] = this.args.split('=');
    const name = rawName.trim().toUpperCase();
    if (name === '') {
      const rows = Object.keys(SETTABLE_FLAGS)
        .sort()
        .map((flag) => `  ${flag.padEnd(14)} ${String(session.protocolFlags[flag] ?? '-')}`);
      this.msg(['Client settings for this session:', ...rows].join('\n'));
      return;
    }
    if (rest.length === 0) {
      this.msg(`${name} is ${String(session.protocolFlags[name] ?? '-')}.`);
      return;
    }
    const value = rest.join('=').trim();
    if (SETTABLE_FLAGS[name] === undefined) {
      this.msg(`There is no setting '${name.slice(0, 40)}'. "option" lists them.`);
      return;
    }
    const { accepted } = validateFlags({ [name]: value });
    if (accepted[name] === undefined) {
      this.msg(`'${value.slice(0, 40)}' is not a valid value for ${name}.`);
      return;
    }
    session.setFlags(accepted);
    await this.services.login.saveFlags(account, accepted);
    this.msg(`${name} set to ${String(accepted[name])} (saved for your next logins).`);
  }
}
