/**
 * GMCP Comm.Channel.List for a player's client (the IRE convention Mudlet's chat tabs read):
 * the channels the account is on, each with its name, caption and the command that speaks on
 * it. Sent at login and whenever the account's channels change, and on request — a GMCP client
 * sends `Comm.Channel.List`, the webclient `waystone.send('comm_channel_list')`. (Lines said on
 * channels go out as Comm.Channel.Text: channel-post.ts.)
 *
 *   Comm.Channel.List [{"name":"public","caption":"Public","command":"public"}]
 */
import type { FuncCall } from '../../shared/session-data.ts';
import type { InputFuncRegistry } from '../inputfuncs/registry.ts';
import type { ChannelMember } from './channel.ts';
import type { ChannelManager } from './channel-manager.ts';

export const COMM_CHANNEL_LIST = 'comm_channel_list';

export interface ChannelListEntry {
  /** Lower-case key: what Comm.Channel.Text names the channel by. */
  name: string;
  /** The key as written. */
  caption: string;
  /** What to type before a message to speak on it. */
  command: string;
}

export function channelList(manager: ChannelManager, accountId: number): ChannelListEntry[] {
  return manager.channelsOf(accountId).map((channel) => ({
    name: channel.key.toLowerCase(),
    caption: channel.key,
    command: channel.key.toLowerCase(),
  }));
}

export function channelListCall(manager: ChannelManager, accountId: number): FuncCall {
  return [COMM_CHANNEL_LIST, [channelList(manager, accountId)], {}];
}

/** To every session of `member` (after its channels changed). */
export function sendChannelList(manager: ChannelManager, member: ChannelMember): void {
  const call = channelListCall(manager, member.id);
  for (const session of member.sessions) session.send([call]);
}

/** `comm_channel_list`: the asking session gets its account's list (nothing before login). */
export function registerChannelInputFuncs(
  inputfuncs: InputFuncRegistry,
  manager: ChannelManager,
): void {
  inputfuncs.register(COMM_CHANNEL_LIST, ({ session }) => {
    const id = session.loggedIn ? session.uid : null;
    if (id === null) return;
    session.send([channelListCall(manager, id)]);
  });
}
