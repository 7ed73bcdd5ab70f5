import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWaystoneError, type ErrorCode } from '../../shared/errors.ts';
import { DefaultChannel, type ChannelSender, type SubscriberRef } from './channel.ts';
import type { ChannelManager } from './channel-manager.ts';
import { channelList } from './channel-oob.ts';
import { CommsWorld } from './test-comms.ts';

async function expectCode(work: Promise<unknown>, code: ErrorCode): Promise<string> {
  try {
    await work;
  } catch (err) {
    expect(isWaystoneError(err) ? err.code : err).toBe(code);
    return (err as Error).message;
  }
  throw new Error(`expected ${code}`);
}

function publicOf(channels: ChannelManager): DefaultChannel {
  const pub = channels.find('public');
  if (pub === undefined) throw new Error('no Public channel');
  return pub;
}

describe('channels', () => {
  let world: CommsWorld;
  beforeEach(async () => {
    world = await CommsWorld.open();
  });
  afterEach(async () => {
    await world.close();
  });

  it('makes Public and the staff-only MudInfo once; accounts join what they may hear at their first login', async () => {
    const channels = await world.manager();
    expect(channels.all().map((c) => [c.key, c.aliases])).toEqual([
      ['Public', ['pub']],
      ['MudInfo', []],
    ]);
    const ann = await world.member('Ann');
    const staff = await world.member('Sam', ['Admin']);
    await channels.joinDefaults(ann);
    await channels.joinDefaults(staff);
    expect(channels.channelsOf(ann.id).map((c) => c.key)).toEqual(['Public']);
    expect(channels.channelsOf(staff.id).map((c) => c.key)).toEqual(['Public', 'MudInfo']);
    // Leaving stays left: the defaults are joined at the first login only.
    await channels.leave(publicOf(channels), ann);
    await channels.joinDefaults(ann);
    expect(channels.channelsOf(ann.id)).toEqual([]);
    // A destroyed default channel is not made again at the next start.
    await channels.destroy(publicOf(channels));
    const restarted = await world.manager();
    expect(restarted.all().map((c) => c.key)).toEqual(['MudInfo']);
  });

  it('a line reaches everyone on the channel who is online, listening and not muting it', async () => {
    const channels = await world.manager();
    const pub = publicOf(channels);
    const [ann, bob, cora, dave] = await Promise.all(
      ['Ann', 'Bob', 'Cora', 'Dave'].map((n) => world.member(n)),
    );
    for (const m of [ann!, bob!, dave!]) expect(await channels.join(pub, m)).toEqual({ ok: true });
    await channels.mute(pub, dave!.id, true);
    const result = await channels.speak(pub, ann!, '  hello |rworld  ');
    expect(result).toMatchObject({ ok: true, unmuted: false });
    // Player markup is shown as typed, never obeyed.
    const line = '[Public] Ann: hello ||rworld';
    expect(ann!.lines()).toEqual([line]);
    expect(bob!.lines()).toEqual([line]);
    expect(cora!.lines()).toEqual([]);
    expect(dave!.lines()).toEqual([]);
    expect(bob!.session.named('text')[0]?.[2]).toEqual({ type: 'channel', channel: 'public' });
    expect(bob!.session.named('comm_channel_text')).toEqual([
      [
        'comm_channel_text',
        [],
        {
          channel: 'public',
          talker: 'Ann',
          text: '[Public] Ann: hello |rworld',
          message: 'hello |rworld',
        },
      ],
    ]);
    // Tightening `listen` silences those it now shuts out, at once.
    await channels.changeLocks(pub, { add: 'listen:perm(Admin)' });
    await channels.speak(pub, ann!, 'anyone?');
    expect(bob!.lines()).toHaveLength(1);
  });

  it("refuses a player's line with a reason: not on it, may not send, empty, too long, too fast", async () => {
    const channels = await world.manager({ rateLimit: 3, messageMaxLength: 10 });
    const pub = publicOf(channels);
    const ann = await world.member('Ann');
    const refused = async (text: string) => {
      const r = await channels.speak(pub, ann, text);
      return r.ok ? 'sent' : `${r.reason}: ${r.message}`;
    };
    expect(await refused('hi')).toBe(
      'not-subscribed: You are not on channel Public. Join it with: channel/sub Public',
    );
    await channels.join(pub, ann);
    expect(await refused('   ')).toBe('empty: Say what on Public? Usage: public <message>');
    expect(await refused('x'.repeat(11))).toMatch(/^too-long: .*at most 10 characters/);
    expect(await refused('one')).toBe('sent');
    expect(await refused('two')).toBe('sent');
    expect(await refused('three')).toBe('sent');
    expect(await refused('four')).toBe(
      'throttled: You are sending channel messages too fast; wait 10 seconds.',
    );
    world.now += 10_000;
    expect(await refused('five')).toBe('sent');
    await channels.changeLocks(pub, { add: 'send:perm(Builder)' });
    expect(await refused('six')).toBe('send-refused: You may not speak on channel Public.');
    // Speaking on a muted channel unmutes it.
    await channels.changeLocks(pub, { add: 'send:all()' });
    await channels.mute(pub, ann.id, true);
    expect(await channels.speak(pub, ann, 'back')).toMatchObject({ ok: true, unmuted: true });
    expect(channels.subscription(pub, ann.id)?.muted).toBe(false);
  });

  it('keeps a bounded history, and history, subscriptions, mutes and bans survive a restart', async () => {
    const channels = await world.manager({ historyMax: 5 });
    const pub = publicOf(channels);
    const [ann, bob, eve] = await Promise.all(['Ann', 'Bob', 'Eve'].map((n) => world.member(n)));
    for (const m of [ann!, bob!, eve!]) await channels.join(pub, m);
    for (let i = 1; i <= 7; i++) await channels.speak(pub, ann!, `m${i}`);
    await channels.mute(pub, bob!.id, true);
    await channels.setPersonalAliases(pub, bob!.id, ['p']);
    await channels.ban(pub, eve!, 'spam');

    await world.reopen();
    const again = await world.manager({ historyMax: 5 });
    const pub2 = publicOf(again);
    expect(await again.historyCount(pub2)).toBe(5);
    expect((await again.history(pub2, { limit: 3 })).map((m) => m.text)).toEqual([
      'm5',
      'm6',
      'm7',
    ]);
    expect((await again.history(pub2, { limit: 10, skip: 3 })).map((m) => m.text)).toEqual([
      'm3',
      'm4',
    ]);
    expect(again.subscription(pub2, bob!.id)).toMatchObject({ muted: true, aliases: ['p'] });
    expect(again.isSubscribed(pub2, eve!.id)).toBe(false);
    expect(again.bans(pub2)).toEqual([{ accountId: eve!.id, accountName: 'Eve', reason: 'spam' }]);
    expect(await again.join(pub2, eve!)).toEqual({
      ok: false,
      message: 'You are banned from channel Public.',
    });
    expect(await again.unban(pub2, eve!.id)).toBe(true);
    expect(await again.join(pub2, eve!)).toEqual({ ok: true });
  });

  it('names are one word, unique across keys and aliases whatever the case; search finds what a player may see', async () => {
    const channels = await world.manager();
    const ann = await world.member('Ann');
    const ooc = await channels.create({ key: 'Ooc', aliases: ['o', 'O'] });
    expect(ooc.aliases).toEqual(['o']);
    expect(await expectCode(channels.create({ key: 'OOC' }), 'CHANNEL_INVALID')).toMatch(
      /'OOC' is taken: it is the name of channel Ooc/,
    );
    expect(
      await expectCode(channels.create({ key: 'Gossip', aliases: ['PUB'] }), 'CHANNEL_INVALID'),
    ).toMatch(/an alias of channel Public/);
    await expectCode(channels.create({ key: 'two words' }), 'CHANNEL_INVALID');
    await expectCode(channels.create({ key: 'x'.repeat(31) }), 'CHANNEL_INVALID');
    await expectCode(channels.create({ key: 'Bad', locks: 'listen:nosuchfunc()' }), 'LOCK_INVALID');
    await expectCode(channels.create({ key: 'Odd', typeclass: 'Nope' }), 'TYPECLASS_MISSING');
    expect(channels.all().map((c) => c.key)).toEqual(['Public', 'MudInfo', 'Ooc']);

    const keys = (q: string) => channels.search(q, ann).map((c) => c.key);
    expect(keys('PUB')).toEqual(['Public']);
    expect(keys('pu')).toEqual(['Public']);
    expect(keys('o')).toEqual(['Ooc']);
    // MudInfo is for staff: a player does not find it.
    expect(keys('mudinfo')).toEqual([]);
    expect(keys('mud')).toEqual([]);
    // A player's own alias comes first, and may not be another channel's name.
    await channels.join(publicOf(channels), ann);
    await channels.setPersonalAliases(publicOf(channels), ann.id, ['chat']);
    expect(keys('chat')).toEqual(['Public']);
    await expectCode(
      channels.setPersonalAliases(publicOf(channels), ann.id, ['o']),
      'CHANNEL_INVALID',
    );
  });

  it("a game's channel class: its hooks shape messages and joins; a missing class stops the start", async () => {
    class ShoutChannel extends DefaultChannel {
      override atPreMsg(text: string, sender: ChannelSender): string | false {
        return sender.name === 'Mute' ? false : text.toUpperCase();
      }
      override formatMessage(text: string, senderName: string): string {
        return `<${this.key}> ${senderName} shouts: ${text}`;
      }
      override atPreJoin(who: SubscriberRef): boolean {
        return who.name !== 'Eve';
      }
    }
    const channels = await world.manager({}, (m) => m.registerClass('ShoutChannel', ShoutChannel));
    const shout = await channels.create({ key: 'Shout', typeclass: 'ShoutChannel' });
    expect(shout).toBeInstanceOf(ShoutChannel);
    const [ann, eve, mute] = await Promise.all(['Ann', 'Eve', 'Mute'].map((n) => world.member(n)));
    expect(await channels.join(shout, eve!)).toEqual({
      ok: false,
      message: 'You may not join channel Shout.',
    });
    await channels.join(shout, ann!);
    await channels.join(shout, mute!);
    await channels.speak(shout, ann!, 'hi');
    await channels.speak(shout, mute!, 'dropped');
    expect(ann!.lines()).toEqual(['<Shout> Ann shouts: HI']);
    expect((await channels.history(shout, { limit: 5 })).map((m) => m.text)).toEqual(['HI']);

    const stored = world.manager();
    expect(await expectCode(stored, 'TYPECLASS_MISSING')).toMatch(/ShoutChannel/);
  });

  it('a bridge posts under its own name and does not hear itself; game posts skip the player checks', async () => {
    const channels = await world.manager();
    const pub = publicOf(channels);
    const [bot, bob] = await Promise.all([world.member('IRCBot', ['Bot']), world.member('Bob')]);
    await channels.join(pub, bot);
    await channels.join(pub, bob);
    const post = await pub.msg('hi from | irc', { senderName: 'cora@IRC', exclude: [bot.id] });
    expect(post?.line).toBe('[Public] cora@IRC: hi from || irc');
    expect(bob.lines()).toEqual(['[Public] cora@IRC: hi from || irc']);
    expect(bot.lines()).toEqual([]);
    // The bot hears players' lines, in parts, to relay them.
    await channels.speak(pub, bob, 'hello irc');
    expect(bot.session.named('comm_channel_text').map((c) => c[2])).toEqual([
      { channel: 'public', talker: 'Bob', text: '[Public] Bob: hello irc', message: 'hello irc' },
    ]);
    expect(
      (await channels.history(pub, { limit: 5 })).map((m) => [m.senderName, m.senderAccountId]),
    ).toEqual([
      ['cora@IRC', null],
      ['Bob', bob.id],
    ]);
    expect(pub.subscribers().map((s) => s.name)).toEqual(['IRCBot', 'Bob']);
  });

  it('an account deleted (a guest leaving) leaves its channels and ban lists', async () => {
    const channels = await world.manager();
    const pub = publicOf(channels);
    const [guest, bob] = await Promise.all([world.member('Guest1'), world.member('Bob')]);
    await channels.join(pub, guest);
    await channels.join(pub, bob);
    await channels.ban(channels.find('mudinfo')!, guest, 'no');
    channels.accountDeleted(guest.id);
    await world.storage.accounts.delete(guest.id);
    expect(channels.subscribers(pub).map((s) => s.name)).toEqual(['Bob']);
    expect(channels.bans(channels.find('mudinfo')!)).toEqual([]);
    expect(channels.channelsOf(guest.id)).toEqual([]);
    await world.reopen();
    expect((await world.manager()).subscribers(publicOf(channels)).map((s) => s.name)).toEqual([
      'Bob',
    ]);
  });

  it("an account's channel list (GMCP Comm.Channel.List) and revision follow its channels", async () => {
    const channels = await world.manager();
    const pub = publicOf(channels);
    const ann = await world.member('Ann');
    const before = channels.revisionFor(ann.id);
    await channels.join(pub, ann);
    expect(channels.revisionFor(ann.id)).not.toBe(before);
    expect(channelList(channels, ann.id)).toEqual([
      { name: 'public', caption: 'Public', command: 'public' },
    ]);
    const joined = channels.revisionFor(ann.id);
    await channels.speak(pub, ann, 'no change');
    expect(channels.revisionFor(ann.id)).toBe(joined);
    await channels.setPersonalAliases(pub, ann.id, ['chat']);
    const aliased = channels.revisionFor(ann.id);
    expect(aliased).not.toBe(joined);
    // A channel's own aliases change every account's commands.
    await channels.setAliases(pub, ['pub', 'p']);
    expect(channels.revisionFor(ann.id)).not.toBe(aliased);
    // The Server sends a new list to the clients of each account whose channels changed.
    expect(world.changedAccounts).toEqual([ann.id, ann.id]);
  });
});
