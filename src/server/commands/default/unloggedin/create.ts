/**
 * `create <name> <password>`: a new account, after a yes/no confirmation (REFERENCE.md §4) —
 * asked only once every check that could refuse it has passed.
 */
import type { ServerSession } from '../../../sessions/server-session.ts';
import type { GameServices } from '../../../game-services.ts';
import { DATABASE_AWAY_MESSAGE, isDatabaseAway } from '../../../storage/availability.ts';
import { Command } from '../../command.ts';
import { splitArgs } from '../args.ts';

export class CmdCreate extends Command {
  override key = 'create';
  override aliases = ['cre', 'cr'];
  override help = `
    Create a new account.

    Usage:
      create <name> <password>
      create "name with spaces" "password with spaces"
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const session = this.session as ServerSession;
    const parts = splitArgs(this.args);
    if (parts.length !== 2) {
      this.msg('Usage (without <>): create <name> <password>');
      return;
    }
    const [rawName, password] = parts as [string, string];
    // Check first, so the question is only asked about an account that can be made: the name
    // and password rules, a ban, the creation limit per address, a name already taken.
    // `login.create` checks them all again after the answer (the world may change meanwhile).
    const checked = this.services.accounts.check(rawName, password);
    if ('ok' in checked) {
      this.msg(checked.message);
      return;
    }
    if (this.services.login.refuseBanned(session, checked.name)) return;
    const throttled = this.services.guard.creations.check(session.address, Date.now());
    if (!throttled.ok) {
      this.msg(throttled.message);
      return;
    }
    if (await this.nameTaken(checked)) return;
    const answer = (await this.ask(`Create a new account called '${checked.name}'? [Y/n]`))
      .trim()
      .toLowerCase();
    if (answer !== '' && answer !== 'y' && answer !== 'yes') {
      this.msg('No account was created.');
      return;
    }
    const account = await this.services.login.create(session, checked.name, password);
    if (!account) return;
    const quoted = account.name.includes(' ') ? `"${account.name}"` : account.name;
    this.msg(
      `A new account '${account.name}' was created. Welcome!\n` +
        `You can now log in with the command 'connect ${quoted} <your password>'.`,
    );
  }

  /**
   * True (after telling the player) when an account has the name or one that looks like it,
   * or storage cannot say.
   */
  private async nameTaken(checked: { key: string; skeleton: string }): Promise<boolean> {
    let conflict: { message: string } | null;
    try {
      conflict = await this.services.accounts.nameConflict(checked);
    } catch (err) {
      if (!isDatabaseAway(err)) throw err;
      this.msg(DATABASE_AWAY_MESSAGE);
      return true;
    }
    if (conflict === null) return false;
    this.msg(conflict.message);
    return true;
  }
}
