/**
 * Attributes: named, typed values on an account or an object (Evennia's `db.*`), in an
 * optional category ('' = none). Values go through the attribute codec, which refuses a value
 * it cannot store before the database is touched.
 */
import type { Kysely } from 'kysely';
import { decodeValue, encodeValue } from '../attribute-codec.ts';
import type { Database } from '../schema.ts';
import type { AttributeRepository, AttributeRow, EntityRef, OwnerKind } from '../types.ts';
import { assertOwner, guard, ownerLabel, type RepositoryContext } from './context.ts';

export function attributeLabel(owner: EntityRef, name: string, category: string): string {
  const inCategory = category === '' ? '' : ` (category '${category}')`;
  return `attribute '${name}'${inCategory} of ${ownerLabel(owner)}`;
}

/** Writes an already-encoded value (the unit of work encodes when the write is queued). */
export async function writeEncodedAttribute(
  db: Kysely<Database>,
  owner: EntityRef,
  name: string,
  category: string,
  encoded: string,
): Promise<void> {
  await db
    .insertInto('attributes')
    .values({ owner_kind: owner.$ref, owner_id: owner.id, category, name, value: encoded })
    .onConflict((oc) =>
      oc.columns(['owner_kind', 'owner_id', 'category', 'name']).doUpdateSet({ value: encoded }),
    )
    .execute();
}

export function createAttributeRepository(ctx: RepositoryContext): AttributeRepository {
  const { db } = ctx;
  const ofOwner = (owner: EntityRef) =>
    db
      .selectFrom('attributes')
      .where('owner_kind', '=', owner.$ref)
      .where('owner_id', '=', owner.id);

  return {
    get: (owner, name, category = '') =>
      guard(ctx, '', async () => {
        assertOwner(owner);
        const row = await ofOwner(owner)
          .select('value')
          .where('category', '=', category)
          .where('name', '=', name)
          .executeTakeFirst();
        return row === undefined
          ? undefined
          : decodeValue(row.value, attributeLabel(owner, name, category));
      }),

    set: (owner, name, value, category = '') => {
      // Encoded outside the promise chain's guard so a bad value fails the call itself.
      assertOwner(owner);
      const encoded = encodeValue(value, attributeLabel(owner, name, category));
      return guard(ctx, '', () => writeEncodedAttribute(db, owner, name, category, encoded));
    },

    delete: (owner, name, category = '') =>
      guard(ctx, '', async () => {
        assertOwner(owner);
        const result = await db
          .deleteFrom('attributes')
          .where('owner_kind', '=', owner.$ref)
          .where('owner_id', '=', owner.id)
          .where('category', '=', category)
          .where('name', '=', name)
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    listFor: (owner) =>
      guard(ctx, '', async () => {
        assertOwner(owner);
        const rows = await ofOwner(owner).selectAll().orderBy('category').orderBy('name').execute();
        return rows.map((row): AttributeRow => ({
          ownerKind: row.owner_kind as OwnerKind,
          ownerId: row.owner_id,
          name: row.name,
          category: row.category,
          value: decodeValue(row.value, attributeLabel(owner, row.name, row.category)),
        }));
      }),

    listForKind: (kind) =>
      guard(ctx, '', async () => {
        const rows = await db
          .selectFrom('attributes')
          .selectAll()
          .where('owner_kind', '=', kind)
          .orderBy('owner_id')
          .orderBy('category')
          .orderBy('name')
          .execute();
        return rows.map((row): AttributeRow => ({
          ownerKind: row.owner_kind as OwnerKind,
          ownerId: row.owner_id,
          name: row.name,
          category: row.category,
          value: decodeValue(
            row.value,
            attributeLabel({ $ref: kind, id: row.owner_id }, row.name, row.category),
          ),
        }));
      }),

    deleteAllFor: (owner) =>
      guard(ctx, '', async () => {
        assertOwner(owner);
        const result = await db
          .deleteFrom('attributes')
          .where('owner_kind', '=', owner.$ref)
          .where('owner_id', '=', owner.id)
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      }),
  };
}
