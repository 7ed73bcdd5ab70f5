/**
 * Speaking on a channel by its name (Evennia's channel nicks): `public hello`, `pub hello`, or
 * one of the player's own aliases for it. Each channel an account is on gives it one of these
 * commands for each of those names (channel-command-source.ts builds them). `pub/who` and `pub/history 20` are `channel/who pub`
 * and `channel/history pub 20`.
 */
import type { DefaultChannel } from '../../../comms/channel.ts';
import type { ChannelManager } from '../../../comms/channel-manager.ts';
import { Command } from '../../command.ts';
import { memberOf } from './member.ts';

export class CmdChannelSpeak extends Command {
  // Listed by `channel`, not by `help`: there is one per channel.
  override autoHelp = false;
  override helpCategory = 'Comms';

  /**
   * One command per name (`name`: the key, an alias or a personal alias), so a real command
   * sharing one name hides that name only, never the channel's others.
   */
  constructor(
    private readonly channels: ChannelManager,
    private readonly channel: DefaultChannel,
    name: string,
  ) {
    super();
    this.key = name;
    this.help = `
    Speak on channel ${channel.key}.

    Usage:
      ${channel.key.toLowerCase()} <message>
      ${channel.key.toLowerCase()}/who, ${channel.key.toLowerCase()}/history [n]   (see: help channel)
  `;
  }

  async func(): Promise<void> {
    const member = memberOf(this);
    if (this.switches.length > 0) {
      await this.execute(
        `channel/${this.switches.join('/')} ${this.channel.key} ${this.args}`.trim(),
      );
      return;
    }
    const result = await this.channels.speak(this.channel, member, this.args);
    if (!result.ok) {
      this.msg(result.message);
      return;
    }
    if (result.unmuted) this.msg(`(Channel ${this.channel.key} is no longer muted.)`);
  }
}
