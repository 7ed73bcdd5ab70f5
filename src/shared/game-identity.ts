/**
 * Which game a directory holds: its real path and an id made once, when the game is created
 * (`waystone init`, or the first start of a game made another way). A Portal reports both, and
 * the launcher acts only on a Portal that serves its own game: two games given the same link
 * port must never stop or reload each other.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateOnce } from './private-files.ts';

export const GAME_ID_FILE = join('.waystone', 'game-id');

export interface GameIdentity {
  /** The directory's real path (symlinks resolved), or its absolute path if it cannot be. */
  dir: string;
  /** Null when the game has no id yet (it was never started or initialised). */
  id: string | null;
}

function realDir(gameDir: string): string {
  try {
    return realpathSync(gameDir);
  } catch {
    return gameDir;
  }
}

export function readGameIdentity(gameDir: string): GameIdentity {
  let id: string | null = null;
  try {
    id = readFileSync(join(gameDir, GAME_ID_FILE), 'utf8').trim() || null;
  } catch {
    // no id yet
  }
  return { dir: realDir(gameDir), id };
}

/** The game's id, made (and written) if it has none. */
export function ensureGameId(gameDir: string): string {
  return (
    readGameIdentity(gameDir).id ?? writePrivateOnce(join(gameDir, GAME_ID_FILE), randomUUID())
  );
}
