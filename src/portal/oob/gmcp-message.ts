/**
 * GMCP messages as text (`Package.Name <json>`, REFERENCE.md §12) and their mapping onto
 * inputfunc/outputfunc calls. Pure functions shared by every wire that carries GMCP text: the
 * WebSocket `gmcp.mudstandards.org` and `json.mudstandards.org` formats today.
 *
 * Payload rules (the same as Evennia's, so clients written for it keep working):
 * - in: an object becomes kwargs, an array becomes args, any other JSON value becomes one arg,
 *   no payload becomes no args;
 * - out: no args and no kwargs → no payload; one arg → that value; several args → the list;
 *   args and kwargs → `[args, kwargs]`; kwargs only → the object.
 */
import type { FuncCall } from '../../shared/session-data.ts';
import { gmcpToInputfunc, outputfuncToGmcp } from './names.ts';

/** A package name: dotted words of letters, digits, `_` and `-` (no spaces, no JSON). */
const PACKAGE_NAME = /^[A-Za-z_][\w-]*(\.[\w-]+)*$/;
/** Longest package name accepted; real ones are a few dozen characters. */
export const MAX_GMCP_PACKAGE_CHARS = 128;

export interface GmcpMessage {
  package: string;
  /** The parsed payload; `undefined` when the message had none. */
  data: unknown;
}

/** Splits and parses `Package.Name <json>`; a string explains a malformed message. */
export function parseGmcpText(text: string): GmcpMessage | string {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  const pkg = space === -1 ? trimmed : trimmed.slice(0, space);
  if (pkg.length === 0 || pkg.length > MAX_GMCP_PACKAGE_CHARS || !PACKAGE_NAME.test(pkg))
    return 'bad GMCP package name';
  if (space === -1) return { package: pkg, data: undefined };
  const body = trimmed.slice(space + 1).trim();
  if (body === '') return { package: pkg, data: undefined };
  return parseGmcpPayload(pkg, body);
}

/** Parses a payload given apart from its package (json.mudstandards.org's `data`). */
export function parseGmcpPayload(pkg: string, body: string): GmcpMessage | string {
  if (pkg.length === 0 || pkg.length > MAX_GMCP_PACKAGE_CHARS || !PACKAGE_NAME.test(pkg))
    return 'bad GMCP package name';
  if (body.trim() === '') return { package: pkg, data: undefined };
  try {
    return { package: pkg, data: JSON.parse(body) as unknown };
  } catch {
    return 'GMCP payload is not JSON';
  }
}

/** An incoming GMCP message as the inputfunc call the Server understands. */
export function gmcpToCall({ package: pkg, data }: GmcpMessage): FuncCall {
  const name = gmcpToInputfunc(pkg);
  if (data === undefined || data === null) return [name, [], {}];
  if (Array.isArray(data)) return [name, data as unknown[], {}];
  if (typeof data === 'object') return [name, [], { ...(data as Record<string, unknown>) }];
  return [name, [data], {}];
}

/** An outgoing OOB call as its GMCP package and payload (`undefined`: no payload). */
export function callToGmcp([name, args, kwargs]: FuncCall): GmcpMessage {
  const pkg = outputfuncToGmcp(name);
  const hasKwargs = Object.keys(kwargs).length > 0;
  if (args.length === 0) return { package: pkg, data: hasKwargs ? kwargs : undefined };
  const argValue = args.length === 1 ? args[0] : args;
  return { package: pkg, data: hasKwargs ? [argValue, kwargs] : argValue };
}

/** `Package.Name <json>`, or just the package when there is no payload. */
export function formatGmcpText(message: GmcpMessage): string {
  return message.data === undefined
    ? message.package
    : `${message.package} ${JSON.stringify(message.data)}`;
}
