/**
 * One database transaction on one connection. Written out (BEGIN … COMMIT on a reserved
 * connection) rather than with kysely's builder for two reasons: SQLite must BEGIN IMMEDIATE so
 * that waiting for another process's lock uses busy_timeout instead of failing at the first
 * write, and when the connection is gone the ROLLBACK fails too, and it is the first error, not
 * the rollback's, that says what happened.
 */
import { sql, type Kysely } from 'kysely';
import type { Backend } from './backend.ts';
import type { Database } from './schema.ts';

export async function inTransaction<T>(
  backend: Backend,
  work: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return backend.db.connection().execute(async (conn) => {
    await sql.raw(backend.beginSql).execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}
