/**
 * What a game imports from `waystone`. Game code talks to the Server side only; the Portal
 * is a process a game configures, not code it calls.
 */
export type { SettingsOverrides, Config } from './config/load.ts';
export type { Settings } from './config/schema.ts';
export { DEFAULT_SETTINGS } from './config/defaults.ts';
export type { ServerSession } from './server/sessions/server-session.ts';
export type { InputFunc, InputCall } from './server/inputfuncs/registry.ts';
export { WaystoneError } from './shared/errors.ts';
export { WAYSTONE_VERSION } from './shared/version.ts';
