/**
 * Environment overrides: WAYSTONE_<SETTING_IN_UPPER_SNAKE>=value. A value is parsed by the type
 * of the setting's default (number, boolean, string) and then validated with everything else,
 * so a bad value stops start-up with a message naming both the variable and the setting.
 */
import { DEFAULT_SETTINGS } from './defaults.ts';
import { WaystoneError } from '../shared/errors.ts';

export const ENV_PREFIX = 'WAYSTONE_';

/** `telnetPort` → `WAYSTONE_TELNET_PORT`. */
export function envNameFor(setting: string): string {
  return ENV_PREFIX + setting.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

function parseValue(setting: string, envName: string, raw: string): unknown {
  const example = (DEFAULT_SETTINGS as Record<string, unknown>)[setting];
  const fail = (expected: string): never => {
    throw new WaystoneError(
      'CONFIG_INVALID',
      `Invalid setting ${setting} (from ${envName}): expected ${expected}, got ${JSON.stringify(raw)}`,
    );
  };
  switch (typeof example) {
    case 'number': {
      const trimmed = raw.trim();
      const n = trimmed === '' ? NaN : Number(trimmed);
      return Number.isFinite(n) ? n : fail('a number');
    }
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      return fail('true or false');
    }
    default: {
      // 'auto' settings take 'auto' or a value of the kind they resolve to.
      if (example === 'auto') {
        const v = raw.trim().toLowerCase();
        if (v === 'auto') return 'auto';
        if (TRUE.has(v) && !/^\d+$/.test(v)) return true;
        if (FALSE.has(v) && !/^\d+$/.test(v)) return false;
        const n = v === '' ? NaN : Number(v);
        return Number.isFinite(n) ? n : fail("'auto', true/false or a number");
      }
      // Lists are written comma-separated: WAYSTONE_GUEST_NAMES=Ann,Bob
      if (Array.isArray(example))
        return raw
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '');
      return raw;
    }
  }
}

export interface EnvOverrides {
  values: Record<string, unknown>;
  /** setting → the variable it came from, so validation errors can name it. */
  sources: Record<string, string>;
  /** WAYSTONE_* variables that match no setting (likely typos); reported, not fatal. */
  unknown: string[];
}

export function readEnvOverrides(
  env: NodeJS.ProcessEnv,
  ignore: ReadonlySet<string> = new Set(),
): EnvOverrides {
  const byEnvName = new Map(Object.keys(DEFAULT_SETTINGS).map((k) => [envNameFor(k), k]));
  const result: EnvOverrides = { values: {}, sources: {}, unknown: [] };
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined || ignore.has(name)) continue;
    const setting = byEnvName.get(name);
    if (setting === undefined) {
      result.unknown.push(name);
      continue;
    }
    result.values[setting] = parseValue(setting, name, raw);
    result.sources[setting] = name;
  }
  return result;
}
