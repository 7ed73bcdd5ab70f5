/**
 * The staff side of `channel`: /create (the command's `create` lock: Admins), and for those
 * passing a channel's `control` lock /destroy, /desc, /lock and /unlock (these two also need
 * the command's `changelocks` lock), /ban, /unban and /boot. Each is a function of the running
 * command (`ChannelRun`), so channel.ts stays a switchboard.
 */
import { isWaystoneError } from '../../../../shared/errors.ts';
import { neutralise } from '../../../../shared/markup/neutralise.ts';
import type { ChannelMember, DefaultChannel, SubscriberRef } from '../../../comms/channel.ts';
import type { ChannelManager } from '../../../comms/channel-manager.ts';
import { splitAliases } from '../../../comms/channel-names.ts';

/** What a switch needs of the running `channel` command. */
export interface ChannelRun {
  readonly channels: ChannelManager;
  readonly member: ChannelMember;
  /** `lhs = rhs`, trimmed (rhs null without an `=`). */
  readonly lhs: string;
  readonly rhs: string | null;
  readonly quiet: boolean;
  msg(text: string): void;
  /** The one channel `query` names for this player, or null (they were told why). */
  find(query: string): DefaultChannel | null;
  /** The command's own lock of this type (`create`, `changelocks`). */
  may(accessType: string): boolean;
  yesNo(question: string): Promise<boolean>;
  /** An account by name, for bans and boots (null: none; the player was told). */
  account(name: string): Promise<SubscriberRef | null>;
  /** Tell an account's sessions, when it is online. */
  tell(accountId: number, text: string): void;
}

/** The channel named on the left, when the player controls it (else they are told). */
function controlled(run: ChannelRun): DefaultChannel | null {
  if (run.lhs === '') {
    run.msg('Which channel?');
    return null;
  }
  const channel = run.find(run.lhs);
  if (channel === null) return null;
  if (!channel.access(run.member, 'control')) {
    run.msg(`You do not control channel ${channel.key}.`);
    return null;
  }
  return channel;
}

/** Runs a change; a refused one (bad name, bad lock) is told to the player, not thrown. */
async function refusedAs(run: ChannelRun, change: () => Promise<void>): Promise<boolean> {
  try {
    await change();
    return true;
  } catch (err) {
    if (
      isWaystoneError(err) &&
      ['CHANNEL_INVALID', 'LOCK_INVALID', 'TYPECLASS_MISSING'].includes(err.code)
    ) {
      run.msg(err.message);
      return false;
    }
    throw err;
  }
}

/** `channel/create name[;alias;alias][:typeclass] [= description]` */
export async function createChannel(run: ChannelRun): Promise<void> {
  if (!run.may('create')) {
    run.msg('Only staff may create channels.');
    return;
  }
  if (run.lhs === '') {
    run.msg('Usage: channel/create <name>[;<alias>;<alias>][:<typeclass>] [= <description>]');
    return;
  }
  const [names = '', typeclass] = run.lhs.split(':', 2).map((p) => p.trim());
  const [key = '', ...aliases] = splitAliases(names);
  let made: DefaultChannel | null = null;
  const ok = await refusedAs(run, async () => {
    made = await run.channels.create({
      key,
      aliases,
      description: run.rhs ?? '',
      // The creator controls it, and staff always do.
      locks: `listen:all();send:all();control:id(${run.member.id}) or perm(Admin)`,
      ...(typeclass ? { typeclass } : {}),
    });
  });
  if (!ok || made === null) return;
  const channel: DefaultChannel = made;
  await run.channels.join(channel, run.member);
  run.msg(
    `Created channel ${channel.key} (and joined it). Speak on it with: ${channel.key.toLowerCase()} <message>`,
  );
}

/** `channel/destroy <channel> [= reason]` (asks first). */
export async function destroyChannel(run: ChannelRun): Promise<void> {
  const channel = controlled(run);
  if (channel === null) return;
  if (!(await run.yesNo(`Destroy channel ${channel.key} and all its history?`))) {
    run.msg('Nothing was destroyed.');
    return;
  }
  const reason = run.rhs ? ` (${run.rhs})` : '';
  // Everyone on it hears why, muted or not; the notice is not kept (the history goes too).
  await channel.msg(`Channel ${channel.key} is being destroyed by ${run.member.name}${reason}.`, {
    bypassMute: true,
    record: false,
  });
  await run.channels.destroy(channel);
  run.msg(`Channel ${channel.key} was destroyed.`);
}

/** `channel/desc <channel> = <description>` */
export async function describeChannel(run: ChannelRun): Promise<void> {
  const channel = controlled(run);
  if (channel === null) return;
  if (run.rhs === null) {
    run.msg(`Usage: channel/desc <channel> = <description>`);
    return;
  }
  const text = run.rhs;
  if (await refusedAs(run, () => run.channels.setDescription(channel, text)))
    run.msg(`Channel ${channel.key} is now described as: ${neutralise(text)}`);
}

/** `channel/lock <channel> [= <lockstring>]` shows or adds locks; `/unlock <channel> = <type>`. */
export async function lockChannel(run: ChannelRun, remove: boolean): Promise<void> {
  const channel = controlled(run);
  if (channel === null) return;
  if (run.rhs === null) {
    run.msg(`Locks of channel ${channel.key}: ${neutralise(channel.locks.toString()) || '(none)'}`);
    return;
  }
  if (!run.may('changelocks')) {
    run.msg("Only staff may change a channel's locks.");
    return;
  }
  const text = run.rhs;
  const change = remove ? { remove: text.split(/[;,\s]+/).filter((t) => t !== '') } : { add: text };
  if (await refusedAs(run, () => run.channels.changeLocks(channel, change)))
    run.msg(`Locks of channel ${channel.key}: ${neutralise(channel.locks.toString()) || '(none)'}`);
}

/** `account [: reason]` on the right of `=`. */
function target(run: ChannelRun, usage: string): { name: string; reason: string } | null {
  const [name = '', ...rest] = (run.rhs ?? '').split(':');
  if (name.trim() === '') {
    run.msg(usage);
    return null;
  }
  return { name: name.trim(), reason: rest.join(':').trim() };
}

/** `channel/ban <channel>` lists; `channel/ban[/quiet] <channel> = <account> [: reason]` bans. */
export async function banFromChannel(run: ChannelRun): Promise<void> {
  const channel = controlled(run);
  if (channel === null) return;
  if (run.rhs === null) {
    const bans = run.channels.bans(channel);
    run.msg(
      bans.length === 0
        ? `Nobody is banned from channel ${channel.key}.`
        : [
            `Banned from channel ${channel.key}:`,
            ...bans.map(
              (b) =>
                `  ${neutralise(b.accountName)}${b.reason ? ` (${neutralise(b.reason)})` : ''}`,
            ),
          ].join('\n'),
    );
    return;
  }
  const wanted = target(run, 'Usage: channel/ban <channel> = <account> [: reason]');
  if (wanted === null) return;
  const who = await run.account(wanted.name);
  if (who === null) return;
  if (who.id === run.member.id) {
    run.msg('You cannot ban yourself.');
    return;
  }
  const wasOn = run.channels.isSubscribed(channel, who.id);
  const fresh = await run.channels.ban(channel, who, wanted.reason);
  const why = wanted.reason ? ` Reason: ${neutralise(wanted.reason)}` : '';
  if (wasOn)
    run.tell(
      who.id,
      `You were banned from channel ${channel.key} by ${neutralise(run.member.name)}.${why}`,
    );
  // channel.msg neutralises what it is given, so it gets the reason as typed.
  const said = wanted.reason ? ` Reason: ${wanted.reason}` : '';
  if (wasOn && !run.quiet)
    await channel.msg(`${who.name} was banned from the channel by ${run.member.name}.${said}`);
  run.msg(
    fresh
      ? `${neutralise(who.name)} is banned from channel ${channel.key}.`
      : `${neutralise(who.name)} was banned already; the reason is updated.`,
  );
}

/** `channel/unban <channel> = <account>` */
export async function unbanFromChannel(run: ChannelRun): Promise<void> {
  const channel = controlled(run);
  if (channel === null) return;
  const wanted = target(run, 'Usage: channel/unban <channel> = <account>');
  if (wanted === null) return;
  const who = await run.account(wanted.name);
  if (who === null) return;
  run.msg(
    (await run.channels.unban(channel, who.id))
      ? `${neutralise(who.name)} may join channel ${channel.key} again.`
      : `${neutralise(who.name)} was not banned from channel ${channel.key}.`,
  );
}

/** `channel/boot[/quiet] <channel> = <account> [: reason]` */
export async function bootFromChannel(run: ChannelRun): Promise<void> {
  const channel = controlled(run);
  if (channel === null) return;
  const wanted = target(run, 'Usage: channel/boot <channel> = <account> [: reason]');
  if (wanted === null) return;
  const who = await run.account(wanted.name);
  if (who === null) return;
  if (!run.channels.isSubscribed(channel, who.id)) {
    run.msg(`${neutralise(who.name)} is not on channel ${channel.key}.`);
    return;
  }
  await run.channels.leave(channel, who, { force: true });
  const why = wanted.reason ? ` Reason: ${neutralise(wanted.reason)}` : '';
  run.tell(
    who.id,
    `You were booted from channel ${channel.key} by ${neutralise(run.member.name)}.${why}`,
  );
  const said = wanted.reason ? ` Reason: ${wanted.reason}` : '';
  if (!run.quiet)
    await channel.msg(`${who.name} was booted from the channel by ${run.member.name}.${said}`);
  run.msg(`${neutralise(who.name)} was booted from channel ${channel.key}.`);
}
