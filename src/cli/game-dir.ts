/**
 * Finding and checking a game directory, and where the launcher looks for its running Portal.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, SETTINGS_FILE, type Config } from '../config/load.ts';
import { WaystoneError } from '../shared/errors.ts';
import { linkSecretOf } from '../shared/link-secret.ts';
import { readPortalState, runPaths } from '../shared/run-files.ts';
import type { AdminTarget } from './admin-client.ts';

export function checkGameDir(dir: string): string {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new WaystoneError(
      'GAME_DIR',
      `${abs} does not exist. Create a game with: waystone init ${dir}`,
    );
  }
  if (!existsSync(resolve(abs, SETTINGS_FILE))) {
    throw new WaystoneError(
      'GAME_DIR',
      `${abs} is not a Waystone game directory (it has no ${SETTINGS_FILE}). Create one with: waystone init <dir>`,
    );
  }
  return abs;
}

export async function gameConfig(dir: string): Promise<Config> {
  const { config } = await loadConfig(checkGameDir(dir));
  return config;
}

/** The Portal's link address: the port it wrote when it started (it may have been OS-chosen). */
export function adminTarget(config: Config): AdminTarget {
  const state = readPortalState(runPaths(config.gameDir));
  const host = config.linkInterface === '0.0.0.0' ? '127.0.0.1' : config.linkInterface;
  return { host, port: state?.ports['link'] ?? config.linkPort, secret: linkSecretOf(config) };
}
