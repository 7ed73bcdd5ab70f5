/**
 * What `channel`, `channel/who` and `channel/history` show: the channels a player may see,
 * who is on one, and pages of what was said. Text only; the command decides what to show to whom.
 */
import type { DefaultChannel, ChannelMember } from '../../../comms/channel.ts';
import type { ChannelManager } from '../../../comms/channel-manager.ts';
import { neutralise } from '../../../../shared/markup/neutralise.ts';
import type { ChannelMessageRow } from '../../../storage/types.ts';
import { table, type TableSpec } from '../../../text-ui/table.ts';

/** The channel list: every channel the member may see, with its names and its state for them. */
export function channelTable(
  channels: ChannelManager,
  member: ChannelMember,
  layout: (spec: TableSpec) => string = table,
): string {
  const visible = channels.all().filter((c) => channels.canSee(c, member));
  if (visible.length === 0) return 'There are no channels you may join.';
  const rows = visible.map((channel) => {
    const sub = channels.subscription(channel, member.id);
    const state = sub === undefined ? 'no' : sub.muted ? 'muted' : 'yes';
    return [
      channel.key,
      channel.aliases.join(', ') || '-',
      sub?.aliases.join(', ') || '-',
      state,
      neutralise(channel.description) || '-',
    ];
  });
  const header = ['Channel', 'Aliases', 'My aliases', 'On it', 'Description'];
  return [
    'Channels (channel/sub <name> to join, channel/unsub <name> to leave, help channel for more):',
    layout({ columns: header, rows, indent: 2 }),
  ].join('\n');
}

/**
 * Who is on a channel. Those who control it see everyone; others see who is online (as in
 * Evennia), each marked when muting it.
 */
export function whoIsOn(channels: ChannelManager, channel: DefaultChannel, all: boolean): string {
  const shown = channels.subscribers(channel).filter((s) => all || s.online);
  if (shown.length === 0)
    return all
      ? `Nobody is on channel ${channel.key}.`
      : `Nobody on channel ${channel.key} is online.`;
  const names = shown.map((s) => {
    const marks = [s.muted ? 'muted' : '', s.online ? '' : 'offline'].filter((m) => m !== '');
    return `${neutralise(s.name)}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`;
  });
  const what = all ? 'On' : 'Online on';
  return `${what} channel ${channel.key} (${shown.length}): ${names.join(', ')}`;
}

/** "2030-01-02 13:04" in UTC. */
function stamp(at: Date): string {
  return at.toISOString().slice(0, 16).replace('T', ' ');
}

/** One page of history, oldest first, with where it sits in the whole and how to go further. */
export function historyPage(
  channel: DefaultChannel,
  messages: readonly ChannelMessageRow[],
  total: number,
  skip: number,
): string {
  const name = channel.key.toLowerCase();
  if (messages.length === 0)
    return total === 0
      ? `Nothing has been said on channel ${channel.key} yet.`
      : `Channel ${channel.key} keeps ${total} messages; there is nothing ${skip} back.`;
  const newest = skip + 1;
  const oldest = skip + messages.length;
  const lines = messages.map((m) =>
    m.senderName === ''
      ? `  ${stamp(m.createdAt)}  ${m.text}`
      : `  ${stamp(m.createdAt)}  ${m.senderName}: ${m.text}`,
  );
  const more =
    oldest < total ? [`Older messages: channel/history ${name} ${oldest}`] : ['(The oldest kept.)'];
  const which =
    skip === 0
      ? `the newest ${messages.length} of ${total} messages`
      : `messages ${newest}-${oldest} of ${total}, counting back from the newest`;
  return [`History of channel ${channel.key}, ${which} (times UTC):`, ...lines, ...more].join('\n');
}
