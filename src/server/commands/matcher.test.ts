import { describe, expect, it } from 'vitest';
import { Command } from './command.ts';
import { CmdSet } from './cmdset.ts';
import { CommandTestKit } from './test-support.ts';
import { Probe, probe } from './test-commands.ts';

/** A caller whose session cmdset holds `commands`; returns what ran. */
function setup(commands: Command[]) {
  const kit = new CommandTestKit();
  const ctx = kit.context();
  const set = new CmdSet();
  set.add(commands);
  ctx.sessionCmdset.add(set);
  return { kit, ctx, type: (line: string) => kit.type(ctx, line) };
}

describe('matching', () => {
  it('is case-insensitive and fills cmdstring (as typed), switches and args', async () => {
    const ran: string[] = [];
    const { type } = setup([probe('look', ['l'], ran)]);
    await type('LOOK at the Box ');
    await type('l/Brief/long  me');
    await type('Look/x');
    await type('l');
    expect(ran).toEqual([
      'look|LOOK||at the Box',
      'look|l|brief/long|me',
      'look|Look|x|',
      'look|l||',
    ]);
  });

  it('needs a space, / or the end after the name unless argRegex says otherwise', async () => {
    const ran: string[] = [];
    const emote = new Probe(':', [], ran);
    emote.argRegex = null;
    const strict = new Probe('go', [], ran);
    strict.argRegex = /^ \w+$/;
    const { ctx, type } = setup([probe('look', [], ran), emote, strict]);
    await type('looking');
    await type(':waves');
    await type('go north');
    await type('go');
    expect(ran).toEqual([':|:||waves', 'go|go||north']);
    expect(ctx.session.take()).toEqual([
      `Command 'looking' is not available. Maybe you meant 'look'?`,
      'ran :',
      'ran go',
      `Command 'go' is not available. Type "help" for help.`,
    ]);
  });

  it('prefers the longest name', async () => {
    const ran: string[] = [];
    const { type } = setup([probe('look', [], ran), probe('look at', [], ran)]);
    await type('look at box');
    await type('look around');
    expect(ran).toEqual(['look at|look at||box', 'look|look||around']);
  });

  it('drops @&/+ prefixes only when nothing else matches', async () => {
    const ran: string[] = [];
    const { type } = setup([probe('@dig', [], ran), probe('who', [], ran), probe('+who', [], ran)]);
    await type('dig north');
    await type('@dig south');
    await type('+who');
    await type('who');
    expect(ran).toEqual(['@dig|dig||north', '@dig|@dig||south', '+who|+who||', 'who|who||']);
  });

  it('N-name picks the Nth of several matches; an N out of range is no match', async () => {
    const kit = new CommandTestKit();
    const red = kit.thing('red button');
    const blue = kit.thing('blue button');
    const redRan: string[] = [];
    const blueRan: string[] = [];
    red.cmdset.add(new CmdSet()).add(new Probe('push', ['red'], redRan));
    blue.cmdset.add(new CmdSet()).add(new Probe('push', ['blue'], blueRan));
    const ctx = kit.context({ local: [red, blue] });
    await kit.type(ctx, 'push');
    expect(ctx.session.take()).toEqual([
      [
        "More than one match for 'push' (please narrow target):",
        // merge order: the later set of equal priority comes first
        ' 1-push (blue button)',
        ' 2-push (red button)',
        "Type e.g. '1-push' to pick one.",
      ].join('\n'),
    ]);
    await kit.type(ctx, '2-push hard');
    await kit.type(ctx, '1-PUSH');
    expect(redRan).toEqual(['push|push||hard']);
    expect(blueRan).toEqual(['push|PUSH||']);
    expect(ctx.session.take()).toEqual(['ran push', 'ran push']);
    await kit.type(ctx, '3-push');
    expect(ctx.session.take()[0]).toMatch(/^Command '3-push' is not available/);
  });

  it('a command the caller may not use is invisible', async () => {
    const ran: string[] = [];
    const kit = new CommandTestKit();
    const account = kit.account(['Player']);
    account.cmdset
      .add(new CmdSet())
      .add([new Probe('dig', [], ran, 'cmd:perm(Builder)'), new Probe('digest', [], ran)]);
    const ctx = kit.context({ account });
    await kit.type(ctx, 'dig');
    expect(ran).toEqual([]);
    expect(ctx.session.take()).toEqual([
      `Command 'dig' is not available. Maybe you meant 'digest'?`,
    ]);
    account.permissions.push('Builder');
    await kit.type(ctx, 'dig');
    expect(ran).toEqual(['dig|dig||']);
  });
});
