/**
 * The small unlogged-in commands: `look` (the connection screen again), `quit`, `info` (a block
 * for MUD listings), `screenreader` and `encoding <name>` (REFERENCE.md §4).
 */
import type { ServerSession } from '../../../sessions/server-session.ts';
import type { GameServices } from '../../../game-services.ts';
import { Command } from '../../command.ts';

export const QUIT_MESSAGE = 'Good bye! Disconnecting.';

export class CmdUnloggedinLook extends Command {
  override key = 'look';
  override aliases = ['l'];
  override help = 'Show the connection screen again.';

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    this.msg(this.services.connectionScreen());
  }
}

export class CmdUnloggedinQuit extends Command {
  override key = 'quit';
  override aliases = ['q', 'qu'];
  override help = 'Leave the game.';

  func(): void {
    (this.session as ServerSession).disconnect(QUIT_MESSAGE);
  }
}

export class CmdInfo extends Command {
  override key = 'info';
  override help = 'A machine-readable summary of this game, for MUD listings.';

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    this.msg(
      [
        '## BEGIN INFO 1.1',
        `Name: ${this.services.config.serverName}`,
        `Uptime: ${this.services.uptimeSeconds()}`,
        `Connected: ${this.services.sessions.count}`,
        `Version: Waystone ${this.services.version}`,
        '## END INFO',
      ].join('\n'),
    );
  }
}

export class CmdScreenreader extends Command {
  override key = 'screenreader';
  override help = 'Toggle screen-reader mode (plain text, no decorations).';

  func(): void {
    const session = this.session as ServerSession;
    const on = session.protocolFlags['SCREENREADER'] !== true;
    session.setFlags({ SCREENREADER: on });
    this.msg(`Screen reader mode ${on ? 'on' : 'off'}.`);
  }
}

const ENCODINGS: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'latin-1': 'latin-1',
  latin1: 'latin-1',
  'iso-8859-1': 'latin-1',
};

export class CmdEncoding extends Command {
  override key = 'encoding';
  override aliases = ['encode'];
  override help = `
    Set the text encoding your client uses.

    Usage:
      encoding            show the current encoding
      encoding <name>     utf-8 or latin-1
  `;

  func(): void {
    const session = this.session as ServerSession;
    const wanted = this.args.trim().toLowerCase();
    if (wanted === '') {
      this.msg(`Your encoding is ${String(session.protocolFlags['ENCODING'] ?? 'utf-8')}.`);
      return;
    }
    const encoding = ENCODINGS[wanted];
    if (!encoding) {
      this.msg(`Unknown encoding '${wanted.slice(0, 30)}'. Choose one of: utf-8, latin-1.`);
      return;
    }
    session.setFlags({ ENCODING: encoding });
    this.msg(`Encoding set to ${encoding}.`);
  }
}
