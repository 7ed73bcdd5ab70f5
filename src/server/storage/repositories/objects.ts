/**
 * Objects: everything in the game world (rooms, exits, characters, things), told apart by
 * typeclass. Location, home and destination point at other objects and become null if those
 * are deleted (foreign keys), so a reference never dangles.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import { objectRef } from '../entity-ref.ts';
import type { ObjectsTable } from '../schema.ts';
import type {
  NewObject,
  ObjectFilter,
  ObjectPatch,
  ObjectRepository,
  ObjectRow,
} from '../types.ts';
import { atomic, deleteOwned, guard, toCount, type RepositoryContext } from './context.ts';

export function createObjectRepository(ctx: RepositoryContext): ObjectRepository {
  const { db } = ctx;

  function filtered(filter: ObjectFilter) {
    let query = db.selectFrom('objects');
    if (filter.locationId === null) query = query.where('location_id', 'is', null);
    else if (filter.locationId !== undefined) {
      query = query.where('location_id', '=', filter.locationId);
    }
    if (filter.homeId !== undefined) query = query.where('home_id', '=', filter.homeId);
    if (filter.destinationId !== undefined) {
      query = query.where('destination_id', '=', filter.destinationId);
    }
    if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
    if (filter.typeclass !== undefined) query = query.where('typeclass', '=', filter.typeclass);
    if (filter.key !== undefined) query = query.where('key', '=', filter.key);
    return query;
  }

  async function findById(id: number): Promise<ObjectRow | null> {
    const row = await db.selectFrom('objects').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toObject(row);
  }

  return {
    create: (object: NewObject) =>
      guard(ctx, 'That object', async () => {
        const row = await db
          .insertInto('objects')
          .values(toInsert(object))
          .returningAll()
          .executeTakeFirstOrThrow();
        return toObject(row);
      }),

    findById: (id) => guard(ctx, '', () => findById(id)),

    find: (filter = {}) =>
      guard(ctx, '', async () => {
        const rows = await filtered(filter).selectAll().orderBy('id').execute();
        return rows.map(toObject);
      }),

    update: (id, patch: ObjectPatch) =>
      guard(ctx, 'That object', async () => {
        const columns = toColumns(patch);
        if (Object.keys(columns).length === 0) return findById(id);
        const row = await db
          .updateTable('objects')
          .set(columns)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row === undefined ? null : toObject(row);
      }),

    delete: (id) =>
      guard(ctx, '', () =>
        atomic(ctx, async (tx) => {
          await deleteOwned(tx, objectRef(id));
          const result = await tx.deleteFrom('objects').where('id', '=', id).executeTakeFirst();
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
  };
}

function toInsert(object: NewObject): Insertable<ObjectsTable> {
  return {
    typeclass: object.typeclass,
    key: object.key,
    location_id: object.locationId,
    home_id: object.homeId,
    destination_id: object.destinationId,
    account_id: object.accountId,
    locks: object.locks,
    created_at: new Date().toISOString(),
  };
}

function toColumns(patch: ObjectPatch): Updateable<ObjectsTable> {
  const columns: Updateable<ObjectsTable> = {};
  if (patch.typeclass !== undefined) columns.typeclass = patch.typeclass;
  if (patch.key !== undefined) columns.key = patch.key;
  if (patch.locationId !== undefined) columns.location_id = patch.locationId;
  if (patch.homeId !== undefined) columns.home_id = patch.homeId;
  if (patch.destinationId !== undefined) columns.destination_id = patch.destinationId;
  if (patch.accountId !== undefined) columns.account_id = patch.accountId;
  if (patch.locks !== undefined) columns.locks = patch.locks;
  return columns;
}

function toObject(row: Selectable<ObjectsTable>): ObjectRow {
  return {
    id: row.id,
    typeclass: row.typeclass,
    key: row.key,
    locationId: row.location_id,
    homeId: row.home_id,
    destinationId: row.destination_id,
    accountId: row.account_id,
    locks: row.locks,
    createdAt: new Date(row.created_at),
  };
}
