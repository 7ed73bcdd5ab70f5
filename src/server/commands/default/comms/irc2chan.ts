/**
 * `irc2chan`: relay a game channel to and from an IRC channel (Evennia's command and syntax).
 * Staff only (Developer), and only when `ircEnabled` is set. The bridge's bot account joins the
 * channel; the Portal connects to IRC and keeps the connection across reloads (bridges.ts).
 */
import { IRC_CHANNEL, IRC_NICK, NETWORK_HOST } from '../../../../shared/irc-names.ts';
import { neutralise } from '../../../../shared/markup/neutralise.ts';
import type { GameServices } from '../../../game-services.ts';
import { Command } from '../../command.ts';
import { listOrDelete, makeBridge } from './bridge-views.ts';
import { memberOf } from './member.ts';

const USAGE = 'Usage: irc2chan[/ssl] <channel> = <host> <port> <#ircchannel> <botname>';

export class CmdIrc2Chan extends Command {
  override key = 'irc2chan';
  override aliases = ['@irc2chan'];
  override locks = 'cmd:perm(Developer)';
  override helpCategory = 'Comms';
  override help = `
    Link a game channel to an IRC channel.

    Usage:
      irc2chan <channel> = <host> <port> <#ircchannel> <botname>
      irc2chan/ssl <channel> = <host> <port> <#ircchannel> <botname>   (over TLS)
      irc2chan/list                 the IRC bridges
      irc2chan/delete <n or bot>    remove one (also /remove, /disconnect)

    A bot joins the IRC channel as <botname> and the game channel as an account of its own
    (ircbot-<botname>). What is said on either side is relayed to the other: on the game as
    "[Public] nick@IRC: hello", on IRC as "Cora: hello". The game's settings must have
    ircEnabled: true. Example:
      irc2chan public = irc.libera.chat 6697 #mygame mygame-bot   (with /ssl)
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const bridges = this.services.bridges;
    const sw = this.switches.map((s) => s.toLowerCase());
    const said = (text: string): void => this.msg(text);
    if (
      await listOrDelete(
        bridges,
        'irc',
        sw,
        this.args,
        said,
        (id) => `IRC bridge #${id} deleted; its bot left IRC.`,
      )
    ) {
      return;
    }
    const unknown = sw.filter((s) => s !== 'ssl' && s !== 'tls');
    if (unknown.length > 0) {
      this.msg(`irc2chan has no switch /${neutralise(unknown[0] ?? '')}. ${USAGE}`);
      return;
    }
    await this.create(sw.length > 0);
  }

  private async create(tls: boolean): Promise<void> {
    const eq = this.args.indexOf('=');
    if (eq < 0) {
      this.msg(USAGE);
      return;
    }
    const name = this.args.slice(0, eq).trim();
    const parts = this.args
      .slice(eq + 1)
      .trim()
      .split(/\s+/);
    if (name === '' || parts.length !== 4) {
      this.msg(USAGE);
      return;
    }
    const [host = '', portText = '', rawChannel = '', nick = ''] = parts;
    // Evennia adds the # when it is left out.
    const ircChannel = /^[#&+!]/.test(rawChannel) ? rawChannel : `#${rawChannel}`;
    const port = Number(portText);
    const problem = !NETWORK_HOST.test(host)
      ? `'${neutralise(host)}' is not a host name or IP address.`
      : !Number.isInteger(port) || port < 1 || port > 65535
        ? `'${neutralise(portText)}' is not a port (1-65535).`
        : !IRC_CHANNEL.test(ircChannel)
          ? `'${neutralise(rawChannel)}' is not an IRC channel name.`
          : !IRC_NICK.test(nick)
            ? `'${neutralise(nick)}' is not a valid IRC nick (a letter first; letters, digits, -_[]{}|^\`; at most 30).`
            : null;
    if (problem !== null) {
      this.msg(`${problem}\n${USAGE}`);
      return;
    }
    await makeBridge(
      this.services,
      name,
      () => ({
        kind: 'irc',
        settings: { host, port, tls, channel: ircChannel, nick },
        botBase: nick,
        createdBy: memberOf(this).name,
      }),
      (text) => this.msg(text),
      (record, channel) =>
        `IRC bridge #${record.id} made: channel ${channel.key} <-> ${neutralise(ircChannel)} on ${neutralise(host)}:${port}${tls ? ' (TLS)' : ''} as ${neutralise(nick)}. Connecting...`,
    );
  }
}
