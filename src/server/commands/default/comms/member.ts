/**
 * The account behind a command, as the channel system sees it. Channels are out of character:
 * whoever speaks, joins or is checked against a channel's locks is the account, never the
 * character it plays (Evennia's channel command is an account command for the same reason).
 */
import type { ChannelMember } from '../../../comms/channel.ts';
import { InterruptCommand } from '../../interrupt.ts';
import type { Command } from '../../command.ts';

export function memberOf(cmd: Command): ChannelMember {
  const account = cmd.account as Partial<ChannelMember> | null;
  if (
    account === null ||
    typeof account.id !== 'number' ||
    typeof account.name !== 'string' ||
    !Array.isArray(account.sessions)
  ) {
    // Only an object acting on its own (no account) gets here: it has no channels.
    throw new InterruptCommand('Only players (accounts) use channels.');
  }
  return account as ChannelMember;
}
