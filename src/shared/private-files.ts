/**
 * Files and folders only the game's own user may read: the database, logs, keys, the link
 * secret, the run files. Everything the game creates goes through here, owner-only from the
 * first byte (0600 files, 0700 folders), never made first and tightened after, so there is no
 * moment in which another user of the machine could open one.
 *
 * Modes are given when a file or folder is created; what already exists keeps its mode, except
 * the folders the game alone owns (run/, logs/), which `makePrivateDir(…, { tighten: true })`
 * closes on every start, since a closed folder protects every file in it.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates `path` (and missing parents) as owner-only folders. `tighten` also closes it when it
 * already existed, for folders that belong to the game alone.
 */
export function makePrivateDir(path: string, options: { tighten?: boolean } = {}): void {
  const created = mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (created === undefined && options.tighten === true) chmodSync(path, PRIVATE_DIR_MODE);
}

/** Opens `path` for appending, creating it owner-only if it is new. Returns the descriptor. */
export function openPrivateAppend(path: string): number {
  return openSync(path, 'a', PRIVATE_FILE_MODE);
}

/** Creates an empty owner-only file at `path` unless one is there already. */
export function ensurePrivateFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  closeSync(fd);
}

/**
 * Writes `content` to an owner-only file made for it (and its folder, owner-only) unless the file
 * exists, and returns what the file holds, trimmed: two processes making it at once both end up
 * with the first one written. For values made once per game (its id, its link secret).
 */
export function writePrivateOnce(path: string, content: string): string {
  makePrivateDir(dirname(path), { tighten: true });
  try {
    writeFileSync(path, `${content}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
    return content;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readFileSync(path, 'utf8').trim();
  }
}
