/**
 * Accounts: the login identities. `nameKey` is the case-folded name the accounts layer
 * computes (NFKC, case fold); it is lower-cased once more here, so that uniqueness and lookup
 * are case-insensitive even for a caller that forgot, on both backends alike (a plain unique
 * index, no collations). `name_skeleton` is the look-alike key the accounts layer computes
 * (names.ts `nameSkeleton`); it has a plain index, since two old accounts may share one.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import { WaystoneError } from '../../../shared/errors.ts';
import { accountRef } from '../entity-ref.ts';
import type { AccountsTable } from '../schema.ts';
import type { AccountPatch, AccountRepository, AccountRow, NewAccount } from '../types.ts';
import { atomic, deleteOwned, guard, toCount, type RepositoryContext } from './context.ts';

export function foldNameKey(nameKey: string): string {
  return nameKey.toLowerCase();
}

type AccountFilter = { isSuperuser?: boolean; isGuest?: boolean };

export function createAccountRepository(ctx: RepositoryContext): AccountRepository {
  const { db } = ctx;
  const taken = (nameKey: string) => `An account named "${nameKey}" (ignoring case)`;

  function filtered(filter: AccountFilter) {
    let query = db.selectFrom('accounts');
    if (filter.isSuperuser !== undefined) {
      query = query.where('is_superuser', '=', filter.isSuperuser ? 1 : 0);
    }
    if (filter.isGuest !== undefined) query = query.where('is_guest', '=', filter.isGuest ? 1 : 0);
    return query;
  }

  return {
    create: (account: NewAccount) =>
      guard(ctx, taken(account.nameKey), async () => {
        const row = await db
          .insertInto('accounts')
          .values(toInsert(account))
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAccount(row);
      }),

    findById: (id) =>
      guard(ctx, '', async () => {
        const row = await db
          .selectFrom('accounts')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        return row === undefined ? null : toAccount(row);
      }),

    findByNameKey: (nameKey) =>
      guard(ctx, '', async () => {
        const row = await db
          .selectFrom('accounts')
          .selectAll()
          .where('name_key', '=', foldNameKey(nameKey))
          .executeTakeFirst();
        return row === undefined ? null : toAccount(row);
      }),

    findByNameSkeleton: (nameSkeleton) =>
      guard(ctx, '', async () => {
        const row = await db
          .selectFrom('accounts')
          .selectAll()
          .where('name_skeleton', '=', nameSkeleton)
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        return row === undefined ? null : toAccount(row);
      }),

    update: (id, patch: AccountPatch) =>
      guard(ctx, taken(patch.nameKey ?? ''), async () => {
        const columns = toColumns(patch);
        if (Object.keys(columns).length === 0) {
          const row = await db
            .selectFrom('accounts')
            .selectAll()
            .where('id', '=', id)
            .executeTakeFirst();
          return row === undefined ? null : toAccount(row);
        }
        const row = await db
          .updateTable('accounts')
          .set(columns)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row === undefined ? null : toAccount(row);
      }),

    delete: (id) =>
      guard(ctx, '', () =>
        atomic(ctx, async (tx) => {
          await deleteOwned(tx, accountRef(id));
          const result = await tx.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
          return result.numDeletedRows > 0n;
        }),
      ),

    count: (filter = {}) =>
      guard(ctx, '', async () => {
        const row = await filtered(filter)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst();
        return toCount(row?.n);
      }),

    list: (filter = {}) =>
      guard(ctx, '', async () => {
        const rows = await filtered(filter).selectAll().orderBy('id').execute();
        return rows.map(toAccount);
      }),
  };
}

function toInsert(account: NewAccount): Insertable<AccountsTable> {
  return {
    name: account.name,
    name_key: foldNameKey(account.nameKey),
    name_skeleton: account.nameSkeleton,
    password_hash: account.passwordHash,
    email: account.email,
    typeclass: account.typeclass,
    permissions: JSON.stringify(account.permissions),
    is_superuser: account.isSuperuser ? 1 : 0,
    is_guest: account.isGuest ? 1 : 0,
    created_at: new Date().toISOString(),
    last_login_at: null,
  };
}

function toColumns(patch: AccountPatch): Updateable<AccountsTable> {
  const columns: Updateable<AccountsTable> = {};
  if (patch.name !== undefined) columns.name = patch.name;
  if (patch.nameKey !== undefined) columns.name_key = foldNameKey(patch.nameKey);
  if (patch.nameSkeleton !== undefined) columns.name_skeleton = patch.nameSkeleton;
  if (patch.passwordHash !== undefined) columns.password_hash = patch.passwordHash;
  if (patch.email !== undefined) columns.email = patch.email;
  if (patch.typeclass !== undefined) columns.typeclass = patch.typeclass;
  if (patch.permissions !== undefined) columns.permissions = JSON.stringify(patch.permissions);
  if (patch.isSuperuser !== undefined) columns.is_superuser = patch.isSuperuser ? 1 : 0;
  if (patch.isGuest !== undefined) columns.is_guest = patch.isGuest ? 1 : 0;
  if (patch.lastLoginAt !== undefined) {
    columns.last_login_at = patch.lastLoginAt === null ? null : patch.lastLoginAt.toISOString();
  }
  return columns;
}

function toAccount(row: Selectable<AccountsTable>): AccountRow {
  return {
    id: row.id,
    name: row.name,
    nameKey: row.name_key,
    passwordHash: row.password_hash,
    email: row.email,
    typeclass: row.typeclass,
    permissions: parsePermissions(row.permissions, row.id),
    isSuperuser: row.is_superuser !== 0,
    isGuest: row.is_guest !== 0,
    createdAt: new Date(row.created_at),
    lastLoginAt: row.last_login_at === null ? null : new Date(row.last_login_at),
  };
}

function parsePermissions(text: string, id: number): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed;
  } catch {
    // Reported below.
  }
  throw new WaystoneError(
    'STORAGE_CORRUPT_VALUE',
    `The permissions of account #${id} are not a JSON list of strings: ${text}`,
  );
}
