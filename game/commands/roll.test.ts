/**
 * Testing a game command without sockets or a database: the command test kit gives a caller
 * (session + account), a cmdset to put the command in, and a handler to type lines into.
 */
import { describe, expect, it } from 'vitest';
import { CmdSet, CommandTestKit } from 'waystone';
import { CmdRoll } from './roll.ts';

class TestSet extends CmdSet {
  override key = 'Test';
  override atCmdsetCreation(): void {
    this.add(new CmdRoll());
  }
}

function setup() {
  const kit = new CommandTestKit();
  const account = kit.account();
  account.cmdset.addDefault(new TestSet());
  const ctx = kit.context({ account });
  return { kit, ctx };
}

describe('roll', () => {
  it('rolls the dice asked for, within range', async () => {
    const { kit, ctx } = setup();
    await kit.type(ctx, 'roll 3d6');
    const [line] = ctx.session.take();
    const m = /You roll 3d6: (\d) \+ (\d) \+ (\d) = (\d+)\./.exec(line ?? '');
    expect(m).not.toBeNull();
    const dice = m!.slice(1, 4).map(Number);
    expect(dice.every((d) => d >= 1 && d <= 6)).toBe(true);
    expect(Number(m![4])).toBe(dice.reduce((a, b) => a + b, 0));
  });

  it('explains its usage on nonsense', async () => {
    const { kit, ctx } = setup();
    await kit.type(ctx, 'dice lots');
    expect(ctx.session.take()[0]).toContain('Usage: roll');
  });

  it('asks which dice with /ask and uses the answer', async () => {
    const { kit, ctx } = setup();
    await kit.type(ctx, 'roll/ask');
    expect(ctx.session.take()).toEqual(['Which dice? (e.g. 3d8)']);
    await kit.type(ctx, '1d20');
    expect(ctx.session.take()[0]).toMatch(/^You roll 1d20: \d+ = \d+\.$/);
  });
});
