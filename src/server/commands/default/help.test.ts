import { describe, expect, it } from 'vitest';
import { Command } from '../command.ts';
import { CmdSet } from '../cmdset.ts';
import { HelpEntryRegistry } from '../help-entries.ts';
import { CommandTestKit } from '../test-support.ts';
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
    expect(await help('help')).toBe(
      ["Help topics (type 'help <topic>' to read one):", 'General: help, look'].join('\n'),
    );
    account.permissions.push('Builder');
    expect(await help('?')).toBe(
      [
        "Help topics (type 'help <topic>' to read one):",
        'Building: dig',
        'General: help, look',
      ].join('\n'),
    );
  });

  it('shows one topic from the help field or the class, by key or alias', async () => {
    const { help, account } = setup();
    expect(await help('help L')).toBe(
      [
        'Help for look (aliases: l) [General]',
        'Look around.',
        '',
        'Usage:',
        '  look [target]',
      ].join('\n'),
    );
    expect(await help('h dig')).toBe("No help found for 'dig'.");
    account.permissions.push('Admin');
    expect(await help('h dig')).toBe('Help for dig [Building]\nDig a new room.');
  });

  it('suggests close topics', async () => {
    const { help } = setup();
    expect(await help('help lok')).toBe("No help found for 'lok'. Maybe you meant 'look'?");
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
    expect(await help('help')).toContain('Policy: rules');
    expect(await help('help rules')).toBe('Help for rules [Policy]\nBe nice.');
    account.permissions.push('Builder');
    expect(await help('help')).toContain('Policy: rules, staff');
  });

  it('dedents help text', () => {
    expect(dedent('\n    a\n      b\n\n    c\n  ')).toBe('a\n  b\n\nc');
  });
});
