/**
 * The secret that authenticates every link peer (Portal, Server, launcher): 32 random bytes,
 * made once per game — at `waystone init`, or at the first start of a game made another way —
 * in `.waystone/link-secret`, readable by its owner only. The handshake proves it is held
 * without sending it (src/link/handshake.ts). A game whose Portal and Server run on different
 * hosts sets the same value as `linkSecret` on both instead.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WaystoneError } from './errors.ts';

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
  const existing = readLinkSecret(gameDir);
  if (existing !== null) return existing;
  const dir = join(gameDir, '.waystone');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': two processes making it at once keep the first one written.
    writeFileSync(join(gameDir, LINK_SECRET_FILE), `${secret}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readLinkSecret(gameDir) ?? secret;
  }
  return secret;
}

/** The secret a process of this game uses: the `linkSecret` setting if set, else the file's. */
export function linkSecretOf(config: { gameDir: string; linkSecret: string }): string | null {
  return config.linkSecret !== '' ? config.linkSecret : readLinkSecret(config.gameDir);
}
