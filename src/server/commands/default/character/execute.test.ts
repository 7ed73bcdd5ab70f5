/**
 * `obj.execute(line)`: an object with no session — an NPC, later a script — runs commands
 * through the same handler players type into (issue 13 §4).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CmdSet } from '../../cmdset.ts';
import { Command } from '../../command.ts';
import { WorldTestKit } from './world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

/** Records what the handler handed the command, for the assertions. */
const seen: Array<{ session: unknown; caller: unknown; obj: unknown }> = [];

class CmdProbe extends Command {
  override key = 'probe';
  override func(): void {
    seen.push({ session: this.session, caller: this.caller, obj: this.obj });
    this.msg('probed');
  }
}

class CmdQuestion extends Command {
  override key = 'question';
  override async func(): Promise<void> {
    await this.ask('Which one?');
    this.msg('never reached');
  }
}

class NpcCmdSet extends CmdSet {
  override key = 'npc';
  override atCmdsetCreation(): void {
    this.add([new CmdProbe(), new CmdQuestion()]);
  }
}

describe('obj.execute', () => {
  it('an NPC nobody puppets speaks to the room through the say command', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    const cat = await kit.objects.create({
      typeclass: 'DefaultCharacter',
      key: 'Cat',
      location: kit.limbo,
    });
    await cat.execute('say meow');
    expect(ann.take()).toEqual(['Cat says, "meow"']);
    await cat.execute('pose stretches.');
    expect(ann.take()).toEqual(['Cat stretches.']);
  });

  it('an NPC walks through an exit, and the room it left and the room it reached see it', async () => {
    kit = await WorldTestKit.open();
    const garden = await kit.objects.create({ typeclass: 'DefaultRoom', key: 'Garden' });
    await kit.objects.create({
      typeclass: 'DefaultExit',
      key: 'north',
      location: kit.limbo,
      destination: garden,
    });
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob', { location: garden });
    const cat = await kit.objects.create({
      typeclass: 'DefaultCharacter',
      key: 'Cat',
      location: kit.limbo,
    });
    await cat.execute('north');
    expect(cat.location).toBe(garden);
    expect(ann.take()).toEqual(['Cat leaves for Garden.']);
    expect(bob.take()).toEqual(['Cat arrives from Limbo.']);
  });

  it('command.session is null, the caller and obj are the object', async () => {
    kit = await WorldTestKit.open();
    const npc = await kit.objects.create({ typeclass: 'DefaultObject', key: 'robot' });
    npc.cmdset.add(new NpcCmdSet(), { persistent: false });
    seen.length = 0;
    await npc.execute('probe');
    expect(seen).toEqual([{ session: null, caller: npc, obj: npc }]);
  });

  it("a puppet's execute reaches every session puppeting it, none when given one", async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    await ann.character.execute('look');
    expect(ann.take().join('\n')).toMatch(/^\|cLimbo/);
    // With a session, the command runs as if that session had typed it (its replies go there).
    seen.length = 0;
    ann.character.cmdset.add(new NpcCmdSet(), { persistent: false });
    await ann.character.execute('probe', { session: ann.session });
    expect(seen[0]?.session).toBe(ann.session);
    expect(ann.take()).toEqual(['probed']);
  });

  it('a command that asks has no one to ask: it stops with a logged error, not a hang', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    ann.character.cmdset.add(new NpcCmdSet(), { persistent: false });
    // Puppeted but run without a session: the question cannot be put; the puppet's player
    // hears the usual short notice and the execute resolves.
    await ann.character.execute('question');
    expect(ann.take()).toEqual([
      'An error occurred while running your command; it has been logged.',
    ]);
  });

  it('an unknown command tells whoever puppets the object, and an NPC alone nothing', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    await ann.character.execute('dance wildly');
    expect(ann.take().join('\n')).toMatch(/Command 'dance' is not available/);
    const cat = await kit.objects.create({ typeclass: 'DefaultCharacter', key: 'Cat' });
    await expect(cat.execute('dance')).resolves.toBeUndefined();
  });
});
