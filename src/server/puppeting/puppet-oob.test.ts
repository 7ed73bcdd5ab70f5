/**
 * Room.Info and Char.Vitals (puppet-oob.ts) on real objects and real ServerSessions: sent on
 * puppeting and on each move of a puppet to every session sharing it, never for an object nobody
 * puppets; vitals sent again only when they changed (after a command, on `updateVitals()`); a
 * failing or async hook logged with GAME_CODE while the move goes on; and the asking inputfuncs.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ServerToPortal } from '../../link/messages.ts';
import { newSessionSync, type FuncCall } from '../../shared/session-data.ts';
import { DefaultAccount, type AccountState } from '../accounts/account.ts';
import { InputFuncRegistry } from '../inputfuncs/registry.ts';
import { DefaultCharacter } from '../objects/character.ts';
import type { Vitals } from '../objects/client-data.ts';
import { DefaultExit } from '../objects/exit.ts';
import type { DefaultObject } from '../objects/object.ts';
import { objectManager } from '../objects/test-support.ts';
import { TypeclassRegistry } from '../objects/typeclass-registry.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import { ServerSessionHandler } from '../sessions/server-session-handler.ts';
import { useBackend } from '../storage/test-support.ts';
import { newAccountRow } from '../storage/test-values.ts';
import { multisessionRules } from './multisession.ts';
import { PuppetOob } from './puppet-oob.ts';
import { Puppeting } from './puppeting.ts';

/** A character with gauges; `broken` makes its hook throw, `lazy` makes it async by mistake. */
class Fighter extends DefaultCharacter {
  override getVitals(): Vitals | null {
    if (this.ndb['broken'] === true) throw new Error('no hp here');
    if (this.ndb['lazy'] === true) return Promise.resolve({ hp: 1 }) as unknown as Vitals;
    const hp = this.db.hp;
    return { hp: typeof hp === 'number' ? hp : 100, maxhp: 100 };
  }
}

const backend = useBackend('sqlite');

async function world() {
  const storage = await backend.open();
  const logged: Array<{ code?: string; msg: string }> = [];
  const log = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
  const sessions = new ServerSessionHandler(log);
  const sent: ServerToPortal[] = [];
  sessions.linked({ send: (m) => sent.push(m) });
  const moves: string[] = [];
  const objects = objectManager(storage, {
    typeclasses: new TypeclassRegistry().register('Fighter', Fighter),
    onMoved: (obj) => {
      moves.push(obj.key);
      oob.moved(obj);
    },
    onVitalsChanged: (obj) => oob.vitalsChanged(obj),
  });
  const oob: PuppetOob = new PuppetOob({
    sessionsOf: (obj) => sessions.byPuppet(obj.id),
    puppetOf: (session): DefaultObject | null => puppeting.puppetOf(session),
    log,
  });
  const puppeting: Puppeting = new Puppeting({
    objects,
    sessions,
    log,
    oob,
    rules: multisessionRules({
      multisessionMode: 3,
      autoCreateCharacterWithAccount: 'auto',
      autoPuppetOnLogin: 'auto',
      maxNrSimultaneousPuppets: 'auto',
      maxNrCharacters: 'auto',
    }),
  });
  const limbo = await puppeting.startWorld();
  const yard = await objects.create({ typeclass: 'DefaultRoom', key: 'Yard' });
  await objects.create({
    typeclass: DefaultExit,
    key: 'north',
    location: limbo,
    destination: yard,
  });
  await objects.create({
    typeclass: DefaultExit,
    key: 'south',
    location: yard,
    destination: limbo,
  });

  const { passwordHash: _hash, ...state } = await storage.accounts.create(newAccountRow('Ann'));
  const ann = new DefaultAccount<ServerSession>(state as AccountState, {
    sessions: () => sessions.byAccount(state.id),
    puppeteer: () => puppeting,
  });
  const fighter = await objects.create({
    typeclass: Fighter,
    key: 'Ann',
    location: limbo,
    home: limbo,
    accountId: ann.id,
    locks: `puppet:id(${ann.id})`,
  });
  let sessid = 1;
  const login = (): ServerSession => {
    const session = sessions.portalConnect(newSessionSync(sessid++, 'telnet', '127.0.0.1', 0));
    session.atLogin(ann, Date.now());
    return session;
  };
  /** The OOB calls named `name` a session was sent, oldest first; `clear` forgets all. */
  const oobOf = (session: ServerSession, name: string): Array<Record<string, unknown>> =>
    sent
      .flatMap((m) => (m.t === 'output' && m.sessid === session.sessid ? m.cmds : []))
      .filter((c: FuncCall) => c[0] === name)
      .map((c) => c[2]);
  const clear = (): void => void sent.splice(0);
  return { objects, puppeting, oob, limbo, yard, fighter, login, oobOf, clear, logged, moves };
}

describe('Room.Info', () => {
  it('goes to a puppet on puppeting and to every session sharing it on each move', async () => {
    const w = await world();
    const s1 = w.login();
    const s2 = w.login();
    expect(await w.puppeting.puppet(s1, w.fighter)).toBe(true);
    expect(w.oobOf(s1, 'room_info')).toEqual([
      { num: w.limbo.id, name: 'Limbo', area: '', exits: { n: w.yard.id } },
    ]);
    expect(await w.puppeting.puppet(s2, w.fighter)).toBe(true);
    w.clear();

    expect(await w.fighter.moveTo(w.yard)).toBe(true);
    for (const s of [s1, s2]) {
      expect(w.oobOf(s, 'room_info')).toEqual([
        { num: w.yard.id, name: 'Yard', area: '', exits: { s: w.limbo.id } },
      ]);
    }
  });

  it('costs nothing for objects nobody puppets: the Server is never told of their moves', async () => {
    const w = await world();
    const npc = await w.objects.create({ typeclass: Fighter, key: 'Guard', location: w.limbo });
    await npc.moveTo(w.yard);
    npc.updateVitals();
    await w.fighter.moveTo(w.yard); // Ann is not played either
    expect(w.moves).toEqual([]);

    const s = w.login();
    await w.puppeting.puppet(s, w.fighter);
    await w.fighter.moveTo(w.limbo);
    expect(w.moves).toEqual(['Ann']);
  });

  it('a room hook that throws is logged with GAME_CODE; the move still happens', async () => {
    const w = await world();
    const s = w.login();
    await w.puppeting.puppet(s, w.fighter);
    w.clear();
    w.yard.getRoomInfo = () => {
      throw new Error('bad map');
    };
    expect(await w.fighter.moveTo(w.yard)).toBe(true);
    expect(w.fighter.location).toBe(w.yard);
    expect(w.oobOf(s, 'room_info')).toEqual([]);
    expect(w.logged).toContainEqual(
      expect.objectContaining({ code: 'GAME_CODE', msg: 'getRoomInfo failed' }),
    );
  });
});

describe('Char.Vitals', () => {
  it('are sent on puppeting, then only when they changed: after a command or on updateVitals()', async () => {
    const w = await world();
    const s = w.login();
    await w.puppeting.puppet(s, w.fighter);
    expect(w.oobOf(s, 'char_vitals')).toEqual([{ hp: 100, maxhp: 100 }]);

    w.clear();
    w.oob.afterCommand(s); // a command that changed nothing
    expect(w.oobOf(s, 'char_vitals')).toEqual([]);
    w.fighter.db.hp = 60; // a command that hurt
    w.oob.afterCommand(s);
    w.oob.afterCommand(s);
    expect(w.oobOf(s, 'char_vitals')).toEqual([{ hp: 60, maxhp: 100 }]);

    w.clear();
    w.fighter.updateVitals(); // unchanged
    w.fighter.db.hp = 75; // a timer heals
    w.fighter.updateVitals();
    expect(w.oobOf(s, 'char_vitals')).toEqual([{ hp: 75, maxhp: 100 }]);
  });

  it('a second session sharing the puppet gets them in full; each client is compared on its own', async () => {
    const w = await world();
    const s1 = w.login();
    await w.puppeting.puppet(s1, w.fighter);
    w.fighter.db.hp = 10;
    const s2 = w.login();
    await w.puppeting.puppet(s2, w.fighter);
    expect(w.oobOf(s2, 'char_vitals')).toEqual([{ hp: 10, maxhp: 100 }]);
    w.clear();
    w.oob.afterCommand(s2); // s1's client still shows 100
    expect(w.oobOf(s1, 'char_vitals')).toEqual([{ hp: 10, maxhp: 100 }]);
    expect(w.oobOf(s2, 'char_vitals')).toEqual([]);
  });

  it('nothing for a character without vitals; a throwing or async hook is logged, not sent', async () => {
    const w = await world();
    const plain = await w.objects.create({
      typeclass: DefaultCharacter,
      key: 'Plain',
      location: w.limbo,
      locks: 'puppet:all()',
    });
    const s = w.login();
    await w.puppeting.puppet(s, plain);
    expect(w.oobOf(s, 'room_info')).toHaveLength(1);
    expect(w.oobOf(s, 'char_vitals')).toEqual([]);

    const t = w.login();
    w.fighter.ndb['broken'] = true;
    expect(await w.puppeting.puppet(t, w.fighter)).toBe(true);
    w.fighter.ndb['broken'] = false;
    w.fighter.ndb['lazy'] = true;
    w.oob.afterCommand(t);
    expect(w.oobOf(t, 'char_vitals')).toEqual([]);
    expect(w.logged).toContainEqual(
      expect.objectContaining({ code: 'GAME_CODE', msg: 'getVitals failed' }),
    );
    expect(w.logged).toContainEqual(
      expect.objectContaining({
        code: 'GAME_CODE',
        msg: 'getVitals returned a promise, not a record or null (is it async?)',
      }),
    );
  });
});

describe('asking', () => {
  it('the room_info and char_vitals inputfuncs send again to the asking session, in character only', async () => {
    const w = await world();
    const inputfuncs = new InputFuncRegistry();
    w.oob.register(inputfuncs);
    const ask = async (session: ServerSession, name: string): Promise<void> =>
      inputfuncs.resolve(name)?.({ session, name, args: [], kwargs: {} });
    const ooc = w.login();
    await ask(ooc, 'room_info');
    await ask(ooc, 'char_vitals');
    expect(w.oobOf(ooc, 'room_info')).toEqual([]);

    const s = w.login();
    await w.puppeting.puppet(s, w.fighter);
    w.clear();
    await ask(s, 'room_info');
    await ask(s, 'char_vitals');
    expect(w.oobOf(s, 'room_info')).toEqual([
      { num: w.limbo.id, name: 'Limbo', area: '', exits: { n: w.yard.id } },
    ]);
    expect(w.oobOf(s, 'char_vitals')).toEqual([{ hp: 100, maxhp: 100 }]);
  });
});
