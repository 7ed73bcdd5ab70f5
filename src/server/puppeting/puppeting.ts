/**
 * Puppeting (REFERENCE.md §6), multisession mode 0 (one session, one character per account):
 * the world's starting room, the character made with each account, and taking control of it
 * at login and letting go at logout. Puppet state lives in the session's `puid` (synced to the
 * Portal), so after a reload the character is re-attached without running the hooks again.
 *
 * Modes 1–3, `ic`/`ooc`, `charcreate`/`chardelete` and the finer multisession settings build on
 * this (REFERENCE.md §7); they are not here yet.
 */
import type { Logger } from 'pino';
import type { DefaultAccount } from '../accounts/account.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ObjectManager } from '../objects/object-manager.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import type { ServerSessionHandler } from '../sessions/server-session-handler.ts';

type Account = DefaultAccount<ServerSession>;

/** The tag that marks the starting room, so it is found again after a restart. */
const LIMBO_TAG = ['limbo', 'world'] as const;

export const LIMBO_DESCRIPTION =
  'Welcome to your new Waystone game. This is Limbo, the room every new character starts in.\n' +
  'Builders can dig rooms from here; for now, look around and say hello.';

export interface PuppetingOptions {
  objects: ObjectManager;
  sessions: ServerSessionHandler;
  log: Logger;
}

export class Puppeting {
  private limbo: DefaultObject | null = null;

  constructor(private readonly opts: PuppetingOptions) {}

  /**
   * Load the world; on the very first start, make Limbo and run `firstStart(limbo)` (the
   * game's world builders) once.
   */
  async startWorld(
    firstStart: (limbo: DefaultObject) => Promise<void> = async () => {},
  ): Promise<DefaultObject> {
    const { objects, log } = this.opts;
    await objects.loadAll();
    const found = await objects.find({ tag: { tag: LIMBO_TAG[0], category: LIMBO_TAG[1] } });
    if (found[0]) {
      this.limbo = found[0];
      return found[0];
    }
    const limbo = await objects.create({
      typeclass: 'DefaultRoom',
      key: 'Limbo',
      tags: [LIMBO_TAG],
      attributes: { desc: LIMBO_DESCRIPTION },
    });
    this.limbo = limbo;
    log.info({ id: limbo.id }, 'created Limbo, the starting room');
    await objects.batch(() => firstStart(limbo));
    return limbo;
  }

  /** The starting room (after `startWorld`). */
  startRoom(): DefaultObject {
    if (!this.limbo) throw new Error('the world has not been started');
    return this.limbo;
  }

  /** The account's character, made (in Limbo) the first time it is needed. */
  async characterFor(account: Account): Promise<DefaultObject> {
    const { objects } = this.opts;
    const mine = await objects.find({ accountId: account.id, typeclass: 'DefaultCharacter' });
    if (mine[0]) return mine[0];
    const limbo = this.limbo ?? (await this.startWorld());
    return objects.create({
      typeclass: 'DefaultCharacter',
      key: account.name,
      location: limbo,
      home: limbo,
      accountId: account.id,
      locks: `puppet:id(${account.id}) or perm(Developer);delete:id(${account.id}) or perm(Admin)`,
    });
  }

  /** Take control of `character` through `session` (the hooks, the messages, a look). */
  async puppet(session: ServerSession, character: DefaultObject): Promise<void> {
    const account = session.account;
    if (!account) return;
    if (session.puid === character.id) {
      session.msg('You are already puppeting this object.');
      return;
    }
    if (!character.locks.check(account, 'puppet', false)) {
      session.msg(`You don't have permission to puppet '${character.key}'.`);
      return;
    }
    await character.atPrePuppet(account, session);
    this.attach(session, character, account);
    this.opts.sessions.sync(session);
    await character.atPostPuppet(account, session);
    session.msg(`You become ${character.key}.`);
    const here = character.location;
    // Out-of-band character data for clients that take it (GMCP Char.Name / Char.Status).
    session.send([
      ['char_name', [], { name: character.key, fullname: character.key }],
      ['char_status', [], { name: character.key, area: here?.key ?? '' }],
    ]);
    if (here) {
      session.msg(here.returnAppearance(character));
      here.msgContents(`${character.key} has entered the game.`, { exclude: [character] });
    }
  }

  /** Let go of the session's puppet (logout, disconnect, shutdown). */
  async unpuppet(session: ServerSession): Promise<void> {
    const account = session.account;
    const character = session.puid === null ? undefined : this.opts.objects.cached(session.puid);
    session.puid = null;
    if (!character) return;
    character.sessions.remove(session);
    if (character.sessions.count === 0) {
      character.location?.msgContents(`${character.key} has left the game.`, {
        exclude: [character],
      });
      character.account = null;
    }
    if (account) await character.atPostUnpuppet(account, session);
  }

  /** After a reload: hand the session its puppet back, running no hooks. */
  async reattach(session: ServerSession): Promise<void> {
    if (session.puid === null || !session.account) return;
    const character = await this.opts.objects.load(session.puid);
    if (!character) {
      session.puid = null;
      this.opts.sessions.sync(session);
      return;
    }
    this.attach(session, character, session.account);
  }

  /** The session's puppet, if it has one. */
  puppetOf(session: ServerSession): DefaultObject | null {
    if (session.puid === null) return null;
    return this.opts.objects.cached(session.puid) ?? null;
  }

  private attach(session: ServerSession, character: DefaultObject, account: Account): void {
    session.puid = character.id;
    character.sessions.add(session);
    character.account = account;
  }
}
