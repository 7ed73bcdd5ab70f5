/**
 * `nick` (`nicks`, `nickname`): Evennia's nick command — your own replacements for what you
 * type (comms/nicks.ts keeps them, comms/nick-template.ts reads them).
 */
import { isWaystoneError } from '../../../../shared/errors.ts';
import { neutralise } from '../../../../shared/markup/neutralise.ts';
import { channelNameKey } from '../../../comms/channel-names.ts';
import type { Nick, NickCharacter, NickKind, NickOwner } from '../../../comms/nicks.ts';
import type { GameServices } from '../../../game-services.ts';
import { Command } from '../../command.ts';
import { layoutColumns } from '../account/who.ts';
import { memberOf } from './member.ts';

const KIND_SWITCHES: Record<string, NickKind> = { inputline: 'inputline', object: 'object' };
const SWITCHES = new Set(['inputline', 'object', 'account', 'channel', 'list', 'delete', 'del']);

/** `a = b` with `\=` for an `=` inside the nick: ['a', 'b'], or [text, null] without one. */
export function splitNickArgs(args: string): [string, string | null] {
  const at = args.search(/(?<!\\)=/);
  const unescape = (s: string): string => s.replace(/\\=/g, '=').trim();
  if (at === -1) return [unescape(args), null];
  return [unescape(args.slice(0, at)), unescape(args.slice(at + 1))];
}

export class CmdNick extends Command {
  override key = 'nick';
  override aliases = ['nicks', 'nickname', '@nick'];
  override helpCategory = 'Comms';
  override help = `
    Your own replacements for what you type.

    Usage:
      nick <nick> = <replacement>        e.g. nick l = look, then "l" looks
      nick <template> = <replacement>    with $1…$9: nick ppp $1 $2 = page $1 = $2,
                                         then "ppp bob hi there" pages bob "hi there"
      nick <nick>                        what it stands for
      nick/delete <nick or number>       remove one (numbers as nick/list shows them)
      nicks, nick/list                   all of yours

    Switches:
      /inputline   replace what you type (the default)
      /object      replace what you look for: nick/object car = red sports car,
                   then "look car" looks at the red sports car
      /account     keep it on your account: it works whichever character you play
                   (nicks made out of character are always kept there)
      /channel     your own name for a channel: nick/channel p = public, then "p hello"

    A nick without $-markers also stands for the first words of a longer line ("l me" is
    "look me"). Nicks on your character are tried before those on your account. Use \\= for
    an = inside a nick.
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const unknown = this.switches.find((s) => !SWITCHES.has(s));
    if (unknown !== undefined) {
      this.msg(`nick has no switch /${neutralise(unknown)}. See: help nick`);
      return;
    }
    if (this.switches.includes('channel')) return this.channelAlias();
    const kinds = this.switches.map((s) => KIND_SWITCHES[s]).filter((k) => k !== undefined);
    const listing = this.switches.includes('list') || this.cmdstring.toLowerCase() === 'nicks';
    if (listing || (this.args.trim() === '' && !this.deleting())) return this.list();
    if (this.deleting()) return this.remove(kinds);
    const [pattern, replacement] = splitNickArgs(this.args);
    if (replacement === null) return this.show(pattern, kinds);
    if (replacement === '') {
      this.msg('Usage: nick <nick> = <replacement> (nick/delete <nick> removes one)');
      return;
    }
    if (pattern.toLowerCase() === replacement.toLowerCase()) {
      this.msg('No point in a nick that is the same as what it replaces.');
      return;
    }
    await this.add(kinds[0] ?? 'inputline', pattern, replacement);
  }

  private deleting(): boolean {
    return this.switches.includes('delete') || this.switches.includes('del');
  }

  /** The character played (when in character), as nicks keep things on it. */
  private puppet(): NickCharacter | null {
    const caller = this.caller as Partial<NickCharacter>;
    return (this.caller as unknown) !== this.account && caller.attributes !== undefined
      ? (caller as NickCharacter)
      : null;
  }

  /** Where a new nick goes: the account with /account or out of character, else the character. */
  private owner(): NickOwner {
    const puppet = this.puppet();
    if (puppet !== null && !this.switches.includes('account'))
      return { kind: 'character', obj: puppet };
    return { kind: 'account', id: memberOf(this).id };
  }

  /** The character's nicks, then the account's: the order they are tried and numbered in. */
  private async all(): Promise<Array<{ nick: Nick; owner: NickOwner }>> {
    const nicks = this.services.nicks;
    const puppet = this.puppet();
    const account: NickOwner = { kind: 'account', id: memberOf(this).id };
    const mine =
      puppet === null
        ? []
        : nicks.ofCharacter(puppet).map((nick) => ({
            nick,
            owner: { kind: 'character', obj: puppet } as NickOwner,
          }));
    const theirs = (await nicks.ofAccount(account.id)).map((nick) => ({ nick, owner: account }));
    return [...mine, ...theirs];
  }

  private async list(): Promise<void> {
    const all = await this.all();
    if (all.length === 0) {
      this.msg('You have no nicks. See: help nick');
      return;
    }
    const rows = all.map(({ nick }, i) => [
      String(i + 1),
      nick.kind,
      nick.owner,
      neutralise(nick.pattern),
      neutralise(nick.replacement),
    ]);
    const header = ['#', 'Type', 'Kept on', 'Nick', 'Replacement'];
    this.msg(['Your nicks:', ...layoutColumns([header, ...rows]).map((l) => `  ${l}`)].join('\n'));
  }

  private async show(pattern: string, kinds: NickKind[]): Promise<void> {
    const wanted = pattern.toLowerCase();
    const found = (await this.all()).filter(
      ({ nick }) =>
        nick.pattern.toLowerCase().startsWith(wanted) &&
        (kinds.length === 0 || kinds.includes(nick.kind)),
    );
    this.msg(
      found.length === 0
        ? `You have no nick '${neutralise(pattern)}'. To make one: nick ${neutralise(pattern)} = <replacement>`
        : found.map(({ nick }) => describe(nick, 'stands for')).join('\n'),
    );
  }

  private async add(kind: NickKind, pattern: string, replacement: string): Promise<void> {
    const owner = this.owner();
    try {
      const previous = await this.services.nicks.add(owner, kind, pattern, replacement);
      const nick: Nick = {
        kind,
        pattern: pattern.trim(),
        replacement: replacement.trim(),
        owner: owner.kind,
      };
      if (previous === null) this.msg(describe(nick, 'now stands for'));
      else if (previous.replacement === nick.replacement) this.msg('You have that nick already.');
      else
        this.msg(
          describe(nick, 'now stands for') + ` (it was '${neutralise(previous.replacement)}').`,
        );
    } catch (err) {
      if (isWaystoneError(err, 'NICK_INVALID')) {
        this.msg(err.message);
        return;
      }
      throw err;
    }
  }

  private async remove(kinds: NickKind[]): Promise<void> {
    const arg = this.args.trim().replace(/^#/, '');
    if (arg === '') {
      this.msg('Usage: nick/delete <nick or number> (nick/list numbers them)');
      return;
    }
    const all = await this.all();
    const chosen = /^\d+$/.test(arg)
      ? all.slice(Number(arg) - 1, Number(arg))
      : all.filter(
          ({ nick }) =>
            nick.pattern.toLowerCase() === arg.toLowerCase() &&
            (kinds.length === 0 || kinds.includes(nick.kind)),
        );
    if (chosen.length === 0) {
      this.msg(
        /^\d+$/.test(arg)
          ? `You have no nick number ${arg}; you have ${all.length}. See: nick/list`
          : `You have no nick '${neutralise(arg)}'. See: nick/list`,
      );
      return;
    }
    for (const { nick, owner } of chosen) {
      await this.services.nicks.remove(owner, nick.kind, nick.pattern);
      this.msg(`Removed: ${describe(nick, 'stood for')}`);
    }
  }

  /** `nick/channel <alias> = <channel>`: the same as `channel/alias <channel> = <alias>`. */
  private async channelAlias(): Promise<void> {
    const [alias, name] = splitNickArgs(this.args);
    if (alias === '' || name === null || name === '') {
      this.msg('Usage: nick/channel <alias> = <channel>');
      return;
    }
    const member = memberOf(this);
    const channels = this.services.channels;
    const [channel, ...others] = channels.search(name, member);
    if (channel === undefined || others.length > 0 || !channels.isSubscribed(channel, member.id)) {
      this.msg(`You are on no channel called '${neutralise(name)}'. 'channel' lists them.`);
      return;
    }
    const mine = channels.subscription(channel, member.id)?.aliases ?? [];
    if (mine.some((a) => channelNameKey(a) === channelNameKey(alias))) {
      this.msg(`'${neutralise(alias)}' speaks on channel ${channel.key} already.`);
      return;
    }
    try {
      await channels.setPersonalAliases(channel, member.id, [...mine, alias]);
      this.msg(`'${neutralise(alias)} <message>' now speaks on channel ${channel.key}.`);
    } catch (err) {
      if (isWaystoneError(err, 'CHANNEL_INVALID')) {
        this.msg(err.message);
        return;
      }
      throw err;
    }
  }
}

function describe(nick: Nick, verb: string): string {
  const where = nick.owner === 'account' ? 'account' : 'character';
  const what = nick.kind === 'object' ? 'Object nick' : 'Nick';
  return `${what} '${neutralise(nick.pattern)}' ${verb} '${neutralise(nick.replacement)}' (kept on your ${where}).`;
}
