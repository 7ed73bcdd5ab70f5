/** `connect <name> <password>` and `connect guest` (REFERENCE.md §4). */
import type { ServerSession } from '../../../sessions/server-session.ts';
import type { GameServices } from '../../../game-services.ts';
import { Command } from '../../command.ts';
import { splitArgs } from '../args.ts';

export class CmdConnect extends Command {
  override key = 'connect';
  override aliases = ['conn', 'con', 'co'];
  override help = `
    Connect to the game.

    Usage:
      connect <name> <password>
      connect "name with spaces" "password with spaces"
      connect guest          (when the game allows guests)
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const session = this.session as ServerSession;
    const parts = splitArgs(this.args);
    if (parts.length === 1 && parts[0]!.toLowerCase() === 'guest') {
      await this.services.login.connectGuest(session);
      return;
    }
    if (parts.length !== 2) {
      this.msg('Usage (without <>): connect <name> <password>');
      return;
    }
    await this.services.login.connect(session, parts[0]!, parts[1]!);
  }
}
