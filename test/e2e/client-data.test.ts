/**
 * Client data over real telnet (issue 13 §5): a GMCP client reads its character's name and
 * location with Char.Value.Get and watches an attribute with Char.Monitor.Update; an MSDP
 * client lists, REPORTs and sees the same changes as MSDP variables; a watch survives a Server
 * reload. The game declares `hp` (MSDP HEALTH) and has commands that change it and move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, waitUntil } from '../support/game-process.ts';
import { logInOverTelnet } from '../support/log-in.ts';
import { TelnetClient } from '../support/telnet-client.ts';
import {
  OPTION,
  gmcp,
  gmcpMessages,
  msdp,
  msdpMessages,
  negotiation,
} from '../support/telnet-wire.ts';

const GAME = `
import { Command, type GameSetup } from 'waystone';

export default function setup(game: GameSetup): void {
  const { objects } = game.services;
  game.clientVariables.attribute('hp', { msdp: 'HEALTH' });

  class CmdHurt extends Command {
    override key = 'hurt';
    override func(): void {
      const me = this.caller as unknown as { db: Record<string, unknown> };
      const hp = typeof me.db.hp === 'number' ? me.db.hp : 100;
      // Two writes in one command: a watching client hears the last one only.
      me.db.hp = hp - 5;
      me.db.hp = hp - 10;
      this.msg('Ouch.');
    }
  }

  class CmdJump extends Command {
    override key = 'jump';
    override async func(): Promise<void> {
      const me = this.caller as unknown as { moveTo(to: unknown, o: object): Promise<boolean> };
      const [garden] = await objects.find({ key: 'Garden' });
      await me.moveTo(garden, { quiet: true });
      this.msg('You jump into the garden.');
    }
  }

  game.onWorldCreated(async () => {
    await objects.create({ typeclass: 'DefaultRoom', key: 'Garden' });
  });
  game.extendCmdSet('account', (set) => set.add([new CmdHurt(), new CmdJump()]));
}
`;

// Fast password hashing: these tests are about client data, not logins.
const ENV = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };

function raw(c: TelnetClient): Buffer {
  return Buffer.concat(c.raw);
}

/** GMCP messages of one package received so far, their data. */
function gmcpOf(c: TelnetClient, pkg: string): unknown[] {
  return gmcpMessages(raw(c))
    .filter((m) => m.pkg === pkg)
    .map((m) => m.data);
}

async function gmcpClient(game: GameProcess, name: string): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  c.writeRaw(negotiation('DO', OPTION.GMCP));
  await c.waitFor('Welcome to Testgame');
  await logInOverTelnet(c, name);
  return c;
}

describe('client data over telnet', () => {
  let game: GameProcess;

  beforeAll(async () => {
    // Each test makes an account, all from 127.0.0.1.
    const dir = makeGameDir({ accountCreationLimit: 20 }, GAME);
    game = await GameProcess.start({ dir, env: ENV });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it("GMCP: Char.Value.Get answers the character's name and location", async () => {
    const c = await gmcpClient(game, 'Vera');
    c.writeRaw(gmcp('Char.Value.Get {"name":"name"}'));
    c.writeRaw(gmcp('Char.Value.Get {"name":"location"}'));
    c.writeRaw(gmcp('Char.Value.Get {"name":"no_such_thing"}'));
    const answers = await waitUntil('three answers', () => {
      const got = gmcpOf(c, 'Char.Value.Get');
      return got.length === 3 ? got : null;
    });
    expect(answers).toEqual([
      { name: 'name', value: 'Vera' },
      { name: 'location', value: 'Limbo' },
      { name: 'no_such_thing', error: 'unknown value' },
    ]);
    c.close();
  });

  it('GMCP: Char.Monitor.Update sends the value, then each change once', async () => {
    const c = await gmcpClient(game, 'Wren');
    c.writeRaw(gmcp('Char.Monitor.Update {"name":"hp"}'));
    c.writeRaw(gmcp('Char.Monitor.Update {"name":"location"}'));
    const updates = (): unknown[] => gmcpOf(c, 'Char.Monitor.Update');
    await waitUntil('the current values', () => updates().length === 2);
    expect(updates()).toEqual([
      { name: 'hp', value: null },
      { name: 'location', value: 'Limbo' },
    ]);

    await c.exchange('hurt', 'Ouch.');
    await waitUntil('the hp update', () => updates().length === 3);
    expect(updates()[2]).toEqual({ name: 'hp', value: 90 });

    await c.exchange('jump', 'You jump into the garden.');
    await waitUntil('the location update', () => updates().length === 4);
    expect(updates()[3]).toEqual({ name: 'location', value: 'Garden' });

    // Commands that change neither send nothing more; a second hurt sends 80 once.
    await c.exchange('say still standing', 'You say, "still standing"');
    await c.exchange('hurt', 'Ouch.');
    await waitUntil('the second hp update', () => updates().length === 5);
    await c.exchange('look', 'Garden');
    expect(updates().slice(4)).toEqual([{ name: 'hp', value: 80 }]);

    c.writeRaw(gmcp('Core.Monitored'));
    await waitUntil('the list of monitors', () => gmcpOf(c, 'Core.Monitored').length === 1);
    expect(gmcpOf(c, 'Core.Monitored')).toEqual([['hp', 'location']]);
    c.close();
  });

  it('MSDP: LIST, REPORT and UNREPORT, with changes sent as MSDP variables', async () => {
    const c = await TelnetClient.open(game.telnetPort);
    c.writeRaw(Buffer.concat([negotiation('DO', OPTION.MSDP), negotiation('DONT', OPTION.GMCP)]));
    await c.waitFor('Welcome to Testgame');
    await logInOverTelnet(c, 'Mira');
    const messages = (): Array<Record<string, string | string[]>> => msdpMessages(raw(c));

    c.writeRaw(msdp(['LIST', 'REPORTABLE_VARIABLES']));
    const list = await waitUntil('the reportable variables', () =>
      messages().find((m) => 'REPORTABLE_VARIABLES' in m),
    );
    expect(list['REPORTABLE_VARIABLES']).toEqual(
      expect.arrayContaining(['CHARACTER_NAME', 'ROOM_NAME', 'HEALTH']),
    );

    c.writeRaw(msdp(['REPORT', ['HEALTH', 'ROOM_NAME', 'MANA']]));
    const first = await waitUntil('the reported values', () =>
      messages().find((m) => 'HEALTH' in m),
    );
    expect(first).toEqual({ HEALTH: '', ROOM_NAME: 'Limbo' }); // no hp yet: empty; no MANA here

    await c.exchange('hurt', 'Ouch.');
    await waitUntil('HEALTH 90', () => messages().some((m) => m['HEALTH'] === '90'));
    c.writeRaw(msdp(['UNREPORT', 'HEALTH']));
    c.writeRaw(msdp(['LIST', 'REPORTED_VARIABLES']));
    const reported = await waitUntil('the reported list', () =>
      messages().find((m) => 'REPORTED_VARIABLES' in m),
    );
    expect(reported['REPORTED_VARIABLES']).toEqual(['ROOM_NAME']);
    await c.exchange('hurt', 'Ouch.');
    await c.exchange('jump', 'You jump into the garden.');
    await waitUntil('ROOM_NAME Garden', () => messages().some((m) => m['ROOM_NAME'] === 'Garden'));
    c.writeRaw(msdp(['SEND', 'HEALTH']));
    await waitUntil('HEALTH 80 on SEND', () => messages().some((m) => m['HEALTH'] === '80'));

    const changes = messages().filter((m) => 'HEALTH' in m || 'ROOM_NAME' in m);
    expect(changes).toEqual([
      { HEALTH: '', ROOM_NAME: 'Limbo' },
      { HEALTH: '90' },
      { ROOM_NAME: 'Garden' },
      { HEALTH: '80' },
    ]);
    expect(gmcpMessages(raw(c))).toEqual([]); // an MSDP-only client gets no GMCP
    c.close();
  });

  it('a watch survives a Server reload, and sends nothing twice', async () => {
    const c = await gmcpClient(game, 'Quill');
    c.writeRaw(gmcp('Char.Monitor.Update {"name":"hp"}'));
    const updates = (): unknown[] => gmcpOf(c, 'Char.Monitor.Update');
    await waitUntil('the current value', () => updates().length === 1);

    expect((await game.launcher(['reload'])).code).toBe(0);
    await c.exchange('hurt', 'Ouch.');
    await waitUntil('the hp update after the reload', () => updates().length === 2);
    await c.exchange('look', 'Limbo');
    expect(updates()).toEqual([
      { name: 'hp', value: null },
      { name: 'hp', value: 90 },
    ]);
    c.close();
  });
});
