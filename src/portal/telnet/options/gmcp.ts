/**
 * GMCP, Generic MUD Communication Protocol, option 201
 * (https://tintin.mudhalla.net/protocols/gmcp/).
 *
 * A message is `IAC SB GMCP <Package.Name> [<json>] IAC SE`. We offer WILL GMCP; once agreed,
 * messages map onto inputfuncs both ways (REFERENCE §10, names in ../../oob/names.ts):
 * - in: `Core.Supports.Get` → `client_options`, `Char.Value.Get` → `get_value`, any other
 *   `Pkg.Name` → `pkg_name`; a JSON object becomes kwargs, an array args, a scalar one arg.
 * - out: any outputfunc but text/prompt, e.g. `client_options` → `Core.Supports.Get {...}`.
 *
 * Handled here, at the wire, without a trip to the Server:
 * - `Core.Ping` is answered with `Core.Ping` and counts as a keepalive;
 * - `Core.KeepAlive` counts as a keepalive (activity, not a command);
 * - `Core.Hello {"client","version"}` sets `CLIENTNAME`/`CLIENTVERSION`;
 * - `Core.Supports.Set/Add/Remove` keep the client's package list (at most `MAX_PACKAGES`),
 *   published as the `GMCP_SUPPORTS` flag ("Char 1,Room 1").
 *
 * Refused, logged with a code, and otherwise ignored (the connection carries on): a malformed
 * package name, invalid JSON, JSON nested deeper than `MAX_JSON_DEPTH`, and a message over
 * `maxGmcpBytes` (the parser already drops any subnegotiation over its own cap unread).
 */
import type { FuncCall } from '../../../shared/session-data.ts';
import type { OptionSide } from '../negotiation.ts';
import { gmcpToInputfunc, outputfuncToGmcp } from '../../oob/names.ts';
import { OPT } from '../constants.ts';
import {
  ACCEPT_LOCAL,
  OFFER_LOCAL,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';

export const DEFAULT_MAX_GMCP_BYTES = 32 * 1024;
export const MAX_JSON_DEPTH = 32;
const MAX_PACKAGES = 64;
const PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}(\.[A-Za-z0-9_-]{1,64}){0,7}$/;

export type GmcpErrorCode =
  | 'TELNET_GMCP_TOO_LARGE'
  | 'TELNET_GMCP_BAD_PACKAGE'
  | 'TELNET_GMCP_INVALID_JSON'
  | 'TELNET_GMCP_TOO_DEEP';

export type GmcpMessage =
  | { readonly ok: true; readonly pkg: string; readonly data: unknown; readonly hasData: boolean }
  | { readonly ok: false; readonly code: GmcpErrorCode; readonly detail: string };

/** Depth of nested arrays/objects, counted without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, here]);
  }
  return deepest;
}

/** Reads one GMCP payload (the bytes between `IAC SB GMCP` and `IAC SE`). */
export function parseGmcp(payload: Buffer, maxBytes = DEFAULT_MAX_GMCP_BYTES): GmcpMessage {
  if (payload.length > maxBytes) {
    return { ok: false, code: 'TELNET_GMCP_TOO_LARGE', detail: `over ${maxBytes} bytes` };
  }
  const text = payload.toString('utf8');
  const space = text.search(/\s/);
  const pkg = space === -1 ? text : text.slice(0, space);
  const rest = space === -1 ? '' : text.slice(space + 1).trim();
  if (!PACKAGE_NAME.test(pkg)) {
    return { ok: false, code: 'TELNET_GMCP_BAD_PACKAGE', detail: 'malformed package name' };
  }
  if (rest === '') return { ok: true, pkg, data: undefined, hasData: false };
  let data: unknown;
  try {
    data = JSON.parse(rest);
  } catch {
    return { ok: false, code: 'TELNET_GMCP_INVALID_JSON', detail: `invalid JSON for ${pkg}` };
  }
  if (jsonDepth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { ok: false, code: 'TELNET_GMCP_TOO_DEEP', detail: `JSON nested too deep for ${pkg}` };
  }
  return { ok: true, pkg, data, hasData: true };
}

/** A GMCP message as an inputfunc call: object → kwargs, array → args, scalar → one arg. */
export function gmcpToCall(pkg: string, data: unknown, hasData: boolean): FuncCall {
  const name = gmcpToInputfunc(pkg);
  if (!hasData) return [name, [], {}];
  if (Array.isArray(data)) return [name, data, {}];
  if (typeof data === 'object' && data !== null) {
    return [name, [], { ...(data as Record<string, unknown>) }];
  }
  return [name, [data], {}];
}

/**
 * An outputfunc call as a GMCP payload, the way Evennia writes it: no data → the package
 * alone; kwargs only → an object; one arg → that value; several → an array; args and kwargs →
 * `[args, kwargs]`.
 */
export function encodeGmcp([name, args, kwargs]: FuncCall): Buffer {
  const pkg = outputfuncToGmcp(name);
  const hasKwargs = Object.keys(kwargs).length > 0;
  let body: unknown;
  if (args.length === 0 && !hasKwargs) return Buffer.from(pkg, 'utf8');
  if (args.length === 0) body = kwargs;
  else {
    const positional = args.length === 1 ? args[0] : args;
    body = hasKwargs ? [positional, kwargs] : positional;
  }
  return Buffer.from(`${pkg} ${JSON.stringify(body) ?? 'null'}`, 'utf8');
}

/** `Char 1` → `char`: what identifies a package in the client's list. */
function packageKey(entry: string): string {
  return entry.split(/\s+/)[0]!.toLowerCase();
}

/** `["Char 1", "Room 1"]` → the entries, trimmed (at most 80 characters each), empty ones dropped. */
function packageNames(data: unknown): string[] {
  if (!Array.isArray(data)) return [];
  return data
    .filter((p): p is string => typeof p === 'string')
    .map((p) => p.trim().slice(0, 80))
    .filter((p) => p !== '');
}

/** Every connection's GMCP negotiation. */
export const GMCP_SPEC: OptionSpec = { option: OPT.GMCP, policy: ACCEPT_LOCAL, offer: OFFER_LOCAL };

export class GmcpOption implements TelnetOption {
  readonly option = OPT.GMCP;
  /**
   * The client's packages, "name version" as it wrote them, in the order they came (at most
   * `MAX_PACKAGES`, one per lower-case name); null until its first `Core.Supports` message.
   * An array, not a Map: it is kept for the whole session and changed a few times at most.
   */
  private supports: string[] | null = null;

  constructor(
    private readonly ctx: OptionContext,
    private readonly maxBytes = DEFAULT_MAX_GMCP_BYTES,
  ) {}

  get enabled(): boolean {
    return this.ctx.negotiator.isLocalEnabled(OPT.GMCP);
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side === 'local') this.ctx.setFlags({ GMCP: enabled });
  }

  /** Sends one outputfunc call as GMCP. */
  send(call: FuncCall): void {
    this.ctx.subnegotiate(OPT.GMCP, encodeGmcp(call));
  }

  onSubnegotiation(payload: Buffer): void {
    if (!this.enabled) return; // GMCP the client never agreed to.
    const message = parseGmcp(payload, this.maxBytes);
    if (!message.ok) {
      this.ctx.malformed(message.code, `GMCP message refused: ${message.detail}`);
      return;
    }
    const { pkg, data, hasData } = message;
    switch (pkg.toLowerCase()) {
      case 'core.ping':
        this.ctx.keepalive();
        this.ctx.subnegotiate(OPT.GMCP, Buffer.from('Core.Ping', 'utf8'));
        return;
      case 'core.keepalive':
        this.ctx.keepalive();
        return;
      case 'core.hello':
        this.hello(data);
        return;
      case 'core.supports.set':
        this.supports = [];
        this.addSupports(packageNames(data));
        return;
      case 'core.supports.add':
        this.addSupports(packageNames(data));
        return;
      case 'core.supports.remove': {
        const removed = new Set(packageNames(data).map(packageKey));
        this.supports = (this.supports ?? []).filter((entry) => !removed.has(packageKey(entry)));
        this.publishSupports();
        return;
      }
      default:
        this.ctx.input(gmcpToCall(pkg, data, hasData));
    }
  }

  private hello(data: unknown): void {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return;
    const { client, version } = data as Record<string, unknown>;
    const text = (v: unknown): string | null =>
      typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 64) : null;
    const name = text(client);
    const ver = text(version);
    this.ctx.setFlags({
      ...(name !== null ? { CLIENTNAME: name } : {}),
      ...(ver !== null ? { CLIENTVERSION: ver } : {}),
    });
  }

  private addSupports(entries: string[]): void {
    const supports = (this.supports ??= []);
    const keys = supports.map(packageKey);
    for (const entry of entries) {
      const key = packageKey(entry);
      const at = keys.indexOf(key);
      // A package already listed keeps its place, with the version now given.
      if (at >= 0) supports[at] = entry;
      else if (supports.length >= MAX_PACKAGES) break;
      else {
        supports.push(entry);
        keys.push(key);
      }
    }
    this.publishSupports();
  }

  private publishSupports(): void {
    this.ctx.setFlags({ GMCP_SUPPORTS: (this.supports ?? []).join(',') });
  }
}
