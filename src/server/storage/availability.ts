/**
 * Is this error "the database cannot be reached right now"? Reads fail fast with these while
 * writes in a unit of work wait and retry; callers that read turn them into a clear message for
 * the player instead of the generic error notice.
 *
 * Any other storage error is for the operator's log only: its message names database files,
 * hosts and driver details (`isStorageError`), and players get `STORAGE_ERROR_NOTICE`.
 */
import { isWaystoneError } from '../../shared/errors.ts';

export function isDatabaseAway(err: unknown): boolean {
  return (
    isWaystoneError(err, 'STORAGE_UNREACHABLE') ||
    isWaystoneError(err, 'STORAGE_UNAVAILABLE') ||
    isWaystoneError(err, 'STORAGE_CLOSED')
  );
}

export const DATABASE_AWAY_MESSAGE =
  "The game's database cannot be reached right now; nothing was changed. Please try again in a moment.";

/** A storage-layer error (a `STORAGE_*` code): its message is for the log, never for players. */
export function isStorageError(err: unknown): boolean {
  return isWaystoneError(err) && err.code.startsWith('STORAGE_');
}

/** What a player is told when storage fails under their command (the log has the detail). */
export const STORAGE_ERROR_NOTICE = 'Something went wrong on our side; it has been logged.';
