/**
 * Out-of-band names: GMCP packages and MSDP commands ↔ inputfunc/outputfunc names
 * (REFERENCE.md §10). The Portal translates at its edge so the Server only ever sees inputfunc
 * names (`["client_options", [], {...}]`), whatever protocol a client speaks. Pure functions;
 * the telnet wire for GMCP and MSDP arrives with the client-protocols work.
 */

/** GMCP packages whose inputfunc is not the mechanical snake_case of the name. */
const GMCP_TO_INPUTFUNC: Readonly<Record<string, string>> = {
  'core.supports.get': 'client_options',
  'core.supports.set': 'client_options',
  'core.supports.add': 'client_options',
  'core.supports.remove': 'client_options',
  'core.hello': 'client_options',
  'core.commands.get': 'get_inputfuncs',
  'char.value.get': 'get_value',
  'char.repeat.update': 'repeat',
  'char.monitor.update': 'monitor',
  'core.keepalive': 'idle',
  'core.ping': 'ping',
};

/** Outputfuncs whose GMCP package is not derived mechanically. */
const OUTPUTFUNC_TO_GMCP: Readonly<Record<string, string>> = {
  client_options: 'Core.Supports.Get',
  get_inputfuncs: 'Core.Commands.Get',
  get_value: 'Char.Value.Get',
  repeat: 'Char.Repeat.Update',
  monitor: 'Char.Monitor.Update',
  ping: 'Core.Ping',
  logged_in: 'Core.LoggedIn',
};

/** `Core.Supports.Get` → `client_options`; `Core.X` → `x`; `Pkg.Name.Sub` → `pkg_name_sub`. */
export function gmcpToInputfunc(packageName: string): string {
  const lower = packageName.trim().toLowerCase();
  const mapped = GMCP_TO_INPUTFUNC[lower];
  if (mapped !== undefined) return mapped;
  const parts = lower.split('.').filter((p) => p !== '');
  if (parts[0] === 'core' && parts.length > 1) parts.shift();
  return parts.join('_');
}

/** `client_options` → `Core.Supports.Get`; `foo` → `Core.Foo`; `pkg_name` → `Pkg.Name`. */
export function outputfuncToGmcp(name: string): string {
  const mapped = OUTPUTFUNC_TO_GMCP[name];
  if (mapped !== undefined) return mapped;
  const parts = name.split('_').filter((p) => p !== '');
  const cap = (p: string): string => p.charAt(0).toUpperCase() + p.slice(1);
  if (parts.length <= 1) return `Core.${cap(parts[0] ?? name)}`;
  return parts.map(cap).join('.');
}

/** MSDP commands are inputfuncs named `msdp_<command>` (LIST, REPORT, RESET, SEND, UNREPORT). */
export const MSDP_COMMANDS = ['LIST', 'REPORT', 'RESET', 'SEND', 'UNREPORT'] as const;
export type MsdpCommand = (typeof MSDP_COMMANDS)[number];

export function msdpToInputfunc(command: string): string {
  const upper = command.trim().toUpperCase();
  return (MSDP_COMMANDS as readonly string[]).includes(upper)
    ? `msdp_${upper.toLowerCase()}`
    : upper.toLowerCase();
}

/** Which GMCP `Core.Supports` call a `client_options` input came from, for the inputfunc. */
export function gmcpSupportsAction(
  packageName: string,
): 'get' | 'set' | 'add' | 'remove' | 'hello' | null {
  const lower = packageName.trim().toLowerCase();
  if (lower === 'core.hello') return 'hello';
  const m = /^core\.supports\.(get|set|add|remove)$/.exec(lower);
  return m ? (m[1] as 'get' | 'set' | 'add' | 'remove') : null;
}
