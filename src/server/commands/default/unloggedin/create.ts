/** `create <name> <password>`: a new account, after a yes/no confirmation (REFERENCE.md §4). */
import type { ServerSession } from '../../../sessions/server-session.ts';
import type { GameServices } from '../../../game-services.ts';
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
    // Check first, so the question is only asked about an account that can be made.
    const checked = this.services.accounts.check(rawName, password);
    if ('ok' in checked) {
      this.msg(checked.message);
      return;
    }
    if (this.services.login.refuseBanned(session, checked.name)) return;
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
}
