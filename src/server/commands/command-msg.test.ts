/**
 * Where `command.msg` goes (the rule in command.ts's header): the typing session or every
 * session of the caller, decided per call, per command class, and by the handler's
 * `msgAllSessions` (the `commandMsgAllSessions` setting); questions, error notices and the
 * "not available" replies stay on the typing session.
 */
import { describe, expect, it } from 'vitest';
import { GAME_ERROR_NOTICE } from '../inputfuncs/dispatcher.ts';
import { Command } from './command.ts';
import { CmdSet } from './cmdset.ts';
import { CommandTestKit, TestSession, type TestEntity } from './test-support.ts';

class Say extends Command {
  constructor(
    key: string,
    private readonly body: (cmd: Say) => unknown,
    msgAllSessions?: boolean,
  ) {
    super();
    this.key = key;
    if (msgAllSessions !== undefined) this.msgAllSessions = msgAllSessions;
  }
  async func(): Promise<void> {
    await this.body(this);
  }
}

function commands(...cmds: Command[]): CmdSet {
  const set = new CmdSet();
  Object.assign(set, { key: 'Test', priority: 0 });
  set.add(cmds);
  return set;
}

/** Two sessions (1 and 2) of one account, both puppeting one character (modes 1 and 3). */
function twoWindows(kit: CommandTestKit, sets: CmdSet, onPuppet = true) {
  const account = kit.account();
  const puppet: TestEntity | null = onPuppet ? kit.puppet(account) : null;
  (puppet ?? account).cmdset.add(sets);
  const first = kit.context({ session: new TestSession(1), account, puppet });
  const second = kit.context({ session: new TestSession(2), account, puppet });
  return { first, second, account, puppet };
}

describe('command.msg and the msgAllSessions setting', () => {
  it('by default (modes 0, 2, 3) answers only the session that typed the line', async () => {
    const kit = new CommandTestKit();
    const { first, second } = twoWindows(kit, commands(new Say('look', (c) => c.msg('a room'))));
    await kit.type(first, 'look');
    expect(first.session.take()).toEqual(['a room']);
    expect(second.session.take()).toEqual([]);
  });

  it('with msgAllSessions (mode 1) answers every session of the puppet, or of the account OOC', async () => {
    const kit = new CommandTestKit({ msgAllSessions: true });
    const set = () => commands(new Say('look', (c) => c.msg(`a room (${c.msgAllSessions})`)));
    const ic = twoWindows(kit, set());
    await kit.type(ic.second, 'look');
    expect(ic.first.session.take()).toEqual(['a room (true)']);
    expect(ic.second.session.take()).toEqual(['a room (true)']);

    const ooc = twoWindows(kit, set(), false);
    await kit.type(ooc.first, 'look');
    expect(ooc.first.session.take()).toEqual(['a room (true)']);
    expect(ooc.second.session.take()).toEqual(['a room (true)']);
  });

  it('a command class decides over the setting; one call decides over both', async () => {
    const kit = new CommandTestKit({ msgAllSessions: true });
    const { first, second } = twoWindows(
      kit,
      commands(
        new Say('mine', (c) => c.msg('only here'), false),
        new Say('shout', (c) => c.msg('everywhere')),
        new Say(
          'both',
          (c) => {
            c.msg('typed here', { allSessions: false });
            c.msg('to all', { allSessions: true });
            c.msg('to window 2', { session: second.session });
          },
          false,
        ),
      ),
    );
    await kit.type(first, 'mine');
    await kit.type(first, 'shout');
    await kit.type(first, 'both');
    expect(first.session.take()).toEqual(['only here', 'everywhere', 'typed here', 'to all']);
    expect(second.session.take()).toEqual(['everywhere', 'to all', 'to window 2']);

    // And the other way round: a class that shares even where the setting does not.
    const quiet = new CommandTestKit();
    const w = twoWindows(quiet, commands(new Say('shout', (c) => c.msg('hey'), true)));
    await quiet.type(w.first, 'shout');
    expect(w.second.session.take()).toEqual(['hey']);
  });

  it('questions, error notices and "not available" stay on the typing session', async () => {
    const kit = new CommandTestKit({ msgAllSessions: true });
    const { first, second } = twoWindows(
      kit,
      commands(
        new Say('name', async (c) => c.msg(`Hello, ${await c.ask('Your name?')}.`)),
        new Say('boom', () => {
          throw new Error('kaput');
        }),
      ),
    );
    const asking = kit.type(first, 'name');
    await asking;
    expect(first.session.take()).toEqual(['Your name?']);
    expect(second.session.take()).toEqual([]);
    await kit.type(first, 'Ann');
    // The answer's reply is an ordinary reply: both windows.
    expect(first.session.take()).toEqual(['Hello, Ann.']);
    expect(second.session.take()).toEqual(['Hello, Ann.']);

    await kit.type(first, 'boom');
    await kit.type(first, 'xyzzy');
    expect(first.session.take()).toEqual([
      GAME_ERROR_NOTICE,
      `Command 'xyzzy' is not available. Type "help" for help.`,
    ]);
    expect(second.session.take()).toEqual([]);
  });

  it('before login there is no one else to tell: the session itself', async () => {
    const kit = new CommandTestKit({ msgAllSessions: true });
    const ctx = kit.context();
    ctx.sessionCmdset.add(commands(new Say('look', (c) => c.msg('the login screen'))));
    await kit.type(ctx, 'look');
    expect(ctx.session.take()).toEqual(['the login screen']);
  });
});
