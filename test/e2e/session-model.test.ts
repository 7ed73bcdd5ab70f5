/**
 * The session model a game can change (issue 13 §2, §3), black-box over telnet: a game.ts
 * registers its own session class, whose atSync leaves a count in serverData, and a command
 * that puts a character-creation cmdset on the one session that typed it. Two sessions of one
 * account (multisession mode 2): `chargen` works on the session that got the set and is
 * unknown on the other; after `waystone reload` the class and the set are both still there.
 * And §4: an NPC with no session runs `say` on its own (`obj.execute`), heard by the room;
 * a command reads its session's puppet (`session.puppet`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameProcess, makeGameDir } from '../support/game-process.ts';
import { TelnetClient } from '../support/telnet-client.ts';

const GAME = `
import { CmdSet, Command, ServerSession, type GameSetup } from 'waystone';

class TracedSession extends ServerSession {
  override atSync(): void {
    const syncs = typeof this.serverData['syncs'] === 'number' ? this.serverData['syncs'] : 0;
    this.serverData['syncs'] = syncs + 1;
  }
}

class CmdChargen extends Command {
  override key = 'chargen';
  override func(): void {
    this.msg('Character creation, step one.');
  }
}

class CharGenCmdSet extends CmdSet {
  override key = 'chargen';
  override atCmdsetCreation(): void {
    this.add(new CmdChargen());
  }
}

const serverSession = (cmd: Command): ServerSession => {
  if (!(cmd.session instanceof ServerSession)) throw new Error('not a ServerSession');
  return cmd.session;
};

class CmdWhoami extends Command {
  override key = 'whoami';
  override func(): void {
    const session = serverSession(this);
    this.msg('session ' + session.constructor.name + ', synced ' + String(session.serverData['syncs']) + ' times');
  }
}

class CmdStartChargen extends Command {
  override key = 'startchargen';
  override func(): void {
    serverSession(this).cmdset.add(new CharGenCmdSet());
    this.msg('The character creation set is on this session.');
  }
}

export default function setup(game: GameSetup): void {
  game.registerSessionClass(TracedSession);
  game.cmdsets.register('chargen', CharGenCmdSet);
  game.extendCmdSet('session', (set) => set.add([new CmdWhoami(), new CmdStartChargen()]));
}
`;

const FAST = {
  WAYSTONE_ARGON2_MEMORY_COST: '4096',
  WAYSTONE_ARGON2_TIME_COST: '1',
  WAYSTONE_MULTISESSION_MODE: '2',
};

async function login(game: GameProcess, line: string, expected: string): Promise<TelnetClient> {
  const c = await TelnetClient.open(game.telnetPort);
  await c.waitFor('Welcome');
  await c.exchange(line, expected);
  return c;
}

describe("a game's session class and cmdsets on one session", () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({ dir: makeGameDir({}, GAME), env: FAST });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('chargen is on one session only, and both survive a reload', async () => {
    const first = await TelnetClient.open(game.telnetPort);
    await first.waitFor('Welcome');
    await first.exchange('create Ilse "a long passphrase"', '[Y/n]');
    await first.exchange('y', 'was created');
    await first.exchange('connect Ilse "a long passphrase"', 'You are logged in');
    const second = await login(game, 'connect Ilse "a long passphrase"', 'You are logged in');

    await first.exchange('whoami', 'session TracedSession, synced 1 times');
    await second.exchange('whoami', 'session TracedSession, synced 1 times');
    await first.exchange('startchargen', 'The character creation set is on this session.');
    await first.exchange('chargen', 'Character creation, step one.');
    await second.exchange('chargen', "Command 'chargen' is not available");

    expect((await game.launcher(['reload'])).code).toBe(0);
    // The rebuilt sessions are the game's class again (atSync ran once more on each).
    await first.exchange('whoami', 'session TracedSession, synced 2 times');
    await second.exchange('whoami', 'session TracedSession, synced 2 times');
    await first.exchange('chargen', 'Character creation, step one.');
    await second.exchange('chargen', "Command 'chargen' is not available");
    expect(game.serverLog()).not.toContain('SESSION_CLASS');
    expect(game.serverLog()).not.toContain('CMDSET_UNKNOWN');
    first.close();
    second.close();
  });
});

const BROKEN_GAME = `
import { ServerSession, type GameSetup } from 'waystone';

class BrokenSession extends ServerSession {
  override atSync(): void {
    throw new Error('the session class made a mistake');
  }
}

export default function setup(game: GameSetup): void {
  game.registerSessionClass(BrokenSession);
}
`;

describe('a session class that throws', () => {
  let game: GameProcess;

  beforeAll(async () => {
    game = await GameProcess.start({ dir: makeGameDir({}, BROKEN_GAME), env: FAST });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it('is logged loudly, and the player gets a working plain session', async () => {
    const c = await TelnetClient.open(game.telnetPort);
    await c.waitFor('Welcome');
    await c.exchange('create Omar "a long passphrase"', '[Y/n]');
    await c.exchange('y', 'was created');
    await c.exchange('connect Omar "a long passphrase"', 'You are logged in');
    const log = game.serverLog();
    expect(log).toContain('"code":"SESSION_CLASS"');
    expect(log).toContain('BrokenSession');
    expect(log).toContain('the session class made a mistake');
    expect((await game.status()).server.state).toBe('running');
    c.close();
  });
});

const NPC_GAME = `
import { Command, ServerSession, type GameSetup } from 'waystone';

export default function setup(game: GameSetup): void {
  game.onWorldCreated(async (limbo) => {
    await game.services.objects.create({ typeclass: 'DefaultCharacter', key: 'Parrot', location: limbo });
  });

  class CmdPoke extends Command {
    override key = 'poke';
    override async func(): Promise<void> {
      const [parrot] = await game.services.objects.find({ key: 'Parrot' });
      const session = this.session as ServerSession;
      this.msg('You poke the parrot as ' + (session.puppet?.key ?? 'nobody') + '.');
      if (parrot === undefined) return;
      // Later, on its own: no command is running and the parrot has no session.
      setTimeout(() => void parrot.execute('say Pieces of eight!'), 100);
    }
  }
  game.extendCmdSet('account', (set) => set.add(new CmdPoke()));
}
`;

describe('an NPC runs a command with no session', () => {
  let game: GameProcess;

  beforeAll(async () => {
    // Mode 0: each account plays the character made with it.
    const { WAYSTONE_MULTISESSION_MODE: _mode, ...mode0 } = FAST;
    game = await GameProcess.start({ dir: makeGameDir({}, NPC_GAME), env: mode0 });
  });

  afterAll(async () => {
    await game?.stop();
  });

  it("the parrot's say reaches the players in its room", async () => {
    const clients: TelnetClient[] = [];
    for (const name of ['Rhea', 'Theo']) {
      const c = await TelnetClient.open(game.telnetPort);
      await c.waitFor('Welcome');
      await c.exchange(`create ${name} "a long passphrase"`, '[Y/n]');
      await c.exchange('y', 'was created');
      await c.exchange(`connect ${name} "a long passphrase"`, 'Limbo');
      clients.push(c);
    }
    const [rhea, theo] = clients as [TelnetClient, TelnetClient];
    await rhea.exchange('poke', 'You poke the parrot as Rhea.');
    await rhea.waitFor('Parrot says, "Pieces of eight!"');
    await theo.waitFor('Parrot says, "Pieces of eight!"');
    expect(game.serverLog()).not.toContain('error in command');
    rhea.close();
    theo.close();
  });
});
