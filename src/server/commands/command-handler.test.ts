import { describe, expect, it } from 'vitest';
import { GAME_ERROR_NOTICE } from '../inputfuncs/dispatcher.ts';
import { STORAGE_ERROR_NOTICE } from '../storage/availability.ts';
import { explainSqlite } from '../storage/sqlite-backend.ts';
import { Command } from './command.ts';
import { CmdSet } from './cmdset.ts';
import { InterruptCommand } from './interrupt.ts';
import { SystemCommand } from './system-commands.ts';
import { CMD_MULTIMATCH, CMD_NOINPUT, CMD_NOMATCH } from './system-keys.ts';
import { CommandTestKit } from './test-support.ts';
import { Probe, probe } from './test-commands.ts';

function setWith(key: string, priority: number, commands: Command[], fields: Partial<CmdSet> = {}) {
  const set = new CmdSet();
  Object.assign(set, { key, priority, ...fields });
  set.add(commands);
  return set;
}

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

describe('system commands', () => {
  it('no input does nothing by default', async () => {
    const kit = new CommandTestKit();
    const ctx = kit.context();
    await kit.type(ctx, '   ');
    expect(ctx.session.take()).toEqual([]);
  });

  it('no match says so, with close suggestions among usable commands', async () => {
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(
      setWith('S', 0, [
        probe('look', ['l']),
        probe('lock'),
        new Probe('loot', [], [], 'cmd:false()'),
      ]),
    );
    await kit.type(ctx, 'lok around');
    await kit.type(ctx, 'xyzzy');
    expect(ctx.session.take()).toEqual([
      "Command 'lok' is not available. Maybe you meant 'lock' or 'look'?",
      `Command 'xyzzy' is not available. Type "help" for help.`,
    ]);
  });

  it('suggests commands by their keys, never an alias, nor what help hides', async () => {
    const kit = new CommandTestKit();
    const exit = kit.thing('north', 'exit');
    exit.cmdset.add(setWith('ExitCmdSet', 101, [probe('north', ['n'])]));
    const ctx = kit.context({ local: [exit] });
    const hidden = probe('lurk');
    hidden.autoHelp = false;
    ctx.sessionCmdset.add(
      setWith('S', 0, [
        probe('who', ['doing']),
        hidden,
        new Probe('lure', [], [], 'cmd:all();view:false()'),
        probe('look', ['l', 'ls']),
      ]),
    );
    await kit.type(ctx, 'doign');
    await kit.type(ctx, 'lur');
    await kit.type(ctx, 'lsx');
    await kit.type(ctx, 'nroth');
    expect(ctx.session.take()).toEqual([
      "Command 'doign' is not available. Maybe you meant 'who'?",
      `Command 'lur' is not available. Type "help" for help.`,
      "Command 'lsx' is not available. Maybe you meant 'look'?",
      "Command 'nroth' is not available. Maybe you meant 'north'?",
    ]);
  });

  it('a game replaces them with commands of the system keys, from any set', async () => {
    class MyNoMatch extends SystemCommand {
      override key = CMD_NOMATCH;
      func(): void {
        this.msg(`huh? ${this.args} [${this.suggestions.join(',')}]`);
      }
    }
    class MyMulti extends SystemCommand {
      override key = CMD_MULTIMATCH;
      func(): void {
        this.msg(`which? ${this.matches.length}`);
      }
    }
    class MyNoInput extends SystemCommand {
      override key = CMD_NOINPUT;
      func(): void {
        this.msg('say something');
      }
    }
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(setWith('low', -5, [new MyNoMatch(), new MyNoInput()]));
    // a higher Replace set still lets the lower system commands through
    ctx.sessionCmdset.add(
      setWith('high', 5, [probe('push', ['a']), new MyMulti()], { mergeType: 'Replace' }),
    );
    ctx.sessionCmdset.add(setWith('high2', 5, [probe('push', ['b'])], { duplicates: true }));
    await kit.type(ctx, 'pusj it');
    await kit.type(ctx, 'push');
    await kit.type(ctx, '');
    expect(ctx.session.take()).toEqual(['huh? pusj it [push]', 'which? 2', 'say something']);
  });
});

describe('running a command', () => {
  it('sets the fields and runs atPreCmd → parse → func → atPostCmd, awaiting each', async () => {
    const order: string[] = [];
    class Full extends Command {
      override key = 'full';
      override async atPreCmd(): Promise<boolean> {
        await Promise.resolve();
        order.push('pre');
        return false;
      }
      override parse(): void {
        order.push(`parse:${this.args}`);
      }
      async func(): Promise<void> {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`func:${this.cmdstring}`);
      }
      override atPostCmd(): void {
        order.push('post');
      }
    }
    class Seen extends Command {
      override key = 'seen';
      func(): void {
        order.push(
          [
            this.caller === puppet,
            this.account === account,
            this.obj === puppet,
            this.cmdset.get('full') !== undefined,
            this.rawString,
          ].join(','),
        );
      }
    }
    const kit = new CommandTestKit();
    const account = kit.account();
    const puppet = kit.puppet(account);
    puppet.cmdset.add(setWith('P', 0, [new Full(), new Seen()]));
    const ctx = kit.context({ account, puppet });
    await kit.type(ctx, 'FULL  thing ');
    await kit.type(ctx, ' seen ');
    expect(order).toEqual([
      'pre',
      'parse:thing',
      'func:FULL',
      'post',
      'true,true,true,true, seen ',
    ]);
  });

  it('a truthy atPreCmd stops the command', async () => {
    const ran: string[] = [];
    class Gate extends Probe {
      override atPreCmd(): string {
        return 'no';
      }
    }
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(setWith('S', 0, [new Gate('gate', [], ran)]));
    await kit.type(ctx, 'gate');
    expect(ran).toEqual([]);
  });

  it('each run gets its own copy: state never leaks between runs', async () => {
    class Counter extends Command {
      override key = 'count';
      n = 0;
      func(): void {
        this.n += 1;
        this.msg(`n=${this.n}`);
      }
    }
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(setWith('S', 0, [new Counter()]));
    await kit.type(ctx, 'count');
    await kit.type(ctx, 'count');
    expect(ctx.session.take()).toEqual(['n=1', 'n=1']);
  });

  it('msg goes to the session that ran the command, or to all with allSessions', async () => {
    const kit = new CommandTestKit();
    const account = kit.account();
    const puppet = kit.puppet(account);
    puppet.cmdset.add(
      setWith('P', 0, [
        new Fn('one', (c) => c.msg('just me')),
        new Fn('all', (c) => c.msg('everyone', { allSessions: true })),
      ]),
    );
    const ctx = kit.context({ account, puppet });
    const other = kit.context({ account, puppet }).session;
    await kit.type(ctx, 'one');
    await kit.type(ctx, 'all');
    expect(ctx.session.take()).toEqual(['just me', 'everyone']);
    expect(other.take()).toEqual(['everyone']);
  });
});

describe('errors', () => {
  it('an exception in func gives a short notice and a logged trace; the session keeps working', async () => {
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(
      setWith('S', 0, [
        new Fn('boom', () => {
          throw new Error('kaboom');
        }),
        new Fn('asyncboom', async () => {
          await Promise.resolve();
          throw new TypeError('later');
        }),
        probe('ok'),
      ]),
    );
    await kit.type(ctx, 'boom');
    await kit.type(ctx, 'asyncboom');
    await kit.type(ctx, 'ok');
    expect(ctx.session.take()).toEqual([GAME_ERROR_NOTICE, GAME_ERROR_NOTICE, 'ran ok']);
    const errors = kit.logs.filter((r) => r.msg === 'error in command');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ command: 'boom', line: 'boom', sessid: 1 });
    expect((errors[0]?.['err'] as { stack: string }).stack).toMatch(/kaboom/);
  });

  it('a storage error reaches the log with its detail and the player without it', async () => {
    const file = '/srv/games/demo/server/game.sqlite3';
    const corrupt = Object.assign(new Error('database disk image is malformed'), {
      code: 'SQLITE_CORRUPT',
    });
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(
      setWith('S', 0, [
        new Fn('save', () => {
          throw explainSqlite(corrupt, file);
        }),
      ]),
    );
    await kit.type(ctx, 'save');
    const told = ctx.session.take();
    expect(told).toEqual([STORAGE_ERROR_NOTICE]);
    expect(told.join('\n')).not.toMatch(/\/srv|sqlite|SQLITE/i);
    const [logged] = kit.logs.filter((r) => r.msg === 'error in command');
    expect(logged).toMatchObject({ command: 'save', err: { code: 'STORAGE_CORRUPT' } });
    expect((logged?.['err'] as { message: string }).message).toContain(file);
  });

  it('errors in atPreCmd, parse and atPostCmd are handled the same way', async () => {
    class Bad extends Command {
      constructor(
        override readonly key: string,
        private readonly where: string,
      ) {
        super();
      }
      override atPreCmd(): unknown {
        if (this.where === 'pre') throw new Error('pre');
        return false;
      }
      override parse(): void {
        if (this.where === 'parse') throw new Error('parse');
      }
      func(): void {}
      override atPostCmd(): void {
        if (this.where === 'post') throw new Error('post');
      }
    }
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(
      setWith('S', 0, [new Bad('a', 'pre'), new Bad('b', 'parse'), new Bad('c', 'post')]),
    );
    for (const line of ['a', 'b', 'c']) await kit.type(ctx, line);
    expect(ctx.session.take()).toEqual([GAME_ERROR_NOTICE, GAME_ERROR_NOTICE, GAME_ERROR_NOTICE]);
  });

  it('InterruptCommand aborts quietly, or with its notice', async () => {
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(
      setWith('S', 0, [
        new Fn('quiet', (c) => {
          c.msg('before');
          throw new InterruptCommand();
        }),
        new Fn('loud', () => {
          throw new InterruptCommand('Stopped.');
        }),
      ]),
    );
    await kit.type(ctx, 'quiet');
    await kit.type(ctx, 'loud');
    expect(ctx.session.take()).toEqual(['before', 'Stopped.']);
    expect(kit.logs.filter((r) => r.level >= 50)).toEqual([]);
  });

  it('a malformed lock on a command in a loose cmdset is an error at merge, not a crash', async () => {
    const kit = new CommandTestKit();
    const ctx = kit.context();
    // the session handler compiles locks when a set is added: LOCK_INVALID at once
    expect(() =>
      ctx.sessionCmdset.add(setWith('S', 0, [new Probe('x', [], [], 'cmd:perm(')])),
    ).toThrow(/invalid/);
  });
});

describe('recursion', () => {
  it('stops commands running commands at 10 deep', async () => {
    let runs = 0;
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(
      setWith('S', 0, [
        new Fn('again', async (c) => {
          runs += 1;
          await c.execute('again');
        }),
      ]),
    );
    await kit.type(ctx, 'again');
    expect(runs).toBe(10);
    expect(ctx.session.take()).toEqual(["Command recursion limit (10) reached for 'again'."]);
    // and the session still works
    runs = 0;
    await kit.type(ctx, 'again');
    expect(runs).toBe(10);
  });

  it('nested commands run as the same caller and their errors stay theirs', async () => {
    const kit = new CommandTestKit();
    const ctx = kit.context();
    ctx.sessionCmdset.add(
      setWith('S', 0, [
        new Fn('outer', async (c) => {
          await c.execute('inner');
          await c.execute('nosuch');
          c.msg('outer done');
        }),
        new Fn('inner', () => {
          throw new Error('inner broke');
        }),
      ]),
    );
    await kit.type(ctx, 'outer');
    expect(ctx.session.take()).toEqual([
      GAME_ERROR_NOTICE,
      `Command 'nosuch' is not available. Type "help" for help.`,
      'outer done',
    ]);
  });
});

describe('gathering cmdsets', () => {
  it('merges session (−20), account (−10), puppet (0) and exits (101) by priority', async () => {
    const kit = new CommandTestKit();
    const account = kit.account();
    const puppet = kit.puppet(account);
    const exit = kit.thing('north exit', 'exit');
    const ctx = kit.context({ account, puppet, local: [exit] });
    ctx.sessionCmdset.add(
      setWith('Session', -20, [new Fn('look', (c) => c.msg('session look')), probe('quit')]),
    );
    account.cmdset.add(
      setWith('Account', -10, [new Fn('look', (c) => c.msg('ooc look')), probe('who')]),
    );
    puppet.cmdset.add(setWith('Character', 0, [new Fn('look', (c) => c.msg('ic look'))]));
    exit.cmdset.add(setWith('Exit', 101, [probe('north', ['n'])]));
    for (const line of ['look', 'quit', 'who', 'n']) await kit.type(ctx, line);
    expect(ctx.session.take()).toEqual(['ic look', 'ran quit', 'ran who', 'ran north']);
  });

  it('offers local sources only to callers passing their call lock (superusers too)', async () => {
    const kit = new CommandTestKit();
    const account = kit.account();
    const puppet = kit.puppet(account);
    const box = kit.thing('box', 'object', 'call:perm(Builder)');
    box.cmdset.add(setWith('Box', 0, [probe('open')]));
    const ctx = kit.context({ account, puppet, local: [box] });
    await kit.type(ctx, 'open');
    account.isSuperuser = true;
    await kit.type(ctx, 'open');
    account.permissions.push('Builder');
    await kit.type(ctx, 'open');
    expect(ctx.session.take()).toEqual([
      expect.stringMatching(/not available/),
      expect.stringMatching(/not available/),
      'ran open',
    ]);
  });

  it('noObjs, noExits and noChannels on the caller sets skip those sources', async () => {
    const kit = new CommandTestKit();
    const puppet = kit.puppet(null);
    const box = kit.thing('box');
    const exit = kit.thing('door', 'exit');
    const channel = kit.thing('public', 'channel');
    box.cmdset.add(setWith('Box', 0, [probe('open')]));
    exit.cmdset.add(setWith('Exit', 101, [probe('door')]));
    channel.cmdset.add(setWith('Chan', 101, [probe('public')]));
    const ctx = kit.context({ puppet, local: [box, exit, channel] });
    const run = async () => {
      for (const line of ['open', 'door', 'public']) await kit.type(ctx, line);
      return ctx.session.take().map((l) => (l.startsWith('ran') ? l : 'none'));
    };
    expect(await run()).toEqual(['ran open', 'ran door', 'ran public']);
    const blind = puppet.cmdset.add(setWith('Blind', 5, [], { noExits: true }));
    expect(await run()).toEqual(['ran open', 'none', 'ran public']);
    blind.noObjs = true;
    expect(await run()).toEqual(['none', 'none', 'ran public']);
    blind.noChannels = true;
    blind.noObjs = false;
    blind.noExits = false;
    expect(await run()).toEqual(['ran open', 'ran door', 'none']);
  });
});

describe('the merge cache', () => {
  it('reuses the merge until a set, a command or an option changes', async () => {
    const kit = new CommandTestKit();
    const ctx = kit.context();
    const set = ctx.sessionCmdset.add(setWith('S', 0, [probe('look')]));
    await kit.type(ctx, 'look');
    await kit.type(ctx, 'look');
    await kit.type(ctx, 'look');
    expect(kit.handler.cacheStats()).toMatchObject({ hits: 2, misses: 1, size: 1 });

    set.add(probe('get'));
    await kit.type(ctx, 'get');
    expect(kit.handler.cacheStats()).toMatchObject({ hits: 2, misses: 2 });

    const high = ctx.sessionCmdset.add(setWith('H', -1, [probe('get', ['high'])]));
    await kit.type(ctx, 'get');
    expect(ctx.session.take().at(-1)).toBe('ran get');
    high.priority = 5; // an option change is seen even without a version change
    await kit.type(ctx, 'get');
    expect(kit.handler.cacheStats()).toMatchObject({ hits: 2, misses: 4 });
    expect(kit.handler.merged(ctx).get('high')).toBeDefined();

    ctx.sessionCmdset.remove(high);
    await kit.type(ctx, 'get');
    expect(kit.handler.cacheStats().hits).toBe(4); // merged() hit once; then back to an earlier state
  });

  it('two callers with the same sets share one entry; caching can be turned off', async () => {
    const kit = new CommandTestKit();
    const shared = kit.thing('fountain');
    shared.cmdset.add(setWith('F', 0, [probe('drink')]));
    const a = kit.context({ local: [shared] });
    const b = kit.context({ local: [shared], sessionCmdset: a.sessionCmdset });
    await kit.type(a, 'drink');
    await kit.type(b, 'drink');
    expect(kit.handler.cacheStats()).toMatchObject({ hits: 1, misses: 1 });

    const uncached = new CommandTestKit({ cache: false });
    const ctx = uncached.context();
    ctx.sessionCmdset.add(setWith('S', 0, [probe('look')]));
    await uncached.type(ctx, 'look');
    await uncached.type(ctx, 'look');
    expect(uncached.handler.cacheStats()).toMatchObject({ hits: 0, misses: 2, size: 0 });
    expect(ctx.session.take()).toEqual(['ran look', 'ran look']);
  });
});

describe('shared cmdsets', () => {
  it('serve every owner from one instance, each command acting on its caller', async () => {
    const kit = new CommandTestKit();
    const seen: unknown[] = [];
    const shared = setWith('Shared', 0, [new Fn('whoami', (cmd) => seen.push(cmd.obj))], {
      shared: true,
    });
    const ann = kit.puppet(kit.account(), 'Ann');
    const bob = kit.puppet(kit.account(), 'Bob');
    ann.cmdset.addDefault(shared);
    bob.cmdset.addDefault(shared); // an owned set would be refused here (CMDSET_INVALID)
    await kit.type(kit.context({ puppet: ann }), 'whoami');
    await kit.type(kit.context({ puppet: bob }), 'whoami');
    expect(seen).toEqual([ann, bob]);
    // Both players hit one merge: the cache saw the same sets.
    expect(kit.handler.cacheStats().hits).toBeGreaterThanOrEqual(1);
  });
});

describe("a session's own cmdsets", () => {
  it('merge on top of the shared session set for that session only', async () => {
    const kit = new CommandTestKit();
    const shared = kit.sessionCmdset(kit.context().session);
    shared.add(setWith('shared', -20, [probe('look')]));
    const account = kit.account();
    const withSet = kit.context({ sessionCmdset: shared, account });
    const other = kit.context({ sessionCmdset: shared, account });
    const own = kit.sessionCmdset(withSet.session);
    own.add(setWith('chargen', -20, [probe('chargen')]));
    const mine = { ...withSet, sessionOwnCmdset: own };
    await kit.type(mine, 'chargen');
    await kit.type(mine, 'look');
    await kit.type(other, 'chargen');
    await kit.type(other, 'look');
    expect(mine.session.take()).toEqual(['ran chargen', 'ran look']);
    const seen = other.session.take();
    expect(seen[0]).toContain("Command 'chargen' is not available");
    expect(seen[1]).toBe('ran look');
  });
});
