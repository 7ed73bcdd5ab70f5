/**
 * What every repository is built from: a kysely handle (the pool, or one transaction's
 * connection), the backend for reading its errors, and `atomic` for operations that take more
 * than one statement (deleting an owner with its attributes and tags) so they are never left
 * half done, whether or not the caller opened a transaction.
 */
import type { Kysely } from 'kysely';
import { WaystoneError, isWaystoneError } from '../../../shared/errors.ts';
import type { Backend } from '../backend.ts';
import { isEntityRef } from '../entity-ref.ts';
import type { Database } from '../schema.ts';
import { inTransaction } from '../transaction.ts';
import type { EntityRef } from '../types.ts';

export interface RepositoryContext {
  readonly db: Kysely<Database>;
  readonly backend: Backend;
  /** True when `db` is already one transaction. */
  readonly inTransaction: boolean;
}

export function atomic<T>(
  ctx: RepositoryContext,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return ctx.inTransaction ? work(ctx.db) : inTransaction(ctx.backend, work);
}

/**
 * Runs a statement and turns driver errors into coded ones: `duplicate` says which unique key
 * was taken. The driver error stays as `cause`, where the unit of work looks to decide whether
 * a retry can help.
 */
export async function guard<T>(
  ctx: RepositoryContext,
  duplicate: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw translate(ctx.backend, err, duplicate);
  }
}

export function translate(backend: Backend, err: unknown, duplicate = 'That row'): unknown {
  if (isWaystoneError(err)) return err;
  switch (backend.classify(err)) {
    case 'duplicate':
      return new WaystoneError('STORAGE_DUPLICATE', `${duplicate} already exists.`, {
        cause: err,
      });
    case 'constraint':
      return new WaystoneError(
        'STORAGE_CONSTRAINT',
        `The write was refused by the database: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    default:
      return backend.explain(err) ?? err;
  }
}

export function assertOwner(owner: EntityRef): void {
  if (!isEntityRef(owner)) {
    throw new WaystoneError(
      'STORAGE_BAD_VALUE',
      `Not an owner reference: ${JSON.stringify(owner)} (expected { $ref: 'account' | 'object', id }).`,
    );
  }
}

export function ownerLabel(owner: EntityRef): string {
  return `${owner.$ref} #${owner.id}`;
}

/** Deletes an owner's attributes and tags (they have no foreign key to cascade from). */
export async function deleteOwned(db: Kysely<Database>, owner: EntityRef): Promise<void> {
  await db
    .deleteFrom('attributes')
    .where('owner_kind', '=', owner.$ref)
    .where('owner_id', '=', owner.id)
    .execute();
  await db
    .deleteFrom('tags')
    .where('owner_kind', '=', owner.$ref)
    .where('owner_id', '=', owner.id)
    .execute();
}

export function toCount(value: unknown): number {
  // PostgreSQL returns count(*) as a bigint, which pg hands over as a string.
  return Number(value ?? 0);
}
