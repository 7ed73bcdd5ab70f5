/**
 * Tags: light labels on accounts and objects (Evennia's tags), each in an optional category
 * ('' = none), searchable from the tag side ("every object tagged 'shop'"). Stored as given:
 * folding case is the caller's choice.
 */
import type { TagRepository, TagRow, OwnerKind, EntityRef } from '../types.ts';
import { assertOwner, guard, toCount, type RepositoryContext } from './context.ts';

export function createTagRepository(ctx: RepositoryContext): TagRepository {
  const { db } = ctx;
  const one = (owner: EntityRef, tag: string, category: string) =>
    db
      .selectFrom('tags')
      .where('owner_kind', '=', owner.$ref)
      .where('owner_id', '=', owner.id)
      .where('category', '=', category)
      .where('tag', '=', tag);

  return {
    add: (owner, tag, category = '') =>
      guard(ctx, '', async () => {
        assertOwner(owner);
        const result = await db
          .insertInto('tags')
          .values({ owner_kind: owner.$ref, owner_id: owner.id, category, tag })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
      }),

    remove: (owner, tag, category = '') =>
      guard(ctx, '', async () => {
        assertOwner(owner);
        const result = await db
          .deleteFrom('tags')
          .where('owner_kind', '=', owner.$ref)
          .where('owner_id', '=', owner.id)
          .where('category', '=', category)
          .where('tag', '=', tag)
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    has: (owner, tag, category = '') =>
      guard(ctx, '', async () => {
        assertOwner(owner);
        const row = await one(owner, tag, category)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst();
        return toCount(row?.n) > 0;
      }),

    listForKind: (kind) =>
      guard(ctx, '', async () => {
        const rows = await db
          .selectFrom('tags')
          .selectAll()
          .where('owner_kind', '=', kind)
          .orderBy('owner_id')
          .orderBy('category')
          .orderBy('tag')
          .execute();
        return rows.map((row): TagRow => ({
          ownerKind: row.owner_kind as OwnerKind,
          ownerId: row.owner_id,
          tag: row.tag,
          category: row.category,
        }));
      }),

    listFor: (owner) =>
      guard(ctx, '', async () => {
        assertOwner(owner);
        const rows = await db
          .selectFrom('tags')
          .selectAll()
          .where('owner_kind', '=', owner.$ref)
          .where('owner_id', '=', owner.id)
          .orderBy('category')
          .orderBy('tag')
          .execute();
        return rows.map((row): TagRow => ({
          ownerKind: row.owner_kind as OwnerKind,
          ownerId: row.owner_id,
          tag: row.tag,
          category: row.category,
        }));
      }),

    findOwners: (tag, category = '', kind?: OwnerKind) =>
      guard(ctx, '', async () => {
        let query = db
          .selectFrom('tags')
          .select(['owner_kind', 'owner_id'])
          .where('category', '=', category)
          .where('tag', '=', tag);
        if (kind !== undefined) query = query.where('owner_kind', '=', kind);
        const rows = await query.orderBy('owner_kind').orderBy('owner_id').execute();
        return rows.map((row) => ({ $ref: row.owner_kind as OwnerKind, id: row.owner_id }));
      }),

    deleteAllFor: (owner) =>
      guard(ctx, '', async () => {
        assertOwner(owner);
        const result = await db
          .deleteFrom('tags')
          .where('owner_kind', '=', owner.$ref)
          .where('owner_id', '=', owner.id)
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      }),
  };
}
