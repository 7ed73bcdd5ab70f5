/**
 * The storage contract the rest of the Server codes against (DESIGN.md §5). Two backends
 * implement it through kysely: SQLite (embedded default) and PostgreSQL. Game code never sees
 * SQL; it sees these repositories, an identity map above them, and one transaction per command.
 */

/** A value an attribute can hold; stored typed, read back as the same type. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | Date
  | EntityRef
  | AttributeValue[]
  | { [key: string]: AttributeValue };

/** A reference to another stored entity, kept as a reference (not a copy) across restarts. */
export interface EntityRef {
  readonly $ref: 'account' | 'object';
  readonly id: number;
}

export type OwnerKind = 'account' | 'object';

export interface AccountRow {
  id: number;
  /** The name as the player chose it (NFKC-normalised, whitespace collapsed). */
  name: string;
  /** Case-folded name: unique, used for lookups. */
  nameKey: string;
  /** argon2id PHC string. */
  passwordHash: string;
  email: string | null;
  /** Typeclass name of the account's class (e.g. 'DefaultAccount'). */
  typeclass: string;
  permissions: string[];
  isSuperuser: boolean;
  isGuest: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export type NewAccount = Omit<AccountRow, 'id' | 'createdAt' | 'lastLoginAt'> & {
  /**
   * The name's look-alike key (accounts/names.ts `nameSkeleton`): indexed, not unique, so the
   * accounts layer can find a confusable name without a scan. Not read back into rows.
   */
  nameSkeleton: string;
};

export interface ObjectRow {
  id: number;
  typeclass: string;
  key: string;
  locationId: number | null;
  homeId: number | null;
  /** Destination, for exits. */
  destinationId: number | null;
  /** The account that owns/created it, if any. */
  accountId: number | null;
  locks: string;
  createdAt: Date;
}

export type NewObject = Omit<ObjectRow, 'id' | 'createdAt'>;

export interface AttributeRow {
  ownerKind: OwnerKind;
  ownerId: number;
  name: string;
  category: string;
  value: AttributeValue;
}

export interface TagRow {
  ownerKind: OwnerKind;
  ownerId: number;
  tag: string;
  category: string;
}

/** The fields of an account that can change after creation. */
export type AccountPatch = Partial<Omit<AccountRow, 'id' | 'createdAt'>> & {
  /** Give it with a new `name`: the key of the new name. */
  nameSkeleton?: string;
};

/** The fields of an object that can change after creation. */
export type ObjectPatch = Partial<Omit<ObjectRow, 'id' | 'createdAt'>>;

/** Which backend a Storage talks to. */
export type StorageBackendKind = 'sqlite' | 'postgres';

export interface AccountRepository {
  /** Fails with STORAGE_DUPLICATE when the name key is taken (case-insensitively). */
  create(account: NewAccount): Promise<AccountRow>;
  findById(id: number): Promise<AccountRow | null>;
  /** Case-insensitive: the key is lower-cased again before the lookup. */
  findByNameKey(nameKey: string): Promise<AccountRow | null>;
  /** An account whose look-alike key (`NewAccount.nameSkeleton`) is this one (the oldest). */
  findByNameSkeleton(nameSkeleton: string): Promise<AccountRow | null>;
  /** The updated row, or null when no account has that id. */
  update(id: number, patch: AccountPatch): Promise<AccountRow | null>;
  /** Deletes the account with its attributes and tags; its objects keep a null accountId. */
  delete(id: number): Promise<boolean>;
  count(filter?: { isSuperuser?: boolean; isGuest?: boolean }): Promise<number>;
  list(filter?: { isSuperuser?: boolean; isGuest?: boolean }): Promise<AccountRow[]>;
}

export interface ObjectFilter {
  locationId?: number | null;
  homeId?: number;
  destinationId?: number;
  accountId?: number;
  typeclass?: string;
  key?: string;
}

export interface ObjectRepository {
  /** Fails with STORAGE_CONSTRAINT when a location/home/destination/account id does not exist. */
  create(object: NewObject): Promise<ObjectRow>;
  findById(id: number): Promise<ObjectRow | null>;
  /** Every object matching all given fields (all objects for `{}`), in id order. */
  find(filter?: ObjectFilter): Promise<ObjectRow[]>;
  update(id: number, patch: ObjectPatch): Promise<ObjectRow | null>;
  /** Deletes the object with its attributes and tags; references to it become null. */
  delete(id: number): Promise<boolean>;
  count(filter?: ObjectFilter): Promise<number>;
}

export interface AttributeRepository {
  /** `undefined` when absent (null is a value an attribute can hold). Category '' = none. */
  get(owner: EntityRef, name: string, category?: string): Promise<AttributeValue | undefined>;
  /** Fails with STORAGE_BAD_VALUE, before touching the database, on a value it cannot store. */
  set(owner: EntityRef, name: string, value: AttributeValue, category?: string): Promise<void>;
  delete(owner: EntityRef, name: string, category?: string): Promise<boolean>;
  /** All of an owner's attributes, ordered by category then name. */
  listFor(owner: EntityRef): Promise<AttributeRow[]>;
  /** Every attribute of every owner of one kind, by owner id (loading the whole world). */
  listForKind(kind: OwnerKind): Promise<AttributeRow[]>;
  deleteAllFor(owner: EntityRef): Promise<number>;
}

export interface TagRepository {
  /** False when the owner already had the tag. */
  add(owner: EntityRef, tag: string, category?: string): Promise<boolean>;
  remove(owner: EntityRef, tag: string, category?: string): Promise<boolean>;
  has(owner: EntityRef, tag: string, category?: string): Promise<boolean>;
  listFor(owner: EntityRef): Promise<TagRow[]>;
  /** Every tag of every owner of one kind, by owner id (loading the whole world). */
  listForKind(kind: OwnerKind): Promise<TagRow[]>;
  /** Who carries a tag, optionally only accounts or only objects, in id order. */
  findOwners(tag: string, category?: string, kind?: OwnerKind): Promise<EntityRef[]>;
  deleteAllFor(owner: EntityRef): Promise<number>;
}

/** Server-wide settings kept in the database (bans, throttles); values use the attribute codec. */
export interface ConfigRepository {
  get(key: string): Promise<AttributeValue | undefined>;
  set(key: string, value: AttributeValue): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Entries whose key starts with `prefix` ('' for all), in key order. */
  list(prefix?: string): Promise<Array<{ key: string; value: AttributeValue }>>;
}

/** What happens to firings a script missed while the Server was down (scripts/script.ts). */
export type CatchUp = 'once' | 'skip' | 'all';

/** A persistent script and its schedule. Times are Dates; intervals milliseconds. */
export interface ScriptRow {
  id: number;
  key: string;
  typeclass: string;
  objectId: number | null;
  accountId: number | null;
  description: string;
  intervalMs: number;
  /** How many times atRepeat runs in all; 0 = without end. */
  repeats: number;
  /** How many times it has run. */
  fired: number;
  startDelay: boolean;
  catchUp: CatchUp;
  /** The next firing; null without a timer or while paused. */
  nextAt: Date | null;
  /** Time left when it was paused; null when not paused. */
  pausedMs: number | null;
  /** The script's `db`. */
  data: { [key: string]: AttributeValue };
  createdAt: Date;
}

export type NewScript = Omit<ScriptRow, 'id' | 'createdAt'>;
export type ScriptPatch = Partial<Omit<ScriptRow, 'id' | 'createdAt' | 'typeclass'>>;

export interface ScriptRepository {
  /** Fails with STORAGE_CONSTRAINT when the object or account does not exist. */
  create(script: NewScript): Promise<ScriptRow>;
  update(id: number, patch: ScriptPatch): Promise<boolean>;
  delete(id: number): Promise<boolean>;
  /** Every script, in id order (loading the world). */
  list(): Promise<ScriptRow[]>;
}

/** One object's method called on a shared ticker interval. */
export interface TickerSubscriptionRow {
  intervalMs: number;
  objectId: number;
  method: string;
  idstring: string;
  args: AttributeValue[];
}

export interface TickerRepository {
  /** Adds or replaces (same interval, object, method and idstring) a subscription. */
  subscribe(row: TickerSubscriptionRow): Promise<void>;
  unsubscribe(key: Omit<TickerSubscriptionRow, 'args'>): Promise<boolean>;
  list(): Promise<TickerSubscriptionRow[]>;
  /** When the interval ticks next (one row per interval). */
  setNextTick(intervalMs: number, nextAt: Date): Promise<void>;
  deleteInterval(intervalMs: number): Promise<void>;
  listIntervals(): Promise<Array<{ intervalMs: number; nextAt: Date }>>;
}

/** A method of an object to call once, later (a persistent delay). */
export interface DelayRow {
  id: number;
  objectId: number;
  method: string;
  args: AttributeValue[];
  dueAt: Date;
}

export interface DelayRepository {
  create(row: Omit<DelayRow, 'id'>): Promise<DelayRow>;
  delete(id: number): Promise<boolean>;
  list(): Promise<DelayRow[]>;
}

/** A channel (migration 4; server/comms/). */
export interface ChannelRow {
  id: number;
  /** The name as created ("Public"); unique whatever its case. */
  key: string;
  /** Registered name of the channel's class (e.g. 'DefaultChannel'). */
  typeclass: string;
  description: string;
  /** Lock string: `listen`, `send`, `control`. */
  locks: string;
  /** Other names everyone may use for it ('pub'). */
  aliases: string[];
  createdAt: Date;
}

export type NewChannel = Omit<ChannelRow, 'id' | 'createdAt'>;
export type ChannelPatch = Partial<Omit<ChannelRow, 'id' | 'createdAt' | 'typeclass'>>;

/** An account on a channel. */
export interface ChannelSubscriptionRow {
  channelId: number;
  accountId: number;
  /** The account's name, read with the row (listing subscribers who are offline). */
  accountName: string;
  /** Subscribed but hearing nothing (`channel/mute`). */
  muted: boolean;
  /** The subscriber's own names for the channel (`channel/alias`). */
  aliases: string[];
}

export interface ChannelBanRow {
  channelId: number;
  accountId: number;
  accountName: string;
  reason: string;
  createdAt: Date;
}

export interface ChannelRepository {
  /** Fails with STORAGE_DUPLICATE when a channel has that key in any case. */
  create(channel: NewChannel): Promise<ChannelRow>;
  /** Fails with STORAGE_DUPLICATE on a new key another channel has. */
  update(id: number, patch: ChannelPatch): Promise<boolean>;
  /** Deletes the channel with its subscriptions, bans and history. */
  delete(id: number): Promise<boolean>;
  /** Every channel, in id order. */
  list(): Promise<ChannelRow[]>;
  /** False when the account was subscribed already; STORAGE_CONSTRAINT for an unknown id. */
  subscribe(channelId: number, accountId: number): Promise<boolean>;
  unsubscribe(channelId: number, accountId: number): Promise<boolean>;
  updateSubscription(
    channelId: number,
    accountId: number,
    patch: { muted?: boolean; aliases?: string[] },
  ): Promise<boolean>;
  /** Every subscription of every channel (loading the channels), by channel then account. */
  listSubscriptions(): Promise<ChannelSubscriptionRow[]>;
  /** False when the account was banned already (the reason is then updated). */
  ban(channelId: number, accountId: number, reason: string): Promise<boolean>;
  unban(channelId: number, accountId: number): Promise<boolean>;
  listBans(): Promise<ChannelBanRow[]>;
}

/** One line said on a channel, as kept in its history. */
export interface ChannelMessageRow {
  id: number;
  channelId: number;
  /** The name it was said under (an account's, or a bridge's `nick@IRC`). */
  senderName: string;
  /** The sending account, when there was one and it still exists. */
  senderAccountId: number | null;
  /** The message as the channel showed it (neutralised), without the channel or sender. */
  text: string;
  createdAt: Date;
}

export interface ChannelMessageRepository {
  /**
   * Adds a message and deletes the channel's older ones beyond the newest `keep` (at least 1),
   * so a channel's history never grows past its bound.
   */
  add(message: Omit<ChannelMessageRow, 'id'>, keep: number): Promise<ChannelMessageRow>;
  /** Up to `limit` messages, skipping the `skip` newest; oldest first. */
  recent(channelId: number, page: { limit: number; skip?: number }): Promise<ChannelMessageRow[]>;
  count(channelId: number): Promise<number>;
}

/** A prototype builders stored (migration 5; server/prototypes/). */
export interface PrototypeRow {
  /** The prototype's key as written; unique whatever its case. */
  key: string;
  /** Its other fields (server/prototypes/prototype.ts), through the attribute codec. */
  data: { [field: string]: AttributeValue };
  createdAt: Date;
  updatedAt: Date;
}

export interface PrototypeRepository {
  /** Adds a prototype, or replaces the one with this key in any case. */
  save(row: Omit<PrototypeRow, 'createdAt' | 'updatedAt'>): Promise<void>;
  /** Case-insensitive. */
  delete(key: string): Promise<boolean>;
  /** Every stored prototype, by key. */
  list(): Promise<PrototypeRow[]>;
}

/** A help entry written in game with `sethelp` (migration 5). */
export interface HelpEntryRow {
  /** The topic as written; unique whatever its case. */
  key: string;
  category: string;
  aliases: string[];
  text: string;
  /** Lock string (`view:perm(Builder)`), or ''. */
  locks: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface HelpEntryRepository {
  /** Adds an entry, or replaces the one with this key in any case. */
  save(row: Omit<HelpEntryRow, 'createdAt' | 'updatedAt'>): Promise<void>;
  /** Case-insensitive. */
  delete(key: string): Promise<boolean>;
  /** Every stored entry, by key. */
  list(): Promise<HelpEntryRow[]>;
}

/** The repositories, bound either to autocommit or to one transaction. */
export interface Repositories {
  readonly accounts: AccountRepository;
  readonly objects: ObjectRepository;
  readonly attributes: AttributeRepository;
  readonly tags: TagRepository;
  readonly config: ConfigRepository;
  readonly scripts: ScriptRepository;
  readonly tickers: TickerRepository;
  readonly delays: DelayRepository;
  readonly channels: ChannelRepository;
  readonly channelMessages: ChannelMessageRepository;
  readonly prototypes: PrototypeRepository;
  readonly helpEntries: HelpEntryRepository;
}

/**
 * A write queued in a unit of work. It runs inside the commit transaction and may run more than
 * once (the whole transaction is retried after a lost connection), so it must only touch `tx`.
 */
export type QueuedWrite = (tx: Repositories) => Promise<unknown>;

/**
 * The writes of one command, committed together by `commit()` in ONE transaction. Commits run
 * in the order `commit()` was called, so the database sees changes in the order the game made
 * them. Values are validated and copied when queued, not when committed.
 */
export interface UnitOfWork {
  /** How many writes are queued. */
  readonly size: number;
  add(write: QueuedWrite): void;
  setAttribute(owner: EntityRef, name: string, value: AttributeValue, category?: string): void;
  deleteAttribute(owner: EntityRef, name: string, category?: string): void;
  addTag(owner: EntityRef, tag: string, category?: string): void;
  removeTag(owner: EntityRef, tag: string, category?: string): void;
  updateAccount(id: number, patch: AccountPatch): void;
  deleteAccount(id: number): void;
  updateObject(id: number, patch: ObjectPatch): void;
  deleteObject(id: number): void;
  setConfig(key: string, value: AttributeValue): void;
  deleteConfig(key: string): void;
  /**
   * Resolves once every queued write is durably committed. While the database is unreachable
   * it waits and retries (the Storage's onPaused/onResumed report it); it rejects on an error a
   * retry cannot fix (a constraint), on STORAGE_CLOSED, or after the retry limit.
   */
  commit(): Promise<void>;
}

export interface MigrationStatus {
  /** Schema version of the database (0 = empty). */
  current: number;
  /** Newest version this code knows. */
  latest: number;
  /** Names of migrations not yet applied. */
  pending: string[];
}

export interface Storage extends Repositories {
  readonly backend: StorageBackendKind;
  /** Where the data lives, for logs and messages: a file path or host:port/database. */
  readonly location: string;
  /**
   * Runs `work` in one transaction: committed if it resolves, rolled back if it throws. Like a
   * unit of work's commit it is queued behind earlier commits, may share its transaction with
   * others committed at the same moment, and is retried whole while the database is away, so
   * `work` may run more than once and must only touch `tx`.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  unitOfWork(): UnitOfWork;
  /** True between onPaused and onResumed (the database is unreachable). */
  readonly paused: boolean;
  migrationStatus(): Promise<MigrationStatus>;
  /** Applies pending migrations; returns the names applied. Refuses a newer database. */
  migrate(): Promise<string[]>;
  /** Waits for running commits, abandons ones waiting for the database, then disconnects. */
  close(): Promise<void>;
}
