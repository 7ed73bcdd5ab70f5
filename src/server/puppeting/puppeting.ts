/**
 * Puppeting (REFERENCE.md §6–§7): the world's starting room, the characters accounts own, and
 * taking control of one through a session and letting go. Which of the multisession modes
 * applies is decided by `MultisessionRules`, never by the mode number here.
 *
 * Puppet state lives in the session's `puid` (synced to the Portal), so after a reload the
 * character is re-attached without running the hooks again. Whatever the mode, a character is
 * one object in memory however many sessions puppet it: sessions are added to its list.
 *
 * The room hears "X has entered the game." when a character gets its first session and
 * "X has left the game." when it loses its last one — so sharing a character, or handing it
 * from one of your sessions to another, announces nothing.
 */
import type { Logger } from 'pino';
import type { DefaultAccount } from '../accounts/account.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ObjectManager } from '../objects/object-manager.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import type { ServerSessionHandler } from '../sessions/server-session-handler.ts';
import { multisessionRules, type MultisessionRules } from './multisession.ts';
import type { PuppetOob } from './puppet-oob.ts';

type Account = DefaultAccount<ServerSession>;

/** The tag that marks the starting room, so it is found again after a restart. */
const LIMBO_TAG = ['limbo', 'world'] as const;
/** When a character was last puppeted (category 'puppeting'): the login puppet is the latest. */
const LAST_PUPPETED = 'lastPuppeted';
const PUPPETING = 'puppeting';

export const LIMBO_DESCRIPTION =
  'Welcome to your new Waystone game. This is Limbo, the room every new character starts in.\n' +
  'Builders can dig rooms from here; for now, look around and say hello.';

export const PUPPET_MESSAGES = {
  already: 'You are already puppeting this object.',
  noPermission: (name: string) => `You don't have permission to puppet '${name}'.`,
  sharing: (name: string) => `Sharing ${name} with another of your sessions.`,
  takenOver: (name: string) => `${name} is now acted from another of your sessions.`,
  otherAccount: (name: string) => `${name} is already puppeted by another Account.`,
  tooMany: (max: number) => `You cannot control any more puppets (max ${max})`,
  become: (name: string) => `You become ${name}.`,
  entered: (name: string) => `${name} has entered the game.`,
  left: (name: string) => `${name} has left the game.`,
  ooc: 'You go OOC.',
  notPuppeting: 'You are not puppeting anything.',
} as const;

export interface PuppetingOptions {
  objects: ObjectManager;
  sessions: ServerSessionHandler;
  /** The multisession rules (mode 0's by default). */
  rules?: MultisessionRules;
  log: Logger;
  /** Room.Info and Char.Vitals for the clients (puppet-oob.ts); none in tests that need none. */
  oob?: PuppetOob;
  /**
   * The session's puppet changed (taken, let go, handed over, re-attached after a reload):
   * client monitors follow it (monitoring/monitor-handler.ts). Must not throw.
   */
  onPuppetChange?: (session: ServerSession) => void;
}

const MODE_0 = multisessionRules({
  multisessionMode: 0,
  autoCreateCharacterWithAccount: 'auto',
  autoPuppetOnLogin: 'auto',
  maxNrSimultaneousPuppets: 'auto',
  maxNrCharacters: 'auto',
});

export class Puppeting {
  private limbo: DefaultObject | null = null;
  readonly rules: MultisessionRules;

  constructor(private readonly opts: PuppetingOptions) {
    this.rules = opts.rules ?? MODE_0;
  }

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

  // ---- characters ------------------------------------------------------------------------

  /** The characters `account` owns, oldest first. */
  characters(account: { readonly id: number }): DefaultObject[] {
    return this.opts.objects.ownedBy(account.id).filter((o) => o.isCharacter);
  }

  /**
   * A new character for `account`, in the starting room (its home too). The caller checks
   * the name and the account's limit; this only makes it.
   */
  createCharacter(account: Account, name: string, desc?: string): Promise<DefaultObject> {
    const start = this.startRoom();
    return this.opts.objects.create({
      typeclass: 'DefaultCharacter',
      key: name,
      location: start,
      home: start,
      accountId: account.id,
      ...(desc === undefined || desc === '' ? {} : { attributes: { desc } }),
      locks: `puppet:id(${account.id}) or perm(Developer);delete:id(${account.id}) or perm(Admin)`,
    });
  }

  /** The character a login puppets: the one played last, else the oldest. */
  loginCharacter(account: Account): DefaultObject | null {
    const mine = this.characters(account);
    let best: DefaultObject | null = null;
    let bestAt = -Infinity;
    for (const character of mine) {
      const at = character.attributes.get(LAST_PUPPETED, PUPPETING);
      const time = at instanceof Date ? at.getTime() : -1;
      if (best === null || time > bestAt) {
        best = character;
        bestAt = time;
      }
    }
    return best;
  }

  /**
   * What happens after a login (REFERENCE.md §5 step 10): make the account's first character
   * when the rules say so and it has none, then puppet the last one played when the rules
   * auto-puppet. Resolves true when the session ended up in character.
   */
  async afterLogin(session: ServerSession, account: Account): Promise<boolean> {
    const { rules } = this;
    if (rules.autoCreateCharacter && this.characters(account).length === 0) {
      await this.createCharacter(account, account.name);
    }
    if (!rules.autoPuppetOnLogin) return false;
    const character = this.loginCharacter(account);
    return character ? this.puppet(session, character) : false;
  }

  // ---- puppeting -------------------------------------------------------------------------

  /**
   * Take control of `character` through `session`, by every rule of REFERENCE.md §6. The
   * player is told what happened either way; resolves true when the session puppets it.
   */
  async puppet(session: ServerSession, character: DefaultObject): Promise<boolean> {
    const account = session.account;
    if (!account || character.isDeleted) return false;
    if (session.puid === character.id) {
      session.msg(PUPPET_MESSAGES.already);
      return false;
    }
    if (!character.locks.check(account, 'puppet', false)) {
      session.msg(PUPPET_MESSAGES.noPermission(character.key));
      return false;
    }
    const holders = character.sessions.all() as readonly ServerSession[];
    const ownHolders = holders.filter((s) => s.account === account);
    if (holders.length > ownHolders.length) {
      session.msg(PUPPET_MESSAGES.otherAccount(character.key));
      return false;
    }
    const max = this.rules.maxPuppets;
    if (max !== null && !exemptFromPuppetLimit(account)) {
      const others = new Set<number>();
      for (const s of account.sessions) {
        if (s !== session && s.puid !== null && s.puid !== character.id) others.add(s.puid);
      }
      if (others.size + 1 > max) {
        session.msg(PUPPET_MESSAGES.tooMany(max));
        return false;
      }
    }
    // The room hears an arrival only when nobody played the character before this.
    const firstSession = holders.length === 0;
    // One puppet per session: let go of the current one first.
    if (session.puid !== null) await this.unpuppet(session);
    if (ownHolders.length > 0) {
      if (this.rules.sharePuppets) {
        session.msg(PUPPET_MESSAGES.sharing(character.key));
      } else {
        for (const other of ownHolders) await this.handOver(other, character, account);
      }
    }
    await character.atPrePuppet(account, session);
    if (firstSession && character.location === null) await this.returnToWorld(character);
    this.attach(session, character, account);
    this.opts.sessions.sync(session);
    character.attributes.set(LAST_PUPPETED, new Date(), PUPPETING);
    await character.atPostPuppet(account, session);
    session.msg(PUPPET_MESSAGES.become(character.key));
    const here = character.location;
    // Out-of-band character data for clients that take it (GMCP Char.Name / Char.Status).
    session.send([
      ['char_name', [], { name: character.key, fullname: character.key }],
      ['char_status', [], { name: character.key, area: here?.key ?? '' }],
    ]);
    this.opts.oob?.puppeted(session, character);
    if (here) {
      session.msg(here.returnAppearance(character));
      if (firstSession) {
        here.msgContents(PUPPET_MESSAGES.entered(character.getDisplayName(null)), {
          exclude: [character],
        });
      }
    }
    return true;
  }

  /**
   * Let go of the session's puppet (`ooc`, logout, disconnect, shutdown). Resolves false when
   * it had none.
   */
  async unpuppet(session: ServerSession): Promise<boolean> {
    if (session.puid === null) return false;
    const account = session.account;
    const character = this.opts.objects.cached(session.puid);
    if (!character) {
      session.puid = null;
      this.opts.sessions.sync(session);
      return true;
    }
    if (this.detach(session, character)) {
      character.location?.msgContents(PUPPET_MESSAGES.left(character.getDisplayName(null)), {
        exclude: [character],
      });
    }
    if (account) await character.atPostUnpuppet(account, session);
    return true;
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

  /** Delete one of an account's characters, letting go of it first wherever it is puppeted. */
  async deleteCharacter(character: DefaultObject): Promise<void> {
    for (const session of [...character.sessions.all()] as ServerSession[]) {
      await this.unpuppet(session);
      session.msg(PUPPET_MESSAGES.ooc);
    }
    await this.opts.objects.delete(character);
  }

  // ---- internals -------------------------------------------------------------------------

  /** Another own session gives the character up, quietly (it stays in the game). */
  private async handOver(
    other: ServerSession,
    character: DefaultObject,
    account: Account,
  ): Promise<void> {
    this.detach(other, character);
    other.msg(PUPPET_MESSAGES.takenOver(character.key));
    await character.atPostUnpuppet(account, other);
  }

  /** A character found nowhere (its room was destroyed) goes home, or to the start room. */
  private async returnToWorld(character: DefaultObject): Promise<void> {
    const target = character.home && !character.home.isDeleted ? character.home : this.limbo;
    if (target) await character.moveTo(target, { quiet: true });
  }

  /** The session lets go of the character; true when it was the character's last session. */
  private detach(session: ServerSession, character: DefaultObject): boolean {
    session.puid = null;
    this.opts.sessions.sync(session);
    character.sessions.remove(session);
    this.opts.onPuppetChange?.(session);
    if (character.sessions.count > 0) return false;
    character.account = null;
    return true;
  }

  private attach(session: ServerSession, character: DefaultObject, account: Account): void {
    session.puid = character.id;
    character.sessions.add(session);
    character.account = account;
    this.opts.onPuppetChange?.(session);
  }
}

/** Superusers and Developers may puppet any number of characters at once. */
function exemptFromPuppetLimit(account: Account): boolean {
  return account.isSuperuser || account.permissions.some((p) => /^developers?$/i.test(p));
}
