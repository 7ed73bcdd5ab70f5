/**
 * The shape of a schema migration. Migrations are code shipped with Waystone, numbered from 1,
 * never edited once released: a change to the schema is a new migration appended to the list
 * in migrations/index.ts. They run inside one transaction (both backends have transactional
 * DDL), so a failed migration leaves the database at its previous version.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

export interface MigrationContext {
  /** Makes a column the auto-generated integer primary key of its table. */
  idColumn(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
}

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Typed loosely on purpose: a migration sees the schema of its time, not of today. */
  up(db: Kysely<unknown>, context: MigrationContext): Promise<void>;
}
