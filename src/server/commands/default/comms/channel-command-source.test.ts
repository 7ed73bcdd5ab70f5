import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelManager } from '../../../comms/channel-manager.ts';
import { CommsWorld, type TestMember } from '../../../comms/test-comms.ts';
import type { CallerContext, CmdSetCarrier } from '../../caller-context.ts';
import { CmdSet } from '../../cmdset.ts';
import { CmdSetHandler } from '../../cmdset-handler.ts';
import { Command } from '../../command.ts';
import { CommandTestKit, TestSession } from '../../test-support.ts';
import { ChannelCommandSources } from './channel-command-source.ts';

/** A command of the account's own called `pub`, to see which one wins. */
class CmdPubCrawl extends Command {
  override key = 'pub';
  func(): void {
    this.msg('You go to the pub.');
  }
}

describe('commands named after channels', () => {
  let world: CommsWorld;
  let channels: ChannelManager;
  let kit: CommandTestKit;
  let sources: ChannelCommandSources;
  let ann: TestMember;
  let carrier: TestMember & CmdSetCarrier;
  let session: TestSession;

  beforeEach(async () => {
    world = await CommsWorld.open();
    channels = await world.manager();
    kit = new CommandTestKit({ lockFuncs: world.lockFuncs });
    sources = new ChannelCommandSources(channels, world.lockFuncs);
    ann = await world.member('Ann');
    // The account as the command handler sees it: its cmdsets, and text to its session.
    session = new TestSession(ann.session.sessid);
    carrier = Object.assign(ann, {
      cmdset: new CmdSetHandler({ owner: ann, lockFuncs: world.lockFuncs }),
      msg: (text: string) => session.msg(text),
    });
  });
  afterEach(async () => {
    await world.close();
  });

  const context = (): CallerContext => {
    const source = sources.sourceFor(ann);
    return {
      session,
      sessionCmdset: kit.sessionCmdset(session),
      account: carrier,
      puppet: null,
      ...(source ? { localSources: () => [source] } : {}),
    };
  };

  it('a channel you are on is a command by its name, its aliases and yours', async () => {
    const pub = channels.find('public');
    if (pub === undefined) throw new Error('no Public');
    expect(sources.sourceFor(ann)).toBeNull();
    await kit.type(context(), 'pub hello');
    expect(session.take()).toEqual([expect.stringMatching(/^Command 'pub' is not available\./)]);

    await channels.join(pub, ann);
    await kit.type(context(), 'pub hello');
    await kit.type(context(), 'PUBLIC again');
    expect(ann.lines()).toEqual(['[Public] Ann: hello', '[Public] Ann: again']);
    await kit.type(context(), 'pub');
    expect(session.take()).toEqual(['Say what on Public? Usage: public <message>']);

    await channels.setPersonalAliases(pub, ann.id, ['chat']);
    await kit.type(context(), 'chat mine');
    expect(ann.lines().at(-1)).toBe('[Public] Ann: mine');
    await channels.leave(pub, ann);
    expect(sources.sourceFor(ann)).toBeNull();
  });

  it('never hides a real command of the same name, and a set with noChannels hides them all', async () => {
    const pub = channels.find('public');
    if (pub === undefined) throw new Error('no Public');
    await channels.join(pub, ann);
    const own = new CmdSet();
    own.add(new CmdPubCrawl());
    const set = carrier.cmdset.add(own);
    await kit.type(context(), 'pub hello');
    expect(session.take()).toEqual(['You go to the pub.']);
    await kit.type(context(), 'public hello');
    expect(ann.lines()).toEqual(['[Public] Ann: hello']);
    carrier.cmdset.remove(set);

    const quiet = new CmdSet();
    quiet.noChannels = true;
    carrier.cmdset.add(quiet);
    await kit.type(context(), 'public hush');
    expect(session.take()).toEqual([expect.stringMatching(/^Command 'public' is not available\./)]);
  });
});
