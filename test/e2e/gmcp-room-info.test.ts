/**
 * GMCP Room.Info and Char.Vitals over real telnet, as Mudlet's mapper and gauges use them.
 *
 * The default world (made by `waystone init`, as a user makes a game): a client that negotiated
 * GMCP logs in and gets Room.Info for Limbo, then walks Limbo → Courtyard → Bell Tower and back,
 * over to the Library and home. A tiny mapper built from nothing but the Room.Info stream must
 * follow it: every exit taken leads, in the map, to the room the player arrived in. A wrong
 * direction sends nothing; a second player's client never hears of the first one's walk; after
 * a reload the walk goes on being mapped.
 *
 * A game with gauges: its characters' `getVitals()` gives hp; Char.Vitals arrives at login, again
 * after a command that hurt, not after one that changed nothing, and when a timer heals and calls
 * `updateVitals()`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir, runLauncher, waitUntil } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';
import { gmcp, gmcpMessages, negotiation, OPTION } from '../support/telnet-wire.ts';

const ENV = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
  WAYSTONE_ACCOUNT_CREATION_LIMIT: '50',
};

interface RoomInfo {
  num: number;
  name: string;
  area: string;
  exits: Record<string, number>;
}

/** The GMCP messages of one package a client got, oldest first. */
function received(c: TelnetClient, pkg: string): unknown[] {
  return gmcpMessages(Buffer.concat(c.raw))
    .filter((m) => m.pkg === pkg)
    .map((m) => m.data);
}

/** A client that speaks GMCP as Mudlet does: DO GMCP, Core.Hello, Core.Supports.Set. */
async function mudlet(game: GameProcess, name: string, password: string): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  c.writeRaw(
    Buffer.concat([
      negotiation('DO', OPTION.GMCP),
      gmcp('Core.Hello {"client":"Mudlet","version":"4.17.2"}'),
      gmcp('Core.Supports.Set ["Char 1","Char.Vitals 1","Room 1"]'),
    ]),
  );
  await c.waitFor('Welcome');
  await c.exchange(`create ${name} "${password}"`, '[Y/n]');
  await c.exchange('y', 'was created');
  await c.exchange(`connect ${name} "${password}"`, `You become ${name}.`);
  return c;
}

/**
 * What a Mudlet mapping script keeps: rooms by num, each with its exits, and where the player
 * is. `arrive` is its Room.Info handler; `walked` checks that the exit just taken from the last
 * room leads, on the map, to the room the player stands in now.
 */
class Mapper {
  readonly rooms = new Map<number, RoomInfo>();
  current: RoomInfo | null = null;
  previous: RoomInfo | null = null;

  arrive(info: RoomInfo): void {
    const known = this.rooms.get(info.num);
    // A room is the same room every visit.
    if (known) expect(info).toEqual(known);
    this.rooms.set(info.num, info);
    this.previous = this.current;
    this.current = info;
  }

  walked(direction: string): void {
    const from = this.previous;
    const to = this.current;
    expect(from?.exits[direction], `an exit ${direction} in ${from?.name}`).toBe(to?.num);
  }
}

describe('GMCP Room.Info in the default world', () => {
  let game: GameProcess;

  beforeAll(async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'waystone-gmcp-world-')), 'demo');
    expect((await runLauncher(['init', dir])).code).toBe(0);
    game = await GameProcess.start({ dir, env: ENV });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('a mapper built from the Room.Info stream follows the player, and a reload changes nothing', async () => {
    const ann = await mudlet(game, 'Ann', 'pale moon rising');
    const mapper = new Mapper();
    let seen = 0;
    /** The next Room.Info the client gets, into the mapper. */
    const nextRoom = async (): Promise<RoomInfo> => {
      const infos = await waitUntil('Room.Info', () => {
        const all = received(ann, 'Room.Info');
        return all.length > seen ? all : null;
      });
      expect(infos.length, 'one Room.Info per move').toBe(seen + 1);
      seen = infos.length;
      const info = infos[seen - 1] as RoomInfo;
      mapper.arrive(info);
      return info;
    };

    const limbo = await nextRoom();
    expect(limbo).toMatchObject({ name: 'Limbo', area: '' });
    expect(Object.keys(limbo.exits)).toEqual(['n']);

    const bob = await mudlet(game, 'Bob', 'dark river flows');
    await ann.waitFor('Bob has entered the game.');
    const bobRooms = received(bob, 'Room.Info').length;

    // What the player types, the short direction a mapper keys exits by, where it arrives.
    const walk: Array<[typed: string, direction: string, arrives: string]> = [
      ['north', 'n', 'Courtyard'],
      ['up', 'u', 'Bell Tower'],
      ['down', 'd', 'Courtyard'],
      ['e', 'e', 'Library'],
      ['west', 'w', 'Courtyard'],
      ['south', 's', 'Limbo'],
    ];
    for (const [typed, direction, arrives] of walk) {
      await ann.exchange(typed, arrives);
      const info = await nextRoom();
      expect(info.name).toBe(arrives);
      mapper.walked(direction);
    }
    expect([...mapper.rooms.values()].map((r) => r.name).sort()).toEqual([
      'Bell Tower',
      'Courtyard',
      'Library',
      'Limbo',
    ]);
    // Every exit on the map leads to a room on the map, and back.
    const courtyard = [...mapper.rooms.values()].find((r) => r.name === 'Courtyard')!;
    expect(courtyard.exits).toEqual({
      s: limbo.num,
      e: expect.any(Number),
      u: expect.any(Number),
    });
    for (const [dir, num] of Object.entries(courtyard.exits)) {
      const back = { s: 'n', e: 'w', u: 'd' }[dir]!;
      expect(mapper.rooms.get(num)?.exits[back]).toBe(courtyard.num);
    }

    // No exit there: nothing moves, nothing is sent. Bob, who stayed, heard of no walk.
    await ann.exchange('west', /not available|cannot go/i);
    await ann.exchange('look', 'Limbo');
    expect(received(ann, 'Room.Info')).toHaveLength(seen);
    expect(received(bob, 'Room.Info')).toHaveLength(bobRooms);

    // A reload re-attaches the puppet without resending (the client kept its map); moves after
    // it are mapped as before.
    expect((await game.launcher(['reload'])).code).toBe(0);
    await ann.waitFor('Server restarted.', 30_000);
    await ann.exchange('north', 'Courtyard');
    expect(received(ann, 'Room.Info')).toHaveLength(seen + 1);
    await nextRoom();
    mapper.walked('n');
    ann.close();
    bob.close();
  });
});

const VITALS_GAME = `
import { Command, DefaultAccount, DefaultCharacter, ServerSession, type GameSetup } from 'waystone';

const hpOf = (obj: DefaultCharacter): number => (typeof obj.db.hp === 'number' ? obj.db.hp : 100);

class Fighter extends DefaultCharacter {
  // As IRE games send them: strings.
  override getVitals(): Record<string, string> {
    return { hp: String(hpOf(this)), maxhp: '100' };
  }
}

class CmdHurt extends Command {
  override key = 'hurt';
  override func(): void {
    const me = this.caller as unknown as Fighter;
    me.db.hp = hpOf(me) - 10;
    this.msg('Ouch.');
  }
}

class CmdRest extends Command {
  override key = 'rest';
  override func(): void {
    const me = this.caller as unknown as Fighter;
    this.msg('You lie down to rest.');
    // Healing comes later, from a timer, outside any command: the game says so.
    setTimeout(() => {
      me.db.hp = 100;
      me.updateVitals();
    }, 300);
  }
}

export default function setup(game: GameSetup): void {
  const { objects, puppeting } = game.services;
  // Every new account gets a Fighter (instead of the default character) on its first login.
  class FighterAccount extends DefaultAccount<ServerSession> {
    override async atFirstLogin(): Promise<void> {
      const start = puppeting.startRoom();
      await objects.create({
        typeclass: 'Fighter',
        key: this.name,
        location: start,
        home: start,
        accountId: this.id,
        locks: 'puppet:id(' + this.id + ')',
      });
    }
  }
  game.registerTypeclass('Fighter', Fighter);
  game.registerAccountClass('FighterAccount', FighterAccount, { default: true });
  game.extendCmdSet('account', (set) => set.add([new CmdHurt(), new CmdRest()]));
}
`;

describe('GMCP Char.Vitals from a game hook', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({ dir: makeGameDir({}, VITALS_GAME), env: ENV });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('arrive at login, after a command that changed them, and on updateVitals() — only then', async () => {
    const c = await mudlet(game, 'Vera', 'steady iron shield');
    const vitals = (): unknown[] => received(c, 'Char.Vitals');
    await waitUntil('Char.Vitals at login', () => vitals().length === 1);
    expect(vitals()).toEqual([{ hp: '100', maxhp: '100' }]);
    expect(received(c, 'Room.Info')).toHaveLength(1);

    await c.exchange('hurt', 'Ouch.');
    await waitUntil('Char.Vitals after hurt', () => vitals().length === 2);
    expect(vitals()[1]).toEqual({ hp: '90', maxhp: '100' });

    // A command that changed nothing sends nothing (the say comes after the look).
    await c.exchange('look', 'Limbo');
    await c.exchange('say still standing', 'You say, "still standing"');
    expect(vitals()).toHaveLength(2);

    await c.exchange('rest', 'You lie down to rest.');
    await waitUntil('Char.Vitals from the timer', () => vitals().length === 3);
    expect(vitals()[2]).toEqual({ hp: '100', maxhp: '100' });
    c.close();
  });
});
