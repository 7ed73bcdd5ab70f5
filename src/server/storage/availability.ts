/**
 * Is this error "the database cannot be reached right now"? Reads fail fast with these while
 * writes in a unit of work wait and retry; callers that read turn them into a clear message for
 * the player instead of the generic error notice.
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
