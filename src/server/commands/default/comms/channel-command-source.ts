/**
 * The commands named after an account's channels (`public`, `pub`, its own aliases), offered to
 * the command handler as a local source of kind `channel` — so a cmdset with `noChannels`
 * hides them, as Evennia's does. One small cmdset per account, rebuilt only when the channel
 * manager's `revisionFor(account)` says its channels, aliases or personal aliases changed;
 * otherwise the same set (and merge-cache entry) serves every line.
 *
 * The set's priority (−15) sits under the account's and the character's sets: a channel never
 * hides a real command of the same name (`channel <name> = <message>` still reaches it).
 */
import type { ChannelMember } from '../../../comms/channel.ts';
import type { ChannelManager } from '../../../comms/channel-manager.ts';
import type { LockFuncRegistry } from '../../../locks/lock-funcs.ts';
import { LockHandler } from '../../../locks/lock-handler.ts';
import type { LocalCmdSetSource } from '../../caller-context.ts';
import { CmdSet } from '../../cmdset.ts';
import { CmdSetHandler } from '../../cmdset-handler.ts';
import { CmdChannelSpeak } from './channel-speak.ts';

export class ChannelCmdSet extends CmdSet {
  override key = 'Channels';
  override priority = -15;
  // One command per channel; never a `1-pub`/`2-pub` choice.
  override duplicates = false;
}

interface Entry {
  revision: string;
  source: LocalCmdSetSource;
  empty: boolean;
}

/** Accounts whose sets are kept; the least recently used goes first past it. */
const MAX_ENTRIES = 10_000;

export class ChannelCommandSources {
  readonly #entries = new Map<number, Entry>();
  readonly #callable: LockHandler;

  constructor(
    private readonly channels: ChannelManager,
    private readonly lockFuncs: LockFuncRegistry,
  ) {
    this.#callable = new LockHandler(lockFuncs, null, 'call:true()');
  }

  /** The account's channel commands, or null when it is on no channel. */
  sourceFor(member: ChannelMember): LocalCmdSetSource | null {
    const revision = this.channels.revisionFor(member.id);
    let entry = this.#entries.get(member.id);
    if (entry === undefined || entry.revision !== revision) {
      entry = this.#build(member, revision);
    }
    this.#entries.delete(member.id);
    this.#entries.set(member.id, entry);
    if (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return entry.empty ? null : entry.source;
  }

  /** The account logged out: its set goes (it is built again when needed). */
  forget(accountId: number): void {
    this.#entries.delete(accountId);
  }

  #build(member: ChannelMember, revision: string): Entry {
    const handler = new CmdSetHandler({ owner: member, lockFuncs: this.lockFuncs });
    const set = new ChannelCmdSet();
    const channels = this.channels.channelsOf(member.id);
    for (const channel of channels) {
      const mine = this.channels.subscription(channel, member.id)?.aliases ?? [];
      for (const name of [channel.key, ...channel.aliases, ...mine])
        set.add(new CmdChannelSpeak(this.channels, channel, name));
    }
    handler.add(set);
    return {
      revision,
      empty: channels.length === 0,
      source: { kind: 'channel', cmdset: handler, locks: this.#callable },
    };
  }
}
