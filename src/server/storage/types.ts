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

export type NewAccount = Omit<AccountRow, 'id' | 'createdAt' | 'lastLoginAt'>;

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
