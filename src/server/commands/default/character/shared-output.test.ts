/**
 * The character commands with one character shared by two sessions (multisession modes 1 and
 * 3): `say`, `pose` and `whisper` reach both of its sessions (they speak through `atSay`);
 * `look` answers the typing session unless the handler shares replies (mode 1's setting).
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLockFuncRegistry } from '../../../locks/builtin-lock-funcs.ts';
import { CommandHandler } from '../../command-handler.ts';
import { KitSession, WorldTestKit, type KitPlayer } from './world-test-kit.ts';

let kit: WorldTestKit;
afterEach(async () => kit?.close());

/** A second session of `player`'s account, puppeting the same character. */
function secondWindow(player: KitPlayer): KitSession {
  const session = new KitSession(100 + player.account.id, player.account);
  player.account.sessions.push(session);
  player.character.sessions.add(session);
  return session;
}

describe('one character, two sessions', () => {
  it('say, pose and whisper reach both sessions; others hear them once', async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    const bob = await kit.player('Bob');
    const other = secondWindow(ann);

    expect(await kit.type(ann, 'say hello |rthere')).toEqual(['You say, "hello ||rthere"']);
    expect(other.take()).toEqual(['You say, "hello ||rthere"']);
    expect(bob.take()).toEqual(['Ann says, "hello ||rthere"']);

    expect(await kit.type(ann, ':waves.')).toEqual(['Ann waves.']);
    expect(other.take()).toEqual(['Ann waves.']);
    expect(bob.take()).toEqual(['Ann waves.']);

    expect(await kit.type(ann, 'whisper bob = psst')).toEqual(['You whisper to Bob, "psst"']);
    expect(other.take()).toEqual(['You whisper to Bob, "psst"']);
    expect(bob.take()).toEqual(['Ann whispers, "psst"']);

    // What only the typing window asked about stays there (modes 0, 2, 3 by default).
    expect(await kit.typeText(ann, 'look')).toContain('Limbo');
    expect(await kit.type(ann, 'say')).toEqual(['Say what?']);
    expect(other.take()).toEqual([]);
  });

  it("with the setting on (mode 1's default), a command's reply reaches both", async () => {
    kit = await WorldTestKit.open();
    const ann = await kit.player('Ann');
    const other = secondWindow(ann);
    const shared = new CommandHandler({
      lockFuncs: createLockFuncRegistry(),
      log: pino({ level: 'silent' }),
      msgAllSessions: true,
    });
    await kit.objects.batch(() => shared.run(kit.contextFor(ann), 'look'));
    const [mine, theirs] = [ann.take().join('\n'), other.take().join('\n')];
    expect(mine).toContain('The starting room.');
    expect(theirs).toBe(mine);
    // A typo is still only the typist's business.
    await kit.objects.batch(() => shared.run(kit.contextFor(ann), 'lok'));
    expect(ann.take().join('')).toContain("Command 'lok' is not available.");
    expect(other.take()).toEqual([]);
  });
});
