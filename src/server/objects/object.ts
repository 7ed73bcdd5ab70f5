/**
 * `DefaultObject`: everything in the game world — things, characters, rooms, exits — and the
 * class a game subclasses (`class Sword extends DefaultObject`). The object manager builds it
 * from its stored row, attributes and tags, keeps one instance per id, and drives the hooks;
 * the object keeps itself consistent in memory and records what changed, which the manager's
 * write scopes commit (write-scopes.ts). A game never constructs one with `new`: it calls
 * `objects.create(...)`, and it overrides the `at*` hooks, never the constructor.
 *
 * Timeline of the hooks (each may be async and is awaited before the next step; a hook that
 * throws stops the timeline there — steps already done stay done and are committed, since
 * memory already shows them; the error reaches whoever started it, e.g. the command):
 *
 *   created   objects.create(...)
 *     1. row, attributes, tags and locks stored in one transaction
 *     2. the instance built, placed in its location's contents (no move hooks run)
 *     3. atObjectCreation()                   once in the object's life
 *     4. atInit()                             see "loaded"
 *   loaded    objects.load / loadAll (at start-up, after a reload), and after creation
 *     1. the instance built with its location, home, destination and contents in memory
 *     2. stored cmdsets restored; the manager's onLoaded (the Server adds default cmdsets)
 *     3. atInit()                             every time it enters memory
 *   reload    atServerReload()                before the Server process stops for a reload
 *   moveTo(destination, { quiet })
 *     1. atBeforeMove(destination)            false cancels
 *     2. source.atPreObjectLeave(obj, dest)   false cancels
 *     3. dest.atPreObjectReceive(obj, source) false cancels
 *     4. source.atObjectLeave(obj, dest)
 *     5. announceMoveFrom(dest)               unless quiet: the old room sees it go
 *     6. the move: location and both contents lists change, the new location is stored
 *     7. announceMoveTo(source)               unless quiet: the new room sees it come;
 *        then, only when sessions puppet it, the Server is told (world.moved): their clients
 *        get the new room's GMCP Room.Info (getRoomInfo, below)
 *     8. dest.atObjectReceive(obj, source)
 *     9. atAfterMove(source)
 *     Moving into itself or into something it contains is refused (false, nothing runs).
 *   msg(text, { from })
 *     1. from.atMsgSend(text, obj)            false cancels
 *     2. obj.atMsgReceive(text, from)         false cancels
 *     3. text sent to the given session(s) that puppet the object, else to all of them;
 *        with none, it is dropped silently
 *   atSay(message, options)                   say, pose, whisper (and a game's own) speak through it
 *     1. the speaker's own line: obj.msg(…)   every session puppeting it (all share one character)
 *     2. each receiver's line: r.msg(…)       a whisper's or an aimed say's receivers
 *     3. the room's line: location.msgContents(…), without the speaker and the receivers
 *     Each step is msg's timeline (atMsgSend / atMsgReceive, with from = obj); speech.ts has the
 *     lines and their templates.
 *   puppeting (the puppeting layer calls these; no-ops here)
 *     atPrePuppet(account, session) → atPostPuppet(account, session) … atPostUnpuppet(account, session)
 *   deleted   objects.delete(obj)
 *     1. atObjectDelete()                     false cancels
 *     2. exits inside it are deleted; other contents go home quietly (or nowhere)
 *     3. references to it (homes, destinations) become null; the row goes
 */
import { WaystoneError } from '../../shared/errors.ts';
import { neutralise } from '../../shared/markup/neutralise.ts';
import { playerText, type PlayerMarkup } from '../../shared/markup/player-text.ts';
import type { CmdSetCarrier, LocalCmdSetSource } from '../commands/caller-context.ts';
import { CmdSetHandler } from '../commands/cmdset-handler.ts';
import type { CmdSetRegistry } from '../commands/cmdset-registry.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import type { LockSubject } from '../locks/lock-subject.ts';
import { objectRef } from '../storage/entity-ref.ts';
import type { AttributeRow, EntityRef, ObjectRow, TagRow } from '../storage/types.ts';
import type { ObjectScripts } from '../scripts/object-scripts.ts';
import {
  escapeInlineFuncs,
  InlineFuncRegistry,
  type InlineOptions,
} from '../text-ui/inline-funcs.ts';
import type { Clock } from '../timing/clock.ts';
import { OnDemandHandler } from '../timing/on-demand.ts';
import { APPEARANCE_LIST_MAX, formatAppearance } from './appearance.ts';
import { definite, guessArticle, indefinite, isArticle, type Article } from './articles.ts';
import { AttributeHandler, createDbProxy, type DbProxy } from './attribute-handler.ts';
import type { RoomInfo, Vitals } from './client-data.ts';
import { MOVE_LINES } from './move-lines.ts';
import { ObjectSessions, type ObjectSession } from './object-sessions.ts';
import {
  fillSayTemplate,
  SAY_LINES,
  SAY_TO_LINES,
  WHISPER_LINES,
  type SayParts,
  type SayTemplate,
} from './speech.ts';
import { PersistentLockHandler } from './persistent-locks.ts';
import { TagHandler, type CategoryTags } from './tag-handler.ts';
import type { DirtyTracker } from './write-scopes.ts';

/** The account puppeting an object, as the object sees it. DefaultAccount satisfies it. */
export interface PuppetAccount extends LockSubject {
  readonly name: string;
}

export interface SearchOptions {
  /** Where to look instead of the usual places (the caller's location, it, the caller's inventory). */
  candidates?: readonly DefaultObject[];
  /** `#12` finds any loaded object, not only the candidates (for builders). */
  global?: boolean;
}

/** What an object needs from the manager that owns it (the ObjectManager implements it). */
export interface ObjectWorld extends DirtyTracker {
  readonly lockFuncs: LockFuncRegistry;
  readonly cmdsets: CmdSetRegistry;
  /** The world's time: objects and game code read `now()` here, never `Date.now()`. */
  readonly clock: Clock;
  /** Runs `fn` with its writes committed together before it resolves (see write-scopes.ts). */
  batch<T>(fn: () => Promise<T> | T): Promise<T>;
  search(caller: DefaultObject, query: string, options?: SearchOptions): DefaultObject[];
  /** The owning account changed (the manager keeps an index of objects by owner). */
  ownerChanged?(obj: DefaultObject, from: number | null, to: number | null): void;
  /** `obj.scripts` (scripts/object-scripts.ts); absent where no scripts run. */
  scriptsOf?(obj: DefaultObject): ObjectScripts;
  /** Runs a command line as `obj` (`obj.execute`); absent where no command handler runs. */
  execute?(obj: DefaultObject, line: string, session: ObjectSession | null): Promise<void>;
  /** A puppeted object moved (step 7 of moveTo); never called for one nobody puppets. */
  moved?(obj: DefaultObject, source: DefaultObject | null): void;
  /** `obj.updateVitals()` on a puppeted object: its clients may need new Char.Vitals. */
  vitalsChanged?(obj: DefaultObject): void;
  /** What players' own words may hold (`playerMarkup`); absent means 'none'. */
  readonly playerMarkup?: PlayerMarkup;
  /** The game's inline functions (`game.inlineFuncs`); absent: the built-ins alone. */
  readonly inlineFuncs?: InlineFuncRegistry;
}

/** What the manager hands a new instance. */
export interface ObjectInit {
  readonly row: ObjectRow;
  readonly attributes: readonly AttributeRow[];
  readonly tags: readonly TagRow[];
  readonly world: ObjectWorld;
}

/** The constructor the manager calls; a game's subclass keeps it. */
export type ObjectClass<T extends DefaultObject = DefaultObject> = (new (init: ObjectInit) => T) & {
  defaultLocks(id: number): string;
};

export interface MoveOptions {
  /** No arrival/departure announcements (the hooks still run). */
  quiet?: boolean;
}

/**
 * `inlineFuncs: true` runs the text's inline functions (text-ui/inline-funcs.ts) for each
 * reader, with `from` as the actor: `'$You() $conj(open) $obj(door, the).'` with
 * `mapping: { door }` reads "You open the door." to the actor and "Ann opens the door." to
 * everyone else. The hooks (atMsgSend, atMsgReceive) see each reader's rendering.
 */
export interface MsgOptions extends InlineOptions {
  /** The object the text comes from: its atMsgSend runs, and the receiver's atMsgReceive sees it. */
  from?: DefaultObject | null;
  /** Only these of the object's sessions (others are not sent to). */
  session?: ObjectSession | readonly ObjectSession[] | null;
}

/** How `atSay` speaks (speech.ts: the templates and the default lines). */
export interface SayOptions {
  /** Spoken to these: each gets the receivers' line and is left out of the room's. */
  receivers?: DefaultObject | readonly DefaultObject[];
  /** Only the receivers hear it (the room's line defaults to none). */
  whisper?: boolean;
  /** The speaker's own line; false: none (the speaker then hears the room's line). */
  msgSelf?: SayTemplate | false;
  /** The room's line; false: none. */
  msgLocation?: SayTemplate | false;
  /** Each receiver's line; false: none. */
  msgReceivers?: SayTemplate | false;
}

/** See MsgOptions for `inlineFuncs`, `mapping` and `names`. */
export interface MsgContentsOptions extends InlineOptions {
  exclude?: DefaultObject | readonly DefaultObject[] | null;
  from?: DefaultObject | null;
}

/** Inline functions for a world that has none of its own (tests): the built-ins, never added to. */
const BUILTIN_INLINE_FUNCS = new InlineFuncRegistry();

/** Hook results: only an explicit false cancels. */
export type HookResult = boolean | void | Promise<boolean | void>;

/** Used by the manager only: changes that are not moves and run no hooks. */
export const INTERNAL: unique symbol = Symbol('waystone.objects.internal');

export interface ObjectInternals {
  /** Point at the loaded location/home/destination (after a load). No write. */
  link(resolve: (id: number) => DefaultObject | undefined): void;
  /** Mark deleted and leave the location's contents. No write (the manager deletes the row). */
  markDeleted(): void;
  /** Forget a deleted object it refers to (home, destination). */
  forget(gone: DefaultObject): void;
  /** Restore stored cmdsets (after a load). */
  restoreCmdsets(): void;
  /** Move without hooks or announcements (an object whose location is being deleted). */
  place(destination: DefaultObject | null): void;
  /** Become an instance of `cls`, stored as `name` (the manager's swapTypeclass). */
  retype(name: string, cls: ObjectClass): void;
}

const CMDSETS_ATTRIBUTE = 'cmdsets';
const SYSTEM = 'system';
/** Every object's persistent cmdsets are saved as names in one system attribute. */
const CMDSET_PERSISTENCE = {
  save: (names: string[], owner: unknown): void =>
    (owner as DefaultObject).attributes.set(CMDSETS_ATTRIBUTE, names, SYSTEM),
};
const NOTHING: readonly DefaultObject[] = Object.freeze([]);

export class DefaultObject implements LockSubject, CmdSetCarrier, LocalCmdSetSource {
  /**
   * The locks every object of this class gets when created, before the `locks` given to
   * `create` (which replace them per access type). A subclass extends them:
   * `static override defaultLocks(id) { return super.defaultLocks(id) + ';get:false()'; }`
   */
  static defaultLocks(_id: number): string {
    return [
      'control:perm(Developer)',
      'examine:perm(Builder)',
      'edit:perm(Admin)',
      'delete:perm(Admin)',
      'get:all()',
      'drop:all()',
      'call:true()',
      'view:all()',
      'puppet:pperm(Developer)',
      'teleport:true()',
      'teleport_here:true()',
    ].join(';');
  }

  readonly id: number;
  /** Attributes in every category. */
  readonly attributes: AttributeHandler;
  readonly tags: TagHandler;
  readonly locks: PersistentLockHandler;
  readonly cmdset: CmdSetHandler;
  /** The sessions puppeting it: the puppeting layer keeps this list. */
  readonly sessions = new ObjectSessions();
  /** Objects are never superusers themselves; a puppet is one through its account. */
  readonly isSuperuser = false;
  readonly quelled = false;

  // Every object in memory carries what follows, a busy world a hundred thousand of them: what
  // most never use (db, ndb, aliases, contents) is made on first use, and the handlers' change
  // hooks are one function for all objects (the static ones below), not closures on each.
  #world: ObjectWorld;
  #typeclass: string;
  #key: string;
  #accountId: number | null;
  /** Epoch milliseconds: a number costs a sixth of the Date `createdAt` makes from it. */
  #createdAt: number;
  #account: PuppetAccount | null = null;
  #location: DefaultObject | null = null;
  #home: DefaultObject | null = null;
  #destination: DefaultObject | null = null;
  /** What is inside; null while nothing ever was. */
  #contents: Set<DefaultObject> | null = null;
  /**
   * What inside lends commands (a set that is not shared): the command handler asks only these.
   * Null while nothing inside ever did.
   */
  #lenders: Set<DefaultObject> | null = null;
  /** The stored ids of its location, home and destination, until `link` has resolved them. */
  #stored: {
    locationId: number | null;
    homeId: number | null;
    destinationId: number | null;
  } | null;
  #db: DbProxy | null = null;
  #ndb: Record<string, unknown> | null = null;
  #aliases: CategoryTags | null = null;
  #deleted = false;

  constructor(init: ObjectInit) {
    const { row, world } = init;
    this.id = row.id;
    this.#world = world;
    this.#typeclass = row.typeclass;
    this.#key = row.key;
    this.#accountId = row.accountId;
    this.#createdAt = row.createdAt.getTime();
    this.#stored = {
      locationId: row.locationId,
      homeId: row.homeId,
      destinationId: row.destinationId,
    };
    this.attributes = new AttributeHandler(this, init.attributes, world);
    this.tags = new TagHandler(this, init.tags, world);
    this.locks = new PersistentLockHandler(
      world.lockFuncs,
      this,
      row.locks,
      DefaultObject.#locksChanged,
    );
    this.cmdset = new CmdSetHandler({
      owner: this,
      lockFuncs: world.lockFuncs,
      registry: world.cmdsets,
      persistence: CMDSET_PERSISTENCE,
      onChange: DefaultObject.#cmdsetsChanged,
    });
  }

  /** Its locks changed: the row stores them. */
  static #locksChanged(this: void, _lockString: string, owner: unknown): void {
    (owner as DefaultObject).#rowChanged();
  }

  /** Its cmdsets changed: its location learns whether it lends commands now. */
  static #cmdsetsChanged(this: void, owner: unknown): void {
    const obj = owner as DefaultObject;
    if (obj.#location !== null) obj.#location.#noteLender(obj);
  }

  /** Persistent attributes without a category: `obj.db.hp = 10`. */
  get db(): DbProxy {
    return (this.#db ??= createDbProxy(this.attributes));
  }

  /** Non-persistent attributes: gone after a reload. */
  get ndb(): Record<string, unknown> {
    return (this.#ndb ??= {});
  }

  /** Other names it answers to in searches (tags of category 'alias'). */
  get aliases(): CategoryTags {
    return (this.#aliases ??= this.tags.category('alias'));
  }

  /** When it was created (a new Date on each read: changing one changes nothing here). */
  get createdAt(): Date {
    return new Date(this.#createdAt);
  }

  // ---- identity --------------------------------------------------------------------------

  get ref(): EntityRef {
    return objectRef(this.id);
  }

  /** The registered name of its class, as stored. */
  get typeclass(): string {
    return this.#typeclass;
  }

  get key(): string {
    return this.#key;
  }

  set key(key: string) {
    this.#key = key;
    this.#rowChanged();
  }

  /** The account this object belongs to (a character's owner), stored; null for most. */
  get accountId(): number | null {
    return this.#accountId;
  }

  set accountId(id: number | null) {
    const from = this.#accountId;
    this.#accountId = id;
    this.#world.ownerChanged?.(this, from, id);
    this.#rowChanged();
  }

  get isDeleted(): boolean {
    return this.#deleted;
  }

  /**
   * State computed from elapsed time when it is read (a lantern burning down, a plant
   * growing), kept in its attributes: see timing/on-demand.ts. A view made on each use: the
   * object itself keeps nothing for it (most objects never have any).
   */
  get onDemand(): OnDemandHandler {
    return new OnDemandHandler(this.attributes, () => this.#world.clock.now(), `#${this.id}`);
  }

  /** The world's clock (the WorldTestKit's virtual one in tests). */
  get clock(): Clock {
    return this.#world.clock;
  }

  /** How the command handler treats its cmdsets when it is near a caller: exits say 'exit'. */
  get kind(): 'object' | 'exit' {
    return 'object';
  }

  /** Grouping in `returnAppearance`: DefaultCharacter says true. */
  get isCharacter(): boolean {
    return false;
  }

  // ---- LockSubject and puppeting ------------------------------------------------------------

  /** Tags of category 'permission'. */
  get permissions(): readonly string[] {
    return this.tags.all('permission');
  }

  /** The account puppeting it (set by the puppeting layer; not stored). */
  get account(): PuppetAccount | null {
    return this.#account;
  }

  set account(account: PuppetAccount | null) {
    this.#account = account;
  }

  get hasAccount(): boolean {
    return this.sessions.count > 0;
  }

  // ---- where it is -----------------------------------------------------------------------

  get location(): DefaultObject | null {
    return this.#location;
  }

  /** What is inside, in the order it arrived (a copy). */
  get contents(): DefaultObject[] {
    return this.#contents === null ? [] : [...this.#contents];
  }

  /**
   * What is inside that lends commands to those nearby (exits, a bell, a button): the command
   * handler looks at these, not at a crowded room's every character. Read in place.
   */
  lendersView(): Iterable<DefaultObject> {
    return this.#lenders ?? NOTHING;
  }

  /**
   * The command sources around something standing here: this place, then what in it lends
   * commands (exits, a bell) — never a crowded room's every character, so a typed line costs
   * the same in an empty room as in a full one. The command handler skips the caller's own puppet.
   */
  commandSources(): DefaultObject[] {
    return this.#lenders === null ? [this] : [this, ...this.#lenders];
  }

  /** Keep `obj`'s place among this container's lenders up to date. */
  #noteLender(obj: DefaultObject): void {
    if (obj.#location === this && obj.cmdset.lendsCommands) (this.#lenders ??= new Set()).add(obj);
    else this.#lenders?.delete(obj);
  }

  get home(): DefaultObject | null {
    return this.#home;
  }

  set home(home: DefaultObject | null) {
    this.#home = home;
    this.#rowChanged();
  }

  /** Where an exit leads; null for everything else. */
  get destination(): DefaultObject | null {
    return this.#destination;
  }

  set destination(destination: DefaultObject | null) {
    this.#destination = destination;
    this.#rowChanged();
  }

  /** True when `other` is this object or somewhere inside it. */
  contains(other: DefaultObject): boolean {
    for (let at: DefaultObject | null = other; at !== null; at = at.#location) {
      if (at === this) return true;
    }
    return false;
  }

  /** Runs the move timeline (top of this file); resolves once the move is committed. */
  moveTo(destination: DefaultObject, options: MoveOptions = {}): Promise<boolean> {
    return this.#world.batch(async () => {
      if (this.contains(destination) || destination.#deleted || this.#deleted) return false;
      const source = this.#location;
      if ((await this.atBeforeMove(destination)) === false) return false;
      if (source !== null && (await source.atPreObjectLeave(this, destination)) === false) {
        return false;
      }
      if ((await destination.atPreObjectReceive(this, source)) === false) return false;
      if (source !== null) await source.atObjectLeave(this, destination);
      if (options.quiet !== true) this.announceMoveFrom(destination);
      this.#place(destination);
      if (options.quiet !== true) this.announceMoveTo(source);
      // Costs nothing for the many objects nobody puppets.
      if (this.sessions.count > 0) this.#world.moved?.(this, source);
      await destination.atObjectReceive(this, source);
      await this.atAfterMove(source);
      return true;
    });
  }

  /**
   * Tells the room it leaves that it goes (step 5 of a move): "Ann leaves for the Courtyard."
   * `template` is in actor stance with `destination` mapped (move-lines.ts).
   */
  announceMoveFrom(destination: DefaultObject, template: string = MOVE_LINES.leave): void {
    const from = this.#location;
    if (from === null) return;
    from.msgContents(template, {
      exclude: this,
      from: this,
      inlineFuncs: true,
      mapping: { destination },
      names: 'plain',
    });
  }

  /**
   * Tells the room it arrives in that it came (step 7 of a move): "Ann arrives from Limbo."
   * `template` is in actor stance with `origin` mapped (move-lines.ts).
   */
  announceMoveTo(source: DefaultObject | null, template?: string): void {
    const here = this.#location;
    if (here === null) return;
    const line = template ?? (source === null ? MOVE_LINES.arriveFromNowhere : MOVE_LINES.arrive);
    here.msgContents(line, {
      exclude: this,
      from: this,
      inlineFuncs: true,
      mapping: source === null ? {} : { origin: source },
      names: 'plain',
    });
  }

  // ---- acting ----------------------------------------------------------------------------

  /**
   * The scripts on this object (Evennia's `obj.scripts`): `await obj.scripts.add(Toll)`,
   * `obj.scripts.get('toll')`, `obj.scripts.all()`, `await obj.scripts.stop('toll')`. A view
   * made on each use; the object itself keeps nothing for scripts.
   */
  get scripts(): ObjectScripts {
    const of = this.#world.scriptsOf;
    if (of === undefined) {
      throw new WaystoneError('SCRIPT_INVALID', `No scripts run here, so #${this.id} has none.`);
    }
    return of.call(this.#world, this);
  }

  /**
   * Runs a command line as this object, as if it had typed it (Evennia's `execute_cmd`): an
   * NPC, a script or a timer acts through the same commands players use. The commands are
   * found in this object's cmdsets and those around it (its location, what is there), as for a
   * puppet; the account's and session's sets are not merged. `command.session` is null — unless
   * a `session` of this object's is given — so the command cannot `ask`; what it says goes to
   * the sessions puppeting this object, if any. Its writes commit together and its output is
   * released after them, as for a typed line (inside a command, they join that command's).
   * Resolves when the command has finished; an error in it is logged and reported like a
   * player's, never thrown here.
   */
  execute(line: string, options: { session?: ObjectSession } = {}): Promise<void> {
    const run = this.#world.execute;
    if (run === undefined) {
      return Promise.reject(
        new WaystoneError(
          'COMMAND_NOT_RUNNING',
          `No command handler runs here, so #${this.id} cannot execute '${line}'.`,
        ),
      );
    }
    return run.call(this.#world, this, line, options.session ?? null);
  }

  // ---- messages --------------------------------------------------------------------------

  /** Sends text to the sessions puppeting it (REFERENCE.md §8); see the timeline above. */
  msg(text: string, options: MsgOptions = {}): void {
    const shown = this.#inline(text, this, options);
    this.#route(shown, options.from ?? null, options.session ?? null, null);
  }

  /**
   * Sends text to everything inside (a room-wide message). Each receiver's hooks run once, and
   * each puppeting session gets the text once, even if it were listed on two receivers.
   */
  msgContents(text: string, options: MsgContentsOptions = {}): void {
    const exclude = options.exclude ?? [];
    const skip = new Set(exclude instanceof DefaultObject ? [exclude] : exclude);
    const reached = new Set<number>();
    for (const obj of this.contents) {
      if (skip.has(obj)) continue;
      obj.#route(this.#inline(text, obj, options), options.from ?? null, null, reached);
    }
  }

  /** The text as `viewer` reads it: inline functions run when the options ask (MsgOptions). */
  #inline(text: string, viewer: DefaultObject, options: MsgOptions | MsgContentsOptions): string {
    if (options.inlineFuncs !== true) return text;
    return (this.#world.inlineFuncs ?? BUILTIN_INLINE_FUNCS).render(text, {
      viewer,
      actor: options.from ?? null,
      mapping: options.mapping ?? {},
      names: options.names ?? 'viewer',
    });
  }

  /**
   * Speaks `message` — player text, neutralised here (colour codes kept when the game's
   * `playerMarkup` is 'colour') — as this object (Evennia's `at_say`):
   * the speaker's line to every session puppeting it, each receiver's line to every session of
   * that receiver, and the room's line to the location's contents, without the speaker and the
   * receivers (the timeline at the top). Override it to change how a kind of object speaks
   * (an accent, a gag): call `super.atSay` with the changed message or lines.
   */
  atSay(message: string, options: SayOptions = {}): void | Promise<void> {
    const receivers = asList(options.receivers);
    const defaults =
      options.whisper === true ? WHISPER_LINES : receivers.length > 0 ? SAY_TO_LINES : SAY_LINES;
    const self = options.msgSelf ?? defaults.self;
    const room = options.msgLocation ?? defaults.location;
    const toEach = options.msgReceivers ?? defaults.receivers;
    // Every part is escaped for inline functions: the lines may use actor stance ($You(),
    // $conj()), and what the player typed never runs a function.
    const speech = escapeInlineFuncs(playerText(message, this.#world.playerMarkup ?? 'none'));
    const speaker = escapeInlineFuncs(neutralise(this.#key));
    const here = this.#location;
    const name = (obj: DefaultObject | null | undefined, looker: DefaultObject | null): string =>
      obj ? escapeInlineFuncs(obj.getDisplayName(looker)) : '';
    const parts = (looker: DefaultObject | null, receiver: DefaultObject | null): SayParts => ({
      speech,
      speaker,
      receivers: receivers.map((r) => name(r, looker)).join(', '),
      receiver: name(receiver, looker),
      location: name(here, looker),
    });
    const stance = { from: this, inlineFuncs: true } as const;
    if (self !== false) this.msg(fillSayTemplate(self, parts(this, null)), stance);
    if (toEach !== false) {
      for (const r of receivers) r.msg(fillSayTemplate(toEach, parts(r, r)), stance);
    }
    if (here !== null && room !== false) {
      here.msgContents(fillSayTemplate(room, parts(null, null)), {
        ...stance,
        exclude: self === false ? receivers : [this, ...receivers],
        names: 'plain',
      });
    }
  }

  #route(
    text: string,
    from: DefaultObject | null,
    only: ObjectSession | readonly ObjectSession[] | null,
    reached: Set<number> | null,
  ): void {
    if (from !== null && from.atMsgSend(text, this) === false) return;
    if (this.atMsgReceive(text, from) === false) return;
    const wanted =
      only === null ? null : new Set((isSessionList(only) ? only : [only]).map((s) => s.sessid));
    for (const session of this.sessions.all()) {
      if (wanted !== null && !wanted.has(session.sessid)) continue;
      if (reached !== null) {
        if (reached.has(session.sessid)) continue;
        reached.add(session.sessid);
      }
      session.msg(text);
    }
  }

  // ---- search and appearance -------------------------------------------------------------

  /**
   * Finds one object by what a player typed (rules in search.ts), looking in its location,
   * at its location and in its inventory. None or several: tells this object so, and returns
   * null (`quiet` leaves the telling to the caller).
   */
  search(query: string, options: SearchOptions & { quiet?: boolean } = {}): DefaultObject | null {
    const matches = this.#world.search(this, query, options);
    if (matches.length === 1) return matches[0] as DefaultObject;
    if (options.quiet === true) return null;
    const shown = neutralise(query.trim());
    if (matches.length === 0) {
      this.msg(`Could not find '${shown}'.`);
      return null;
    }
    const lines = matches.map((m, i) => {
      const where = m.#location === this ? ' (carried)' : '';
      return ` ${i + 1}-${m.getDisplayName(this)}${where}`;
    });
    this.msg([`More than one match for '${shown}' (please narrow target):`, ...lines].join('\n'));
    return null;
  }

  /** Its name as `looker` sees it: neutralised, with `(#id)` for those passing `examine`. */
  getDisplayName(looker: LockSubject | null): string {
    const name = neutralise(this.#key);
    return looker !== null && this.locks.check(looker, 'examine') ? `${name}(#${this.id})` : name;
  }

  /**
   * The article a sentence gives its name (the rules are in articles.ts): `db.article` when it
   * holds one ('a', 'an', 'some', 'the' or '' for none), else a guess from its key.
   */
  getArticle(): Article {
    const chosen = this.db.article;
    return isArticle(chosen) ? chosen : guessArticle(this.#key);
  }

  /** Its name as first mentioned: "a brass lantern", "an owl", "Ann" (getDisplayName's form). */
  getIndefiniteName(looker: LockSubject | null): string {
    return indefinite(this.getDisplayName(looker), this.getArticle());
  }

  /** Its name as something known: "the brass lantern", "the Courtyard", "Limbo". */
  getDefiniteName(looker: LockSubject | null): string {
    return definite(this.getDisplayName(looker), this.getArticle());
  }

  /**
   * `db.desc`, as markup: its trust was decided when it was written (objects/authored-text.ts),
   * so a player's description is already neutralised and a builder's keeps its colour and links.
   */
  getDisplayDesc(_looker: LockSubject | null): string {
    const desc = this.db.desc;
    if (typeof desc !== 'string' || desc.trim() === '') return 'You see nothing special.';
    return desc;
  }

  /** What `look` shows: name, description, then exits, characters and things it holds. */
  returnAppearance(looker: DefaultObject): string {
    const exits: DefaultObject[] = [];
    const characters: DefaultObject[] = [];
    const things: DefaultObject[] = [];
    for (const obj of this.#contents ?? NOTHING) {
      if (obj === looker) continue;
      // A player's character whose player is away is not shown (it "has left the game").
      if (obj.isCharacter && obj.#accountId !== null && !obj.hasAccount) continue;
      if (!obj.locks.check(looker, 'view', true)) continue;
      if (obj.#destination !== null) exits.push(obj);
      else if (obj.isCharacter) characters.push(obj);
      else things.push(obj);
    }
    // Names only for what is listed: a crowded room costs a count, not thousands of names.
    // Exits by their bare names ("north"); characters and things as first mentioned ("a lamp").
    const group = (objs: readonly DefaultObject[], name: (o: DefaultObject) => string) => ({
      names: objs.slice(0, APPEARANCE_LIST_MAX).map(name),
      total: objs.length,
    });
    return formatAppearance({
      name: this.getDisplayName(looker),
      desc: this.getDisplayDesc(looker),
      exits: group(exits, (o) => o.getDisplayName(looker)),
      characters: group(characters, (o) => o.getIndefiniteName(looker)),
      things: group(things, (o) => o.getIndefiniteName(looker)),
    });
  }

  // ---- data for MUD clients (GMCP Room.Info and Char.Vitals; client-data.ts) ----------------

  /**
   * The `Room.Info` record a client of `looker`, standing here, gets on puppeting and after each
   * move; null sends nothing. Null here; DefaultRoom builds it from its exits (room-info.ts). A
   * game may add fields: `{ ...super.getRoomInfo(looker), coords: '1,2,0' }`.
   */
  getRoomInfo(_looker: DefaultObject): RoomInfo | null {
    return null;
  }

  /**
   * The `Char.Vitals` of this object when puppeted (`{ hp: this.db.hp, maxhp: 100 }`); null (the
   * default) sends nothing. Sent on puppeting, after each command its session runs when the
   * values changed, and when game code calls `updateVitals()`. Keep it cheap and synchronous.
   */
  getVitals(): Vitals | null {
    return null;
  }

  /**
   * Tells the clients of this object's sessions its vitals, if they changed since last sent: call
   * it after changing them outside a command its player typed (an NPC's blow, a timer's healing).
   * Does nothing when nobody puppets it.
   */
  updateVitals(): void {
    if (this.sessions.count > 0) this.#world.vitalsChanged?.(this);
  }

  // ---- hooks (the timeline at the top of this file) --------------------------------------

  atObjectCreation(): void | Promise<void> {}
  atInit(): void | Promise<void> {}
  atServerReload(): void | Promise<void> {}
  atObjectDelete(): HookResult {}
  atBeforeMove(_destination: DefaultObject): HookResult {}
  atPreObjectLeave(_obj: DefaultObject, _target: DefaultObject): HookResult {}
  atPreObjectReceive(_obj: DefaultObject, _source: DefaultObject | null): HookResult {}
  atObjectLeave(_obj: DefaultObject, _target: DefaultObject): void | Promise<void> {}
  atObjectReceive(_obj: DefaultObject, _source: DefaultObject | null): void | Promise<void> {}
  atAfterMove(_source: DefaultObject | null): void | Promise<void> {}
  atPrePuppet(_account: PuppetAccount, _session: ObjectSession): void | Promise<void> {}
  atPostPuppet(_account: PuppetAccount, _session: ObjectSession): void | Promise<void> {}
  atPostUnpuppet(_account: PuppetAccount, _session: ObjectSession): void | Promise<void> {}
  /** Synchronous, as msg is: false cancels delivery. */
  atMsgReceive(_text: string, _from: DefaultObject | null): boolean | void {}
  /** Synchronous, as msg is: false cancels delivery. */
  atMsgSend(_text: string, _to: DefaultObject): boolean | void {}

  // ---- storage ---------------------------------------------------------------------------

  /** For the manager: see ObjectInternals. */
  get [INTERNAL](): ObjectInternals {
    return {
      link: (resolve) => {
        const stored = this.#stored;
        if (stored === null) return; // linked already: it points at live objects
        this.#stored = null;
        const { locationId, homeId, destinationId } = stored;
        this.#home = homeId === null ? null : (resolve(homeId) ?? null);
        this.#destination = destinationId === null ? null : (resolve(destinationId) ?? null);
        const location = locationId === null ? null : (resolve(locationId) ?? null);
        this.#leave();
        this.#location = location;
        if (location !== null) {
          (location.#contents ??= new Set()).add(this);
          location.#noteLender(this);
        }
      },
      markDeleted: () => {
        this.#deleted = true;
        this.#leave();
        this.#location = null;
      },
      forget: (gone) => {
        if (this.#home === gone) this.home = null;
        if (this.#destination === gone) this.destination = null;
      },
      restoreCmdsets: () => {
        const names = this.attributes.get(CMDSETS_ATTRIBUTE, SYSTEM);
        if (Array.isArray(names) && names.length > 0) {
          this.cmdset.restore(names.map((n) => String(n)));
        }
      },
      place: (destination) => this.#place(destination),
      retype: (name, cls) => {
        // Python's `obj.__class__ = cls`, as Evennia's swap_typeclass does: the same instance,
        // so every reference to it (its room's contents, its sessions) stays good.
        Object.setPrototypeOf(this, cls.prototype);
        this.#typeclass = name;
        this.#rowChanged();
      },
    };
  }

  /** The move itself (step 6): both contents lists and the stored location. */
  #place(destination: DefaultObject | null): void {
    this.#leave();
    this.#location = destination;
    if (destination !== null) {
      (destination.#contents ??= new Set()).add(this);
      destination.#noteLender(this);
    }
    this.#rowChanged();
  }

  /** Out of its location's contents (and lenders); the caller sets the new location. */
  #leave(): void {
    if (this.#location === null) return;
    this.#location.#contents?.delete(this);
    this.#location.#lenders?.delete(this);
  }

  /**
   * Records that the row's fields changed; the write stores them as they are at commit. Watchers
   * of the object (client monitors of `name`, `location`) hear of it through its attributes.
   */
  #rowChanged(): void {
    this.attributes.fieldsChanged();
    this.#world.markDirty(`row:${this.id}`, async (tx) => {
      if (this.#deleted) return;
      await tx.objects.update(this.id, {
        key: this.#key,
        typeclass: this.#typeclass,
        locationId: this.#location?.id ?? null,
        homeId: this.#home?.id ?? null,
        destinationId: this.#destination?.id ?? null,
        accountId: this.#accountId,
        locks: this.locks.toString(),
      });
    });
  }
}

function asList(
  objs: DefaultObject | readonly DefaultObject[] | undefined,
): readonly DefaultObject[] {
  if (objs === undefined) return [];
  return objs instanceof DefaultObject ? [objs] : objs;
}

function isSessionList(
  value: ObjectSession | readonly ObjectSession[],
): value is readonly ObjectSession[] {
  return Array.isArray(value);
}
