/**
 * `channel` (`@channel`, `chan`, `channels`): Evennia's channel command, one switchboard for
 * listing, joining, speaking, muting, aliases, who and history, and the staff switches in
 * channel-admin.ts. Channels belong to accounts, so everything here acts as (and checks locks
 * against) the account, in character or not.
 */
import { isWaystoneError } from '../../../../shared/errors.ts';
import { neutralise } from '../../../../shared/markup/neutralise.ts';
import type { ChannelMember, DefaultChannel } from '../../../comms/channel.ts';
import type { ChannelManager } from '../../../comms/channel-manager.ts';
import { splitAliases } from '../../../comms/channel-names.ts';
import type { GameServices } from '../../../game-services.ts';
import { Command } from '../../command.ts';
import {
  banFromChannel,
  bootFromChannel,
  createChannel,
  describeChannel,
  destroyChannel,
  lockChannel,
  unbanFromChannel,
  type ChannelRun,
} from './channel-admin.ts';
import { channelTable, historyPage, whoIsOn } from './channel-views.ts';
import { memberOf } from './member.ts';

/** Switches `channel` knows (besides /quiet, which goes with /ban and /boot). */
const SWITCHES = [
  'list',
  'all',
  'sub',
  'unsub',
  'mute',
  'unmute',
  'alias',
  'unalias',
  'who',
  'history',
  'create',
  'destroy',
  'desc',
  'lock',
  'unlock',
  'ban',
  'unban',
  'boot',
] as const;
type Switch = (typeof SWITCHES)[number];

export class CmdChannel extends Command {
  override key = 'channel';
  override aliases = ['@channel', 'chan', '@chan', 'channels', '@channels'];
  // `create`: who may make channels; `changelocks`: who may change a channel's locks.
  override locks = 'cmd:all();create:perm(Admin);changelocks:perm(Admin)';
  override helpCategory = 'Comms';
  override help = `
    Talk on channels and manage them.

    Usage:
      channel                          the channels you may join (also: channels)
      <channel> <message>              speak on a channel you are on (public hello, pub hi)
      channel <channel> <message>      the same (or: channel <channel> = <message>)
      channel/sub <channel> [= <alias>[;<alias>…]]   join it (with your own aliases)
      channel/unsub <channel>          leave it
      channel/mute <channel>           hear nothing from it (and /unmute)
      channel/alias <channel> = <alias>[;<alias>…]   your own names for it
      channel/unalias <alias>
      channel/who <channel>            who is on it
      channel/history <channel> [<n>]  what was said: the last messages, or from n back

    Staff (and those who control a channel):
      channel/create <name>[;<alias>…][:<typeclass>] [= <description>]
      channel/destroy <channel> [= <reason>]
      channel/desc <channel> = <description>
      channel/lock <channel> [= <type>:<lock>]   show or set locks: listen, send, control
      channel/unlock <channel> = <type>
      channel/ban <channel>            the banned; channel/ban <channel> = <account> [: <reason>]
      channel/unban <channel> = <account>
      channel/boot <channel> = <account> [: <reason>]   (/quiet: without telling the channel)
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  private get channels(): ChannelManager {
    return this.services.channels;
  }

  async func(): Promise<void> {
    const member = memberOf(this);
    const quiet = this.switches.includes('quiet');
    const asked = this.switches.filter((s) => s !== 'quiet');
    if (asked.length > 1) {
      this.msg('One switch at a time, please (and /quiet with /ban or /boot).');
      return;
    }
    const chosen = asked[0];
    if (chosen !== undefined && !(SWITCHES as readonly string[]).includes(chosen)) {
      this.msg(`channel has no switch /${neutralise(chosen)}. See: help channel`);
      return;
    }
    const run = this.runFor(member, quiet);
    await this.dispatch(chosen as Switch | undefined, run);
  }

  private async dispatch(chosen: Switch | undefined, run: ChannelRun): Promise<void> {
    switch (chosen) {
      case undefined:
        if (this.args.trim() === '' || this.cmdstring.toLowerCase().endsWith('channels'))
          this.msg(channelTable(this.channels, run.member, (spec) => this.table(spec)));
        else await this.speak(run);
        return;
      case 'list':
      case 'all':
        this.msg(channelTable(this.channels, run.member, (spec) => this.table(spec)));
        return;
      case 'sub':
        return this.subscribe(run);
      case 'unsub':
        return this.unsubscribe(run);
      case 'mute':
      case 'unmute':
        return this.mute(run, chosen === 'mute');
      case 'alias':
        return this.alias(run);
      case 'unalias':
        return this.unalias(run);
      case 'who':
        return this.who(run);
      case 'history':
        return this.history(run);
      case 'create':
        return createChannel(run);
      case 'destroy':
        return destroyChannel(run);
      case 'desc':
        return describeChannel(run);
      case 'lock':
      case 'unlock':
        return lockChannel(run, chosen === 'unlock');
      case 'ban':
        return banFromChannel(run);
      case 'unban':
        return unbanFromChannel(run);
      case 'boot':
        return bootFromChannel(run);
      default: {
        const never: never = chosen;
        throw new Error(`unhandled switch ${String(never)}`);
      }
    }
  }

  private runFor(member: ChannelMember, quiet: boolean): ChannelRun {
    const at = this.args.indexOf('=');
    const lhs = (at === -1 ? this.args : this.args.slice(0, at)).trim();
    const rhs = at === -1 ? null : this.args.slice(at + 1).trim();
    return {
      channels: this.channels,
      member,
      lhs,
      rhs,
      quiet,
      msg: (text) => this.msg(text),
      find: (query) => this.findChannel(member, query),
      may: (type) => this.access(this.subject, type),
      yesNo: (question) => this.yesNo(question),
      account: async (name) => {
        const account = await this.services.accounts.findByName(name);
        if (account === null) this.msg(`No account is called '${neutralise(name)}'.`);
        return account === null ? null : { id: account.id, name: account.name };
      },
      tell: (accountId, text) => this.services.accounts.cached(accountId)?.msg(text),
    };
  }

  private findChannel(member: ChannelMember, query: string): DefaultChannel | null {
    const found = this.channels.search(query, member);
    if (found.length === 1) return found[0] as DefaultChannel;
    if (found.length === 0)
      this.msg(`No channel called '${neutralise(query)}' that you may see. 'channel' lists them.`);
    else this.msg(`Which one: ${found.map((c) => c.key).join(', ')}?`);
    return null;
  }

  /** `channel <channel> <message>` or `channel <channel> = <message>`. */
  private async speak(run: ChannelRun): Promise<void> {
    let name = run.lhs;
    let text = run.rhs;
    if (text === null) {
      const space = this.args.trim().search(/\s/);
      if (space === -1) {
        this.msg(`Say what? Usage: channel <channel> <message>`);
        return;
      }
      name = this.args.trim().slice(0, space);
      text = this.args.trim().slice(space + 1);
    }
    const channel = this.findChannel(run.member, name);
    if (channel === null) return;
    const result = await this.channels.speak(channel, run.member, text);
    if (!result.ok) this.msg(result.message);
    else if (result.unmuted) this.msg(`(Channel ${channel.key} is no longer muted.)`);
  }

  /** `channel/sub <channel>[,<channel>…] [= alias;alias]` */
  private async subscribe(run: ChannelRun): Promise<void> {
    const names = run.lhs
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    if (names.length === 0) {
      this.msg('Usage: channel/sub <channel> [= <alias>[;<alias>…]]');
      return;
    }
    for (const name of names) {
      const channel = this.findChannel(run.member, name);
      if (channel === null) continue;
      if (this.channels.isSubscribed(channel, run.member.id) && run.rhs === null) {
        this.msg(`You are on channel ${channel.key} already.`);
        continue;
      }
      const joined = await this.channels.join(channel, run.member);
      if (!joined.ok) {
        this.msg(joined.message);
        continue;
      }
      if (run.rhs !== null && names.length === 1) await this.addAliases(run, channel, run.rhs);
      this.msg(`You are on channel ${channel.key}. Speak with: ${this.speakWith(run, channel)}`);
    }
  }

  private speakWith(run: ChannelRun, channel: DefaultChannel): string {
    const mine = this.channels.subscription(channel, run.member.id)?.aliases ?? [];
    return [channel.key, ...channel.aliases, ...mine]
      .map((n) => `${n.toLowerCase()} <message>`)
      .join(', ');
  }

  /** `channel/unsub <channel>[,<channel>…]` */
  private async unsubscribe(run: ChannelRun): Promise<void> {
    const names = run.lhs
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    if (names.length === 0) {
      this.msg('Usage: channel/unsub <channel>');
      return;
    }
    for (const name of names) {
      const channel = this.findChannel(run.member, name);
      if (channel === null) continue;
      const left = await this.channels.leave(channel, run.member);
      this.msg(left.ok ? `You left channel ${channel.key}.` : left.message);
    }
  }

  /** `channel/mute <channel>`, `channel/unmute <channel>` */
  private async mute(run: ChannelRun, muted: boolean): Promise<void> {
    const channel = this.onChannel(run);
    if (channel === null) return;
    const changed = await this.channels.mute(channel, run.member.id, muted);
    if (muted)
      this.msg(
        changed
          ? `Channel ${channel.key} is muted: you hear nothing from it until channel/unmute ${channel.key.toLowerCase()}.`
          : `Channel ${channel.key} was muted already.`,
      );
    else
      this.msg(
        changed ? `Channel ${channel.key} is unmuted.` : `Channel ${channel.key} was not muted.`,
      );
  }

  /** The channel on the left, which the player must be on (else they are told). */
  private onChannel(run: ChannelRun): DefaultChannel | null {
    if (run.lhs === '') {
      this.msg('Which channel?');
      return null;
    }
    const channel = this.findChannel(run.member, run.lhs);
    if (channel === null) return null;
    if (!this.channels.isSubscribed(channel, run.member.id)) {
      this.msg(
        `You are not on channel ${channel.key}. Join it with: channel/sub ${channel.key.toLowerCase()}`,
      );
      return null;
    }
    return channel;
  }

  /** `channel/alias <channel> = alias[;alias…]` adds the player's own names for a channel. */
  private async alias(run: ChannelRun): Promise<void> {
    if (run.rhs === null || run.rhs === '') {
      this.msg('Usage: channel/alias <channel> = <alias>[;<alias>…]');
      return;
    }
    const channel = this.onChannel(run);
    if (channel === null) return;
    if (await this.addAliases(run, channel, run.rhs))
      this.msg(`Speak on channel ${channel.key} with: ${this.speakWith(run, channel)}`);
  }

  private async addAliases(
    run: ChannelRun,
    channel: DefaultChannel,
    text: string,
  ): Promise<boolean> {
    const mine = this.channels.subscription(channel, run.member.id)?.aliases ?? [];
    try {
      await this.channels.setPersonalAliases(channel, run.member.id, [
        ...mine,
        ...splitAliases(text),
      ]);
      return true;
    } catch (err) {
      if (isWaystoneError(err, 'CHANNEL_INVALID')) {
        this.msg(err.message);
        return false;
      }
      throw err;
    }
  }

  /** `channel/unalias <alias>` */
  private async unalias(run: ChannelRun): Promise<void> {
    const alias = run.lhs;
    if (alias === '') {
      this.msg('Usage: channel/unalias <alias>');
      return;
    }
    const channel = this.channels.personalAlias(run.member.id, alias);
    if (channel === undefined) {
      this.msg(`You have no channel alias '${neutralise(alias)}'.`);
      return;
    }
    const mine = this.channels.subscription(channel, run.member.id)?.aliases ?? [];
    const kept = mine.filter((a) => a.toLowerCase() !== alias.toLowerCase());
    await this.channels.setPersonalAliases(channel, run.member.id, kept);
    this.msg(`'${neutralise(alias)}' no longer speaks on channel ${channel.key}.`);
  }

  /** `channel/who <channel>` */
  private who(run: ChannelRun): void {
    if (run.lhs === '') {
      this.msg('Usage: channel/who <channel>');
      return;
    }
    const channel = this.findChannel(run.member, run.lhs);
    if (channel === null) return;
    this.msg(whoIsOn(this.channels, channel, channel.access(run.member, 'control')));
  }

  /** `channel/history <channel> [n]` (or `= n`): a page of messages, n back from the newest. */
  private async history(run: ChannelRun): Promise<void> {
    const words = run.lhs.split(/\s+/).filter((w) => w !== '');
    const back = run.rhs ?? (words.length > 1 ? words.pop() : '0');
    const name = words.join(' ');
    if (name === '' || !/^\d+$/.test(back ?? '')) {
      this.msg('Usage: channel/history <channel> [<how many messages back>]');
      return;
    }
    const channel = this.findChannel(run.member, name);
    if (channel === null) return;
    if (
      !this.channels.isSubscribed(channel, run.member.id) &&
      !channel.access(run.member, 'listen')
    ) {
      this.msg(`You may not read channel ${channel.key}.`);
      return;
    }
    const skip = Number(back);
    const limit = this.services.config.channelHistoryPageSize;
    const [messages, total] = await Promise.all([
      this.channels.history(channel, { limit, skip }),
      this.channels.historyCount(channel),
    ]);
    this.msg(historyPage(channel, messages, total, skip));
  }
}
