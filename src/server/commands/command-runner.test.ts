/**
 * The command handler behind the real `text` inputfunc and input dispatcher, with real
 * ServerSessions: pause, ask (the next line is the answer, not a command), timeouts, and a
 * session that keeps working after errors.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSessionSync } from '../../shared/session-data.ts';
import { registerCoreInputFuncs } from '../inputfuncs/core.ts';
import { GAME_ERROR_NOTICE, InputDispatcher } from '../inputfuncs/dispatcher.ts';
import { InputFuncRegistry } from '../inputfuncs/registry.ts';
import { ServerSession, type SessionOutlet } from '../sessions/server-session.ts';
import type { CallerContext } from './caller-context.ts';
import { Command } from './command.ts';
import { SessionCommandRunner } from './command-runner.ts';
import { CmdSet } from './cmdset.ts';
import type { CmdSetHandler } from './cmdset-handler.ts';
import { CommandTestKit } from './test-support.ts';

class Fn extends Command {
  constructor(
    key: string,
    private readonly body: (cmd: Fn) => unknown,
  ) {
    super();
    this.key = key;
  }
  async func(): Promise<void> {
    await this.body(this);
  }
}

function world(commands: Command[], askTimeoutSeconds?: number) {
  const kit = new CommandTestKit(askTimeoutSeconds === undefined ? {} : { askTimeoutSeconds });
  const contexts = new WeakMap<ServerSession, CallerContext>();
  const runner = new SessionCommandRunner(kit.handler, (session) => {
    let ctx = contexts.get(session);
    if (ctx === undefined) {
      const sessionCmdset: CmdSetHandler = kit.sessionCmdset(kit.context().session);
      const set = new CmdSet();
      set.add(commands);
      sessionCmdset.add(set);
      ctx = { session, sessionCmdset, account: null, puppet: null };
      contexts.set(session, ctx);
    }
    return ctx;
  });
  const registry = new InputFuncRegistry();
  registerCoreInputFuncs(registry, runner, kit.log);
  const dispatcher = new InputDispatcher(registry, kit.log);
  const out: string[] = [];
  const outlet: SessionOutlet = {
    sendTo: (_s, cmds) => out.push(...cmds.map((c) => String(c[1][0]))),
    disconnect: () => undefined,
    sync: () => undefined,
  };
  const session = new ServerSession(newSessionSync(1, 'telnet', '127.0.0.1', 0), outlet);
  const type = (line: string) => dispatcher.dispatch(session, [['text', [line], {}]]);
  return { kit, session, out, type };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionCommandRunner with the input dispatcher', () => {
  it('ask sends the question and resolves with the next line, which is not run as a command', async () => {
    const got: string[] = [];
    const { out, type } = world([
      new Fn('name', async (c) => {
        const answer = await c.ask('What is your name?');
        got.push(answer);
        c.msg(`Hello, ${answer}.`);
      }),
      new Fn('look', (c) => c.msg('You see a room.')),
    ]);
    await type('name');
    expect(out).toEqual(['What is your name?']);
    await type('look'); // the answer, not the look command
    await type('look');
    expect(got).toEqual(['look']);
    expect(out).toEqual(['What is your name?', 'Hello, look.', 'You see a room.']);
  });

  it('yesNo asks again per question and reads yes/no', async () => {
    const answers: boolean[] = [];
    const { out, type } = world([
      new Fn('delete', async (c) => {
        answers.push(await c.yesNo('Really delete?'));
        answers.push(await c.yesNo('Really really?'));
        c.msg('done');
      }),
    ]);
    void type('delete');
    void type('YES');
    await type(' nope ');
    expect(answers).toEqual([true, false]);
    expect(out).toEqual(['Really delete? [yes/no]', 'Really really? [yes/no]', 'done']);
  });

  it('a question times out with an interrupt; the session then runs commands again', async () => {
    vi.useFakeTimers();
    const { out, type, kit, session } = world([
      new Fn('confirm', async (c) => {
        await c.ask('Sure?', { timeoutSeconds: 5 });
        c.msg('never');
      }),
      new Fn('look', (c) => c.msg('You see a room.')),
    ]);
    await type('confirm');
    expect(kit.handler.isWaitingForInput(session)).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(kit.handler.isWaitingForInput(session)).toBe(false);
    await type('look');
    expect(out).toEqual(['Sure?', 'You took too long to answer.', 'You see a room.']);
  });

  it('the default timeout is the handler option; cancelInput interrupts quietly', async () => {
    vi.useFakeTimers();
    const ends: string[] = [];
    const { out, type, kit, session } = world(
      [
        new Fn('q', async (c) => {
          try {
            await c.ask('?');
          } catch (err) {
            ends.push((err as { reason: string }).reason);
            throw err;
          }
        }),
      ],
      2,
    );
    await type('q');
    await vi.advanceTimersByTimeAsync(2_000);
    await type('q');
    expect(kit.handler.cancelInput(session)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(ends).toEqual(['timeout', 'cancelled']);
    expect(out).toEqual(['?', 'You took too long to answer.', '?']);
  });

  it('pause holds the session’s later input until the command finishes', async () => {
    vi.useFakeTimers();
    const { out, type } = world([
      new Fn('slow', async (c) => {
        c.msg('start');
        await c.pause(3);
        c.msg('end');
      }),
      new Fn('look', (c) => c.msg('look')),
    ]);
    void type('slow');
    const after = type('look');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(out).toEqual(['start']);
    await vi.advanceTimersByTimeAsync(1_000);
    await after;
    expect(out).toEqual(['start', 'end', 'look']);
  });

  it('a nested command may ask too, and the outer one continues after', async () => {
    const { out, type } = world([
      new Fn('outer', async (c) => {
        await c.execute('inner');
        c.msg('outer done');
      }),
      new Fn('inner', async (c) => {
        c.msg(`inner got ${await c.ask('Color?')}`);
      }),
    ]);
    await type('outer');
    await type('red');
    expect(out).toEqual(['Color?', 'inner got red', 'outer done']);
  });

  it('an error in a command leaves the session working', async () => {
    const { out, type } = world([
      new Fn('boom', () => {
        throw new Error('bug');
      }),
      new Fn('look', (c) => c.msg('You see a room.')),
    ]);
    await type('boom');
    await type('look');
    expect(out).toEqual([GAME_ERROR_NOTICE, 'You see a room.']);
  });

  it('ask outside the handler is a coded error', async () => {
    const cmd = new Fn('x', () => undefined);
    await expect(async () => cmd.ask('?')).rejects.toMatchObject({ code: 'COMMAND_NOT_RUNNING' });
  });
});
