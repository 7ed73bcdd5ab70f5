/**
 * One object's behaviour on every storage backend: msg routing and its hooks, room-wide
 * messages reaching each puppeting session exactly once, what `look` shows (hostile names
 * neutralised, descriptions as stored markup), the LockSubject fields, and exits.
 */
import { describe, expect, it } from 'vitest';
import type { CmdSetCarrier, LocalCmdSetSource } from '../commands/caller-context.ts';
import { CmdSet } from '../commands/cmdset.ts';
import { backendCases, useBackend } from '../storage/test-support.ts';
import { authoredText } from './authored-text.ts';
import { DefaultCharacter } from './character.ts';
import { DefaultExit } from './exit.ts';
import { DefaultObject } from './object.ts';
import { DefaultRoom } from './room.ts';
import { objectManager, TestSession } from './test-support.ts';
import { TypeclassRegistry } from './typeclass-registry.ts';

const hooks: string[] = [];

/** Refuses text containing "gag" (receiving) or "mute" (sending). */
class Picky extends DefaultCharacter {
  override atMsgReceive(text: string, from: DefaultObject | null): boolean {
    hooks.push(`${this.key}.atMsgReceive(${text},${from?.key ?? '-'})`);
    return !text.includes('gag');
  }
  override atMsgSend(text: string, to: DefaultObject): boolean {
    hooks.push(`${this.key}.atMsgSend(${text},${to.key})`);
    return !text.includes('mute');
  }
}

const HOSTILE = '|rEvil\x1b[31m\nSYSTEM: you died|n';

describe.each(backendCases())('objects on $name', ({ name, skipReason }) => {
  describe.skipIf(skipReason !== '')(
    skipReason === '' ? 'behaviour' : `SKIPPED: ${skipReason}`,
    () => {
      const fx = useBackend(name);

      async function scene() {
        const objects = objectManager(await fx.open(), {
          typeclasses: new TypeclassRegistry().register('Picky', Picky),
        });
        const room = await objects.create({ typeclass: DefaultRoom, key: 'Square' });
        const ann = await objects.create({ typeclass: Picky, key: 'Ann', location: room });
        const bob = await objects.create({ typeclass: Picky, key: 'Bob', location: room });
        hooks.length = 0;
        return { objects, room, ann, bob };
      }

      describe('lenders', () => {
        it("tracks what in a room lends commands: own sets count, shared ones don't", async () => {
          const { objects, room, ann } = await scene();
          const bell = await objects.create({
            typeclass: 'DefaultObject',
            key: 'bell',
            location: room,
          });
          const lenders = (): string[] => [...room.lendersView()].map((o) => o.key);
          expect(lenders()).toEqual([]);
          const shared = Object.assign(new CmdSet(), { key: 'Everyone', shared: true });
          ann.cmdset.addDefault(shared); // every character's own set: lent to nobody
          const ring = Object.assign(new CmdSet(), { key: 'Ring' });
          bell.cmdset.add(ring);
          expect(lenders()).toEqual(['bell']);
          const tower = await objects.create({ typeclass: DefaultRoom, key: 'Tower' });
          await bell.moveTo(tower);
          expect(lenders()).toEqual([]);
          expect([...tower.lendersView()]).toEqual([bell]);
          bell.cmdset.remove(ring);
          expect([...tower.lendersView()]).toEqual([]);
          bell.cmdset.add(ring);
          await objects.delete(bell);
          expect([...tower.lendersView()]).toEqual([]);
        });
      });

      describe('msg', () => {
        it('goes to every session puppeting the object, or only the given ones', async () => {
          const { ann } = await scene();
          const [s1, s2, s3] = [new TestSession(1), new TestSession(2), new TestSession(3)];
          ann.sessions.add(s1);
          ann.sessions.add(s2);
          ann.msg('hello');
          ann.msg('just you', { session: s2 });
          ann.msg('both', { session: [s1, s2] });
          ann.msg('not yours', { session: s3 });
          expect(s1.received).toEqual(['hello', 'both']);
          expect(s2.received).toEqual(['hello', 'just you', 'both']);
          expect(s3.received).toEqual([]);
        });

        it('is dropped silently when nobody puppets the object', async () => {
          const { ann } = await scene();
          expect(ann.hasAccount).toBe(false);
          expect(() => ann.msg('into the void')).not.toThrow();
        });

        it('runs atMsgSend on the sender, then atMsgReceive on the receiver; false cancels', async () => {
          const { ann, bob } = await scene();
          const s = new TestSession(1);
          bob.sessions.add(s);
          bob.msg('hi', { from: ann });
          bob.msg('mute this', { from: ann });
          bob.msg('gag this', { from: ann });
          bob.msg('plain');
          expect(hooks).toEqual([
            'Ann.atMsgSend(hi,Bob)',
            'Bob.atMsgReceive(hi,Ann)',
            'Ann.atMsgSend(mute this,Bob)',
            'Ann.atMsgSend(gag this,Bob)',
            'Bob.atMsgReceive(gag this,Ann)',
            'Bob.atMsgReceive(plain,-)',
          ]);
          expect(s.received).toEqual(['hi', 'plain']);
        });
      });

      describe('msgContents', () => {
        it('reaches every puppeting session exactly once, shared sessions included', async () => {
          const { objects, room, ann, bob } = await scene();
          const cat = await objects.create({
            typeclass: DefaultObject,
            key: 'cat',
            location: room,
          });
          const carl = await objects.create({
            typeclass: DefaultCharacter,
            key: 'Carl',
            location: room,
          });
          // Ann and Bob are puppeted by two sessions of one account; Carl's two sessions share
          // him (mode 3), and one of them is (artificially) listed on Bob too.
          const [a1, b1, c1, c2] = [
            new TestSession(1),
            new TestSession(2),
            new TestSession(3),
            new TestSession(4),
          ];
          ann.sessions.add(a1);
          bob.sessions.add(b1);
          bob.sessions.add(c2);
          carl.sessions.add(c1);
          carl.sessions.add(c2);
          room.msgContents('A bell rings.');
          for (const s of [a1, b1, c1, c2])
            expect(s.received, `session ${s.sessid}`).toEqual(['A bell rings.']);
          expect(cat.hasAccount).toBe(false);
        });

        it('leaves out the excluded and runs each receiver hook once, with from', async () => {
          const { room, ann, bob } = await scene();
          const [a1, b1] = [new TestSession(1), new TestSession(2)];
          ann.sessions.add(a1);
          bob.sessions.add(b1);
          room.msgContents('Ann waves.', { exclude: ann, from: ann });
          room.msgContents('gag: nobody hears', { exclude: [ann] });
          room.msgContents('everyone');
          expect(a1.received).toEqual(['everyone']);
          expect(b1.received).toEqual(['Ann waves.', 'everyone']);
          expect(hooks.filter((h) => h.startsWith('Bob.atMsgReceive'))).toEqual([
            'Bob.atMsgReceive(Ann waves.,Ann)',
            'Bob.atMsgReceive(gag: nobody hears,-)',
            'Bob.atMsgReceive(everyone,-)',
          ]);
          expect(hooks.filter((h) => h.startsWith('Ann.atMsgSend'))).toEqual([
            'Ann.atMsgSend(Ann waves.,Bob)',
          ]);
        });
      });

      describe('returnAppearance', () => {
        it('shows name, description, exits, characters and things, without the looker', async () => {
          const { objects, room, ann } = await scene();
          const out = await objects.create({ typeclass: DefaultRoom, key: 'Market' });
          await objects.create({
            typeclass: DefaultExit,
            key: 'east',
            location: room,
            destination: out,
          });
          await objects.create({ typeclass: DefaultObject, key: 'fountain', location: room });
          await objects.create({
            typeclass: DefaultObject,
            key: 'ghost',
            location: room,
            locks: 'view:false()',
          });
          room.db.desc = 'A busy square.\nPigeons everywhere.';
          expect(room.returnAppearance(ann)).toBe(
            [
              '|cSquare|n',
              'A busy square.',
              'Pigeons everywhere.',
              '|wExits:|n east',
              '|wCharacters:|n Bob',
              '|wYou see:|n a fountain',
            ].join('\n'),
          );
          expect(out.returnAppearance(ann)).toBe('|cMarket|n\nYou see nothing special.');
        });

        it('neutralises hostile names and player descriptions: markup, escapes, line breaks', async () => {
          const { objects, room, ann } = await scene();
          await objects.create({ typeclass: DefaultCharacter, key: HOSTILE, location: room });
          const rock = await objects.create({
            typeclass: DefaultObject,
            key: 'rock',
            location: room,
          });
          rock.key = 'x|/y';
          // Written by a player (Ann has no Builder permission): stored neutralised.
          room.db.desc = authoredText(
            '|[rred\x1b]0;title\x07 here\r\nline two\u202e',
            ann,
            objects,
          );
          const text = room.returnAppearance(ann);
          expect(text).toContain('Bob, ||rEvil SYSTEM: you died||n');
          expect(text).toContain('|wYou see:|n a x||/y');
          expect(text).toContain('||[rred here\nline two');
          expect(text).not.toContain('\x1b');
          expect(text).not.toMatch(/\nSYSTEM/);
          expect(text.split('\n')).toHaveLength(5);
        });

        it('shows a description by game code or a builder as markup: its colour and links work', async () => {
          const { objects, room, ann } = await scene();
          room.db.desc = 'A |ggreen|n garden. |lclook|ltLook around|le';
          expect(room.returnAppearance(ann)).toContain(
            'A |ggreen|n garden. |lclook|ltLook around|le',
          );
          ann.tags.add('Builder', 'permission');
          room.db.desc = authoredText('|rRed|n', ann, objects);
          expect(room.getDisplayDesc(ann)).toBe('|rRed|n');
        });

        it('shows ids to those passing the examine lock', async () => {
          const { room, ann } = await scene();
          ann.tags.add('Builder', 'permission');
          expect(room.getDisplayName(ann)).toBe(`Square(#${room.id})`);
          expect(room.getDisplayName(null)).toBe('Square');
        });
      });

      describe('as a lock subject', () => {
        it('has permissions from tags, no superuser of its own, and its puppeting account', async () => {
          const { ann, bob } = await scene();
          ann.tags.add('Admin', 'permission');
          expect(ann.permissions).toEqual(['Admin']);
          expect(ann.isSuperuser).toBe(false);
          expect(ann.quelled).toBe(false);
          expect(ann.account).toBeNull();
          expect(bob.locks.check(ann, 'delete')).toBe(true);
          expect(ann.locks.check(bob, 'delete')).toBe(false);
          const superuser = {
            id: 1,
            name: 'root',
            permissions: [],
            isSuperuser: true,
            quelled: false,
            account: null,
          };
          bob.account = superuser;
          expect(ann.locks.check(bob, 'delete')).toBe(true);
          bob.account = null;
          expect(ann.locks.check(bob, 'delete')).toBe(false);
        });

        it('offers a cmdset and locks as a local cmdset source, with call open by default', async () => {
          const { room, ann } = await scene();
          expect(room.locks.check(ann, 'call')).toBe(true);
          expect(ann.locks.check(room, 'call')).toBe(false); // characters keep their commands
          expect(room.cmdset.all()).toEqual([]);
          const carrier: CmdSetCarrier = ann;
          const source: LocalCmdSetSource = room;
          expect(carrier.cmdset.owner).toBe(ann);
          expect(source.kind).toBe('object');
          expect(ann.locks.check(room, 'get')).toBe(false);
        });
      });

      describe('exits', () => {
        it('move a traveller through, or refuse by the traverse lock', async () => {
          const { objects, room, ann } = await scene();
          const market = await objects.create({ typeclass: DefaultRoom, key: 'Market' });
          const east = await objects.create({
            typeclass: DefaultExit,
            key: 'east',
            location: room,
            destination: market,
          });
          const west = await objects.create({
            typeclass: DefaultExit,
            key: 'west',
            location: market,
            destination: room,
            locks: 'traverse:perm(Admin)',
          });
          const s = new TestSession(1);
          ann.sessions.add(s);
          expect(await east.traverse(ann)).toBe(true);
          expect(ann.location).toBe(market);
          expect(await west.traverse(ann)).toBe(false);
          expect(ann.location).toBe(market);
          expect(s.received).toEqual(['You cannot go there.']);
        });
      });
    },
  );
});
