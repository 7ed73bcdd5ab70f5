/**
 * What a player can type before logging in (REFERENCE.md §4). This is the walking skeleton's
 * stand-in for the command system: a small table behind the CommandRunner interface, replaced
 * by the unlogged-in cmdset when the command system lands. `connect` and `create` come with
 * accounts.
 */
import type { ServerSession } from '../sessions/server-session.ts';
import type { CommandRunner } from '../inputfuncs/core.ts';

export interface UnloggedinContext {
  serverName: string;
  version: string;
  connectionScreen(): string;
  /** Seconds the game has been up (since the Portal started: reloads do not reset it). */
  uptimeSeconds(): number;
  sessionCount(): number;
}

type Handler = (session: ServerSession, args: string, ctx: UnloggedinContext) => void;

interface UnloggedinCommand {
  key: string;
  aliases: string[];
  help: string;
  run: Handler;
}

export const QUIT_MESSAGE = 'Good bye! Disconnecting.';

const COMMANDS: UnloggedinCommand[] = [
  {
    key: 'look',
    aliases: ['l'],
    help: 'show the connection screen again',
    run: (session, _args, ctx) => session.msg(ctx.connectionScreen()),
  },
  {
    key: 'quit',
    aliases: ['q', 'qu'],
    help: 'leave the game',
    run: (session) => session.disconnect(QUIT_MESSAGE),
  },
  {
    key: 'help',
    aliases: ['h', '?'],
    help: 'this list',
    run: (session) => session.msg(helpText()),
  },
  {
    key: 'info',
    aliases: [],
    help: 'a machine-readable summary of this game (for MUD listings)',
    run: (session, _args, ctx) =>
      session.msg(
        [
          '## BEGIN INFO 1.1',
          `Name: ${ctx.serverName}`,
          `Uptime: ${ctx.uptimeSeconds()}`,
          `Connected: ${ctx.sessionCount()}`,
          `Version: Waystone ${ctx.version}`,
          '## END INFO',
        ].join('\n'),
      ),
  },
  {
    key: 'screenreader',
    aliases: [],
    help: 'toggle screen-reader mode (plain text, no decorations)',
    run: (session) => {
      const on = session.protocolFlags['SCREENREADER'] !== true;
      session.setFlags({ SCREENREADER: on });
      session.msg(`Screen reader mode ${on ? 'on' : 'off'}.`);
    },
  },
];

const BY_NAME = new Map<string, UnloggedinCommand>();
for (const cmd of COMMANDS) for (const name of [cmd.key, ...cmd.aliases]) BY_NAME.set(name, cmd);

function helpText(): string {
  const rows = COMMANDS.map((c) => {
    const names = [c.key, ...c.aliases].join(', ');
    return `  ${names.padEnd(16)} ${c.help}`;
  });
  return ['Commands available before you log in:', ...rows].join('\n');
}

export class UnloggedinCommands implements CommandRunner {
  constructor(private readonly ctx: UnloggedinContext) {}

  run(session: ServerSession, line: string): void {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const space = trimmed.search(/\s/);
    const word = (space === -1 ? trimmed : trimmed.slice(0, space)).toLowerCase();
    const args = space === -1 ? '' : trimmed.slice(space + 1).trim();
    const cmd = BY_NAME.get(word);
    if (!cmd) {
      session.msg(`Command '${word.slice(0, 40)}' is not available. Type "help" for help.`);
      return;
    }
    cmd.run(session, args, this.ctx);
  }
}
