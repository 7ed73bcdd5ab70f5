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
      connect <name>         (asks for the password without showing it)
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
    if (parts.length === 1) {
      // `connect <name>` alone asks for the password with the client's echo off, so it never
      // shows on screen (telnet ECHO; the webclient masks its input line).
      session.send([['prompt', ['Password: '], { echo: false, password: true }]]);
      let password: string;
      try {
        password = await this.ask('', { timeoutSeconds: 120 });
      } finally {
        session.send([['text', [''], { echo: true }]]);
      }
      await this.services.login.connect(session, parts[0]!, password);
      return;
    }
    if (parts.length !== 2) {
      this.msg('Usage (without <>): connect <name> <password>  (or connect <name> to be asked)');
      return;
    }
    await this.services.login.connect(session, parts[0]!, parts[1]!);
  }
}
