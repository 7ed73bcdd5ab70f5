/**
 * The tables as kysely sees them (column names as stored). One schema for both backends, so
 * only portable column types are used: integers, text, and 0/1 for booleans (SQLite has no
 * boolean and better-sqlite3 refuses to bind one). Times are ISO-8601 text in UTC, which sorts
 * correctly on both. Repositories map these rows to the camelCase rows in types.ts.
 */
import type { Generated } from 'kysely';

export interface SchemaVersionTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface AccountsTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  /** The look-alike key of the name (UTS #39 skeleton, case-folded); indexed, not unique. */
  name_skeleton: string;
  password_hash: string;
  email: string | null;
  typeclass: string;
  /** JSON list of strings. */
  permissions: string;
  is_superuser: number;
  is_guest: number;
  created_at: string;
  last_login_at: string | null;
}

export interface ObjectsTable {
  id: Generated<number>;
  typeclass: string;
  key: string;
  location_id: number | null;
  home_id: number | null;
  destination_id: number | null;
  account_id: number | null;
  locks: string;
  created_at: string;
}

export interface AttributesTable {
  owner_kind: string;
  owner_id: number;
  category: string;
  name: string;
  /** attribute-codec.ts text. */
  value: string;
}

export interface TagsTable {
  owner_kind: string;
  owner_id: number;
  category: string;
  tag: string;
}

export interface ServerConfigTable {
  key: string;
  /** attribute-codec.ts text. */
  value: string;
  updated_at: string;
}

/** Tokens of committed units of work, so a commit retried after a lost connection is not applied twice. */
export interface CommitLogTable {
  token: string;
  committed_at: string;
}

/** Scripts (migration 3): a row per persistent script, with its own schedule. */
export interface ScriptsTable {
  id: Generated<number>;
  key: string;
  typeclass: string;
  object_id: number | null;
  account_id: number | null;
  description: string;
  interval_ms: number;
  repeats: number;
  fired: number;
  start_delay: number;
  catch_up: string;
  /** ISO time of the next firing; null without a timer, or while paused. */
  next_at: string | null;
  /** Milliseconds left when paused. */
  paused_ms: number | null;
  /** attribute-codec.ts text of the script's `db`. */
  data: string;
  created_at: string;
}

export interface TickerSubscriptionsTable {
  id: Generated<number>;
  interval_ms: number;
  object_id: number;
  method: string;
  idstring: string;
  /** attribute-codec.ts text of the argument list. */
  args: string;
}

export interface TickerIntervalsTable {
  interval_ms: number;
  next_at: string;
}

export interface DelaysTable {
  id: Generated<number>;
  object_id: number;
  method: string;
  args: string;
  due_at: string;
}

/** Channels (migration 4). */
export interface ChannelsTable {
  id: Generated<number>;
  key: string;
  /** The key lower-cased: unique, so two channels never differ only in case. */
  key_lower: string;
  typeclass: string;
  description: string;
  locks: string;
  /** JSON list of strings. */
  aliases: string;
  created_at: string;
}

export interface ChannelSubscriptionsTable {
  channel_id: number;
  account_id: number;
  muted: number;
  /** JSON list of the subscriber's personal aliases for the channel. */
  aliases: string;
  created_at: string;
}

export interface ChannelBansTable {
  channel_id: number;
  account_id: number;
  reason: string;
  created_at: string;
}

export interface ChannelMessagesTable {
  id: Generated<number>;
  channel_id: number;
  sender_name: string;
  sender_account_id: number | null;
  text: string;
  created_at: string;
}

/** Builders' prototypes (migration 5). */
export interface PrototypesTable {
  /** The key lower-cased: the primary key, so two prototypes never differ only in case. */
  key_lower: string;
  key: string;
  /** attribute-codec.ts text of the prototype's fields. */
  data: string;
  created_at: string;
  updated_at: string;
}

/** Help entries written in game (migration 5). */
export interface HelpEntriesTable {
  key_lower: string;
  key: string;
  category: string;
  /** JSON list of strings. */
  aliases: string;
  text: string;
  locks: string;
  created_at: string;
  updated_at: string;
}

export interface Database {
  waystone_schema: SchemaVersionTable;
  accounts: AccountsTable;
  objects: ObjectsTable;
  attributes: AttributesTable;
  tags: TagsTable;
  server_config: ServerConfigTable;
  waystone_commit_log: CommitLogTable;
  scripts: ScriptsTable;
  ticker_subscriptions: TickerSubscriptionsTable;
  ticker_intervals: TickerIntervalsTable;
  delays: DelaysTable;
  channels: ChannelsTable;
  channel_subscriptions: ChannelSubscriptionsTable;
  channel_bans: ChannelBansTable;
  channel_messages: ChannelMessagesTable;
  prototypes: PrototypesTable;
  help_entries: HelpEntriesTable;
}

export const SCHEMA_TABLE = 'waystone_schema';
