import { describe, expect, it } from 'vitest';
import { Command } from '../command.ts';
import { CmdSet } from '../cmdset.ts';
import { HelpEntryRegistry } from '../help-entries.ts';
import { CommandTestKit } from '../test-support.ts';
import type { GameServices } from '../../game-services.ts';
import { builderCommands } from './builder/builder-commands.ts';
import { CmdHelp, dedent } from './help.ts';

class CmdLook extends Command {
  override key = 'look';
  override aliases = ['l'];
  override help = `
    Look around.

    Usage:
      look [target]
  `;
  func(): void {}
}

class CmdDig extends Command {
  override key = 'dig';
  override helpCategory = 'Building';
  override locks = 'cmd:perm(Builder)';
  static help = 'Dig a new room.';
  func(): void {}
}

class CmdSecret extends Command {
  override key = 'secret';
  override autoHelp = false;
  func(): void {}
}

function setup(entries?: HelpEntryRegistry) {
  const kit = new CommandTestKit();
  const account = kit.account(['Player']);
  const set = new CmdSet();
  set.add([new CmdHelp(entries ?? null), CmdLook, CmdDig, CmdSecret]);
  account.cmdset.add(set);
  const ctx = kit.context({ account });
  return {
    kit,
    account,
    ctx,
    help: async (line: string) => {
      await kit.type(ctx, line);
      return ctx.session.take().join('\n');
    },
  };
}

describe('help', () => {
  it('lists by category only what the caller may use', async () => {
    const { help, account } = setup();
    // A table of categories and their topics (text-ui/table.ts), its columns aligned.
    expect(await help('help')).toBe(
      ["|wHelp topics|n (type 'help <topic>' to read one):", 'General  help, look'].join('\n'),
    );
    account.permissions.push('Builder');
    expect(await help('?')).toBe(
      [
        "|wHelp topics|n (type 'help <topic>' to read one):",
        'Building  dig',
        'General   help, look',
      ].join('\n'),
    );
  });

  it('shows one topic from the help field or the class, by key or alias', async () => {
    const { help, account } = setup();
    expect(await help('help L')).toBe(
      [
        '|wHelp for look|n (aliases: l) [General]',
        'Look around.',
        '',
        'Usage:',
        '  look [target]',
      ].join('\n'),
    );
    expect(await help('h dig')).toBe("No help found for 'dig'.");
    account.permissions.push('Admin');
    expect(await help('h dig')).toBe('|wHelp for dig|n [Building]\nDig a new room.');
  });

  it('suggests close topics', async () => {
    const { help } = setup();
    expect(await help('help lok')).toBe("No help found for 'lok'. Maybe you meant 'look'?");
  });

  it('lists a category with the first sentence of each topic: help building', async () => {
    const { help, account } = setup();
    // Without the Builder permission there is nothing in Building to show.
    expect(await help('help building')).toBe("No help found for 'building'.");
    account.permissions.push('Builder');
    expect(await help('help Building')).toBe(
      [
        "|wHelp topics in Building|n (type 'help <topic>' to read one):",
        '  dig  Dig a new room.',
      ].join('\n'),
    );
    expect(await help('help general')).toBe(
      [
        "|wHelp topics in General|n (type 'help <topic>' to read one):",
        '  help  View help.',
        '  look  Look around.',
      ].join('\n'),
    );
    expect(await help('help buildin')).toBe(
      "No help found for 'buildin'. Maybe you meant 'Building'?",
    );
  });

  it('help building lists the real builder commands', async () => {
    const kit = new CommandTestKit();
    const account = kit.account(['Builder']);
    const builder = builderCommands({} as GameServices);
    account.cmdset.add(new CmdSet()).add([new CmdHelp(), ...builder]);
    const ctx = kit.context({ account });
    await kit.type(ctx, 'help building');
    const lines = ctx.session.take().join('\n').split('\n');
    expect(lines[0]).toBe("|wHelp topics in Building|n (type 'help <topic>' to read one):");
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}dig +Make a new room, and optionally exits to it from here/),
    );
    const listed = lines.slice(1).map((l) => l.trim().split(/\s+/, 1)[0]);
    // Every builder command a Builder may use (batchcode is a Developer's), in order.
    const building = builder
      .filter((c) => c.helpCategory === 'Building' && c.access(account))
      .map((c) => c.key);
    expect(listed).toEqual([...building].sort());
    expect(listed).toEqual(expect.arrayContaining(['dig', 'tunnel', 'find', 'typeclass']));
    // quell is anyone's (it only lowers what they may do): listed with the account's commands.
    expect(listed).not.toContain('quell');
  });

  it('includes a game’s own entries, with view locks', async () => {
    const kit = new CommandTestKit();
    const entries = new HelpEntryRegistry(kit.lockFuncs);
    entries.add({ key: 'rules', category: 'Policy', text: 'Be nice.' });
    entries.add({
      key: 'staff',
      category: 'Policy',
      text: 'Builders only.',
      locks: 'view:perm(Builder)',
    });
    expect(() => entries.add({ key: 'x', text: '', locks: 'view:perm(' })).toThrow(/invalid/);
    const { help, account } = setup(entries);
    expect(await help('help')).toMatch(/^Policy +rules$/m);
    expect(await help('help rules')).toBe('|wHelp for rules|n [Policy]\nBe nice.');
    account.permissions.push('Builder');
    expect(await help('help')).toMatch(/^Policy +rules, staff$/m);
  });

  it('dedents help text', () => {
    expect(dedent('\n    a\n      b\n\n    c\n  ')).toBe('a\n  b\n\nc');
  });
});
