/**
 * The puppeting rules of REFERENCE.md §6 on real objects (SQLite) and real ServerSessions:
 * the refusals with their exact messages, the puppet limit and who is exempt from it, and the
 * room hearing a character arrive and leave once however many sessions share it.
 */
import { describe, expect, it } from 'vitest';
import type { ServerToPortal } from '../../link/messages.ts';
import { newSessionSync } from '../../shared/session-data.ts';
import { DefaultAccount, type AccountState } from '../accounts/account.ts';
import { objectManager } from '../objects/test-support.ts';
import { ServerSession } from '../sessions/server-session.ts';
import { ServerSessionHandler } from '../sessions/server-session-handler.ts';
import { silentLog, useBackend } from '../storage/test-support.ts';
import { newAccountRow } from '../storage/test-values.ts';
import { multisessionRules } from './multisession.ts';
import { Puppeting } from './puppeting.ts';

type Account = DefaultAccount<ServerSession>;

async function world(mode: 0 | 1 | 2 | 3, maxPuppets: number | 'auto' = 'auto') {
  const storage = await backend.open();
  const objects = objectManager(storage);
  const sessions = new ServerSessionHandler(silentLog);
  const sent: ServerToPortal[] = [];
  sessions.linked({ send: (m) => sent.push(m) });
  const puppeting = new Puppeting({
    objects,
    sessions,
    log: silentLog,
    rules: multisessionRules({
      multisessionMode: mode,
      autoCreateCharacterWithAccount: 'auto',
      autoPuppetOnLogin: 'auto',
      maxNrSimultaneousPuppets: maxPuppets,
      maxNrCharacters: 'auto',
    }),
  });
  await puppeting.startWorld();
  let nextSessid = 1;
  const account = async (
    name: string,
    extra: Partial<Pick<AccountState, 'permissions' | 'isSuperuser'>> = {},
  ): Promise<Account> => {
    const { passwordHash: _hash, ...state } = await storage.accounts.create(
      newAccountRow(name, extra),
    );
    const id = state.id;
    const made: Account = new DefaultAccount<ServerSession>(state as AccountState, {
      sessions: () => sessions.byAccount(id),
      puppeteer: () => puppeting,
    });
    return made;
  };
  const login = (acc: Account): ServerSession => {
    const session = sessions.portalConnect(
      newSessionSync(nextSessid++, 'telnet', '127.0.0.1', Date.now()),
    );
    session.atLogin(acc, Date.now());
    return session;
  };
  /** The text lines each session was sent since the last call. */
  const heard = (session: ServerSession): string[] => {
    const lines: string[] = [];
    for (const m of sent) {
      if (m.t !== 'output' || m.sessid !== session.sessid) continue;
      for (const [name, args] of m.cmds) if (name === 'text') lines.push(String(args[0]));
    }
    return lines;
  };
  return { objects, puppeting, account, login, heard, sent };
}

const backend = useBackend('sqlite');

/** Bob plays in Limbo; then Ann's two sessions both `ic` Ann, one after the other. */
async function annTwiceBesideBob(w: Awaited<ReturnType<typeof world>>) {
  const ann = await w.account('Ann');
  const bob = await w.account('Bob');
  const annChar = await w.puppeting.createCharacter(ann, 'Ann');
  const bobChar = await w.puppeting.createCharacter(bob, 'Bob');
  const b = w.login(bob);
  await bob.puppetObject(b, bobChar);
  const a1 = w.login(ann);
  const a2 = w.login(ann);
  await ann.puppetObject(a1, annChar);
  await ann.puppetObject(a2, annChar);
  return { ann, annChar, bobChar, b, a1, a2 };
}

describe('puppeting rules', () => {
  it('refuses with the exact messages: already, no permission, another account', async () => {
    const w = await world(0);
    const ann = await w.account('Ann');
    const bob = await w.account('Bob');
    const dev = await w.account('Dev', { permissions: ['Developer'] });
    const annChar = await w.puppeting.createCharacter(ann, 'Ann');
    const s1 = w.login(ann);
    expect(await ann.puppetObject(s1, annChar)).toBe(true);
    expect(await ann.puppetObject(s1, annChar)).toBe(false);
    expect(w.heard(s1)).toContain('You are already puppeting this object.');

    const s2 = w.login(bob);
    expect(await bob.puppetObject(s2, annChar)).toBe(false);
    expect(w.heard(s2)).toContain("You don't have permission to puppet 'Ann'.");

    // A Developer passes the lock, but the character is someone else's right now.
    const s3 = w.login(dev);
    expect(await dev.puppetObject(s3, annChar)).toBe(false);
    expect(w.heard(s3)).toContain('Ann is already puppeted by another Account.');
    expect(ann.puppetOf(s1)).toBe(annChar);
  });

  it('caps simultaneous puppets per account, except for Developers and superusers', async () => {
    const w = await world(3, 2);
    const ann = await w.account('Ann');
    const chars = await Promise.all(
      ['A1', 'A2', 'A3'].map((n) => w.puppeting.createCharacter(ann, n)),
    );
    const sessions = [w.login(ann), w.login(ann), w.login(ann)];
    expect(await ann.puppetObject(sessions[0]!, chars[0]!)).toBe(true);
    expect(await ann.puppetObject(sessions[1]!, chars[1]!)).toBe(true);
    expect(await ann.puppetObject(sessions[2]!, chars[2]!)).toBe(false);
    expect(w.heard(sessions[2]!)).toContain('You cannot control any more puppets (max 2)');
    // Switching a session to another character does not count the one it lets go of.
    expect(await ann.puppetObject(sessions[1]!, chars[2]!)).toBe(true);

    const root = await w.account('Root', { isSuperuser: true });
    const mine = await Promise.all(
      ['R1', 'R2', 'R3'].map((n) => w.puppeting.createCharacter(root, n)),
    );
    const rs = [w.login(root), w.login(root), w.login(root)];
    for (let i = 0; i < 3; i++) expect(await root.puppetObject(rs[i]!, mine[i]!)).toBe(true);
  });

  it('announces a shared character once, and its leaving only with its last session', async () => {
    const w = await world(1);
    const { ann, annChar, bobChar, b, a1, a2 } = await annTwiceBesideBob(w);
    expect(w.heard(a2)).toContain('Sharing Ann with another of your sessions.');
    expect(annChar.sessions.count).toBe(2);
    expect(w.heard(b).filter((l) => l === 'Ann has entered the game.')).toHaveLength(1);

    await ann.unpuppetObject(a1);
    expect(w.heard(b)).not.toContain('Ann has left the game.');
    await ann.unpuppetObject(a2);
    expect(w.heard(b)).toContain('Ann has left the game.');
    // Gone from the room's look while away, back when played again.
    expect(bobChar.location!.returnAppearance(bobChar)).not.toContain('Ann');
    await ann.puppetObject(a1, annChar);
    expect(bobChar.location!.returnAppearance(bobChar)).toContain('Ann');
  });

  it('hands a character from one session to another in mode 2, quietly for the room', async () => {
    const w = await world(2);
    const { annChar, b, a1, a2 } = await annTwiceBesideBob(w);
    expect(w.heard(a1)).toContain('Ann is now acted from another of your sessions.');
    expect(a1.puid).toBeNull();
    expect(a2.puid).toBe(annChar.id);
    expect(w.heard(b).filter((l) => l.includes('Ann has'))).toEqual(['Ann has entered the game.']);
  });

  it('makes and picks the login character by the rules', async () => {
    const w0 = await world(0);
    const ann = await w0.account('Ann');
    const s = w0.login(ann);
    expect(await w0.puppeting.afterLogin(s, ann)).toBe(true);
    expect(w0.puppeting.characters(ann).map((c) => c.key)).toEqual(['Ann']);

    const w2 = await world(2);
    const bob = await w2.account('Bob');
    const t = w2.login(bob);
    expect(await w2.puppeting.afterLogin(t, bob)).toBe(false);
    expect(w2.puppeting.characters(bob)).toEqual([]);
  });
});
