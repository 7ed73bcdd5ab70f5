/**
 * The secret that authenticates every link peer (Portal, Server, launcher): 32 random bytes,
 * made once per game — at `waystone init`, or at the first start of a game made another way —
 * in `.waystone/link-secret`, readable by its owner only. The handshake proves it is held
 * without sending it (src/link/handshake.ts). A game whose Portal and Server run on different
 * hosts sets the same value as `linkSecret` on both instead.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WaystoneError } from './errors.ts';
import { writePrivateOnce } from './private-files.ts';

export const LINK_SECRET_FILE = join('.waystone', 'link-secret');

/** The game's secret from its file, or null when it has none yet. */
export function readLinkSecret(gameDir: string): string | null {
  try {
    const secret = readFileSync(join(gameDir, LINK_SECRET_FILE), 'utf8').trim();
    return secret === '' ? null : secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WaystoneError(
      'LINK_BAD_SECRET',
      `cannot read the link secret ${join(gameDir, LINK_SECRET_FILE)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/** The game's secret, made (owner-only) if it has none. */
export function ensureLinkSecret(gameDir: string): string {
  return (
    readLinkSecret(gameDir) ??
    writePrivateOnce(join(gameDir, LINK_SECRET_FILE), randomBytes(32).toString('base64url'))
  );
}

/** The secret a process of this game uses: the `linkSecret` setting if set, else the file's. */
export function linkSecretOf(config: { gameDir: string; linkSecret: string }): string | null {
  return config.linkSecret !== '' ? config.linkSecret : readLinkSecret(config.gameDir);
}
