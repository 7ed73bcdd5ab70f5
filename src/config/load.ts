/**
 * Builds a process's configuration once: defaults ← the game's settings.ts ← environment.
 * The result is validated and deeply frozen, then handed to the composition root; nothing else
 * reads the environment or the settings file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SETTINGS } from './defaults.ts';
import { readEnvOverrides } from './env.ts';
import { settingsSchema, type Settings } from './schema.ts';
import { WaystoneError } from '../shared/errors.ts';
import { importGameModule } from '../shared/game-code/game-code.ts';

export const SETTINGS_FILE = 'settings.ts';

/** A game's settings file holds only the values it changes. */
export type SettingsOverrides = Partial<Settings>;

export type Config = Readonly<Settings> & {
  /** Absolute path of the game directory. */
  readonly gameDir: string;
};

export interface LoadedConfig {
  config: Config;
  /** Things worth a log line (e.g. WAYSTONE_* variables that match no setting). */
  warnings: string[];
}

/** Variables the launcher and tests use that are not settings. */
const NON_SETTING_ENV = new Set([
  'WAYSTONE_GAME_DIR',
  'WAYSTONE_SUPERUSER_NAME',
  'WAYSTONE_SUPERUSER_PASSWORD',
]);

export async function loadSettingsFile(gameDir: string): Promise<Record<string, unknown>> {
  const file = resolve(gameDir, SETTINGS_FILE);
  if (!existsSync(file)) return {};
  let mod: { default?: unknown };
  try {
    // On its own, the game's files it imports bundled in: an error elsewhere in the game's code
    // stops only the Server, which reports it with its place.
    mod = (await importGameModule(gameDir, file, { standalone: true })) as { default?: unknown };
  } catch (err) {
    throw new WaystoneError('CONFIG_FILE', `Could not load ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const value = mod.default ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WaystoneError('CONFIG_FILE', `${file} must export default an object of settings`);
  }
  return value as Record<string, unknown>;
}

/** Merge, validate and freeze. `fileValues` are the game's overrides, already imported. */
export function buildConfig(
  gameDir: string,
  fileValues: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): LoadedConfig {
  const envOverrides = readEnvOverrides(env, NON_SETTING_ENV);
  const merged = { ...DEFAULT_SETTINGS, ...fileValues, ...envOverrides.values };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.length > 0 ? String(issue.path[0]) : '';
      if (issue.code === 'unrecognized_keys') {
        return `Unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} in ${SETTINGS_FILE}`;
      }
      const from = envOverrides.sources[key] ?? (key in fileValues ? SETTINGS_FILE : 'defaults');
      return `Invalid setting ${key} (from ${from}): ${issue.message}`;
    });
    throw new WaystoneError('CONFIG_INVALID', lines.join('\n'));
  }
  const config = Object.freeze({ ...parsed.data, gameDir: resolve(gameDir) });
  const warnings = envOverrides.unknown.map((name) => `Ignoring ${name}: no setting has that name`);
  return { config, warnings };
}

export async function loadConfig(
  gameDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedConfig> {
  return buildConfig(gameDir, await loadSettingsFile(gameDir), env);
}
