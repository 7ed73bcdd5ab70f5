/**
 * MSDP, MUD Server Data Protocol, option 69 (https://tintin.mudhalla.net/protocols/msdp/).
 *
 * A message is a list of `MSDP_VAR name MSDP_VAL value`, where a value is a string, a table
 * (`TABLE_OPEN (VAR name VAL value)* TABLE_CLOSE`) or an array (`ARRAY_OPEN (VAL value)*
 * ARRAY_CLOSE`). Each top-level variable becomes one inputfunc call (REFERENCE §10):
 * `LIST`, `REPORT`, `RESET`, `SEND`, `UNREPORT` → `msdp_list`…, any other name → its lower
 * case; a table value becomes kwargs, an array args, a string one arg. Output calls are
 * written back the same way under the upper-case outputfunc name — except the `msdp` outputfunc
 * (shared/msdp-output.ts), whose kwargs are MSDP variables of their own: the Server's answers to
 * LIST, REPORT and SEND arrive as `VAR HEALTH VAL 7`, which is what MSDP clients read.
 *
 * The parser is an explicit stack machine, not recursion: nesting deeper than
 * `MAX_MSDP_DEPTH` (a client sending 10,000 TABLE_OPENs) is refused as soon as it is seen, and
 * no message yields more than `MAX_MSDP_ITEMS` values.
 */
import { MSDP_OUTPUTFUNC } from '../../../shared/msdp-output.ts';
import type { FuncCall } from '../../../shared/session-data.ts';
import type { OptionSide } from '../negotiation.ts';
import { msdpToInputfunc } from '../../oob/names.ts';
import { OPT } from '../constants.ts';
import {
  ACCEPT_LOCAL,
  OFFER_LOCAL,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';

export const MSDP = {
  VAR: 1,
  VAL: 2,
  TABLE_OPEN: 3,
  TABLE_CLOSE: 4,
  ARRAY_OPEN: 5,
  ARRAY_CLOSE: 6,
} as const;
export const MAX_MSDP_DEPTH = 16;
export const MAX_MSDP_ITEMS = 1024;

export type MsdpValue = string | MsdpValue[] | { [name: string]: MsdpValue };
export type MsdpVariable = readonly [name: string, values: MsdpValue[]];

export type MsdpParseResult =
  | { readonly ok: true; readonly variables: MsdpVariable[] }
  | {
      readonly ok: false;
      readonly code: 'TELNET_MSDP_TOO_DEEP' | 'TELNET_MSDP_MALFORMED' | 'TELNET_MSDP_TOO_MANY';
      readonly detail: string;
    };

type Frame =
  | { kind: 'top' | 'table'; entries: Array<[string, MsdpValue[]]> }
  | { kind: 'array'; items: MsdpValue[] };

function tableOf(entries: Array<[string, MsdpValue[]]>): { [name: string]: MsdpValue } {
  const table: { [name: string]: MsdpValue } = {};
  for (const [name, values] of entries) {
    table[name] = values.length === 0 ? '' : values.length === 1 ? values[0]! : values;
  }
  return table;
}

export function parseMsdp(payload: Buffer): MsdpParseResult {
  const stack: Frame[] = [{ kind: 'top', entries: [] }];
  /** What the next string is: a variable name, a value, or nothing expected. */
  let expecting: 'name' | 'value' | 'none' = 'none';
  let items = 0;
  const fail = (code: 'TELNET_MSDP_MALFORMED' | 'TELNET_MSDP_TOO_DEEP', detail: string) =>
    ({ ok: false, code, detail }) as const;

  const addValue = (value: MsdpValue): boolean => {
    items += 1;
    if (items > MAX_MSDP_ITEMS) return false;
    const frame = stack.at(-1)!;
    if (frame.kind === 'array') frame.items.push(value);
    else frame.entries.at(-1)![1].push(value);
    return true;
  };
  const endPendingValue = (): boolean => {
    if (expecting !== 'value') return true;
    expecting = 'none';
    return addValue(''); // VAL with nothing after it: an empty string.
  };

  let i = 0;
  while (i < payload.length) {
    const byte = payload[i]!;
    if (byte > MSDP.ARRAY_CLOSE || byte === 0) {
      // A run of string bytes (NUL is not allowed in MSDP strings; it is skipped).
      let end = i;
      while (end < payload.length && (payload[end]! > MSDP.ARRAY_CLOSE || payload[end] === 0)) {
        end += 1;
      }
      const text = payload.subarray(i, end).toString('utf8').replace(/\0/g, '');
      i = end;
      const frame = stack.at(-1)!;
      if (expecting === 'name' && frame.kind !== 'array') {
        frame.entries.at(-1)![0] += text;
        continue;
      }
      if (expecting !== 'value') return fail('TELNET_MSDP_MALFORMED', 'text outside VAR/VAL');
      expecting = 'none';
      if (!addValue(text)) break;
      continue;
    }
    i += 1;
    if (!endPendingValue()) break;
    const frame = stack.at(-1)!;
    switch (byte) {
      case MSDP.VAR:
        if (frame.kind === 'array') return fail('TELNET_MSDP_MALFORMED', 'VAR inside ARRAY');
        frame.entries.push(['', []]);
        expecting = 'name';
        break;
      case MSDP.VAL:
        if (frame.kind !== 'array' && frame.entries.length === 0) {
          return fail('TELNET_MSDP_MALFORMED', 'VAL before any VAR');
        }
        expecting = 'value';
        break;
      case MSDP.TABLE_OPEN:
      case MSDP.ARRAY_OPEN: {
        // Only a value may open a structure: the VAL before it was consumed above as ''.
        const last = frame.kind === 'array' ? frame.items : frame.entries.at(-1)?.[1];
        if (last === undefined || last.at(-1) !== '') {
          return fail('TELNET_MSDP_MALFORMED', 'structure not after VAL');
        }
        last.pop();
        items -= 1;
        if (stack.length > MAX_MSDP_DEPTH) {
          return fail('TELNET_MSDP_TOO_DEEP', `nested deeper than ${MAX_MSDP_DEPTH}`);
        }
        stack.push(
          byte === MSDP.TABLE_OPEN ? { kind: 'table', entries: [] } : { kind: 'array', items: [] },
        );
        break;
      }
      case MSDP.TABLE_CLOSE:
      case MSDP.ARRAY_CLOSE: {
        const want = byte === MSDP.TABLE_CLOSE ? 'table' : 'array';
        if (frame.kind !== want) return fail('TELNET_MSDP_MALFORMED', `unmatched ${want} close`);
        stack.pop();
        if (!addValue(frame.kind === 'array' ? frame.items : tableOf(frame.entries))) break;
        break;
      }
      default:
        break;
    }
    if (items > MAX_MSDP_ITEMS) break;
  }
  if (items > MAX_MSDP_ITEMS) {
    return { ok: false, code: 'TELNET_MSDP_TOO_MANY', detail: `over ${MAX_MSDP_ITEMS} values` };
  }
  if (!endPendingValue()) {
    return { ok: false, code: 'TELNET_MSDP_TOO_MANY', detail: `over ${MAX_MSDP_ITEMS} values` };
  }
  if (stack.length !== 1) return fail('TELNET_MSDP_MALFORMED', 'unclosed TABLE or ARRAY');
  const top = stack[0] as { entries: Array<[string, MsdpValue[]]> };
  return { ok: true, variables: top.entries.filter(([name]) => name !== '') };
}

/** One MSDP variable as an inputfunc call. */
export function msdpToCall([name, values]: MsdpVariable): FuncCall {
  const func = msdpToInputfunc(name);
  if (values.length === 1) {
    const value = values[0]!;
    if (Array.isArray(value)) return [func, value, {}];
    if (typeof value === 'object') return [func, [], { ...value }];
    return [func, [value], {}];
  }
  return [func, values, {}];
}

function encodeValue(value: unknown, out: number[], depth: number): void {
  if (depth > MAX_MSDP_DEPTH) {
    out.push(...Buffer.from('', 'utf8'));
    return;
  }
  if (Array.isArray(value)) {
    out.push(MSDP.ARRAY_OPEN);
    for (const item of value) {
      out.push(MSDP.VAL);
      encodeValue(item, out, depth + 1);
    }
    out.push(MSDP.ARRAY_CLOSE);
  } else if (typeof value === 'object' && value !== null) {
    out.push(MSDP.TABLE_OPEN);
    for (const [k, v] of Object.entries(value)) {
      out.push(MSDP.VAR, ...stringBytes(k), MSDP.VAL);
      encodeValue(v, out, depth + 1);
    }
    out.push(MSDP.TABLE_CLOSE);
  } else if (value !== null && value !== undefined) {
    out.push(...stringBytes(typeof value === 'boolean' ? (value ? '1' : '0') : String(value)));
  }
}

/** A string's UTF-8 bytes without the MSDP control bytes (0–6), which it may not contain. */
function stringBytes(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  // UTF-8 never uses bytes 0-6 inside a multi-byte character, so dropping them is safe.
  return bytes.some((b) => b <= MSDP.ARRAY_CLOSE)
    ? Buffer.from(bytes.filter((b) => b > MSDP.ARRAY_CLOSE))
    : bytes;
}

/**
 * An outputfunc call as an MSDP payload: `VAR NAME VAL value`; the `msdp` outputfunc's kwargs
 * as one `VAR name VAL value` each.
 */
export function encodeMsdp([name, args, kwargs]: FuncCall): Buffer {
  if (name === MSDP_OUTPUTFUNC) {
    const out: number[] = [];
    for (const [variable, value] of Object.entries(kwargs)) {
      out.push(MSDP.VAR, ...stringBytes(variable), MSDP.VAL);
      encodeValue(value, out, 0);
    }
    return Buffer.from(out);
  }
  const hasKwargs = Object.keys(kwargs).length > 0;
  let value: unknown;
  if (args.length === 0) value = hasKwargs ? kwargs : '';
  else if (args.length === 1 && !hasKwargs) value = args[0];
  else value = hasKwargs ? [...args, kwargs] : args;
  const out: number[] = [MSDP.VAR, ...stringBytes(name.toUpperCase()), MSDP.VAL];
  encodeValue(value, out, 0);
  return Buffer.from(out);
}

/** Every connection's MSDP negotiation. */
export const MSDP_SPEC: OptionSpec = { option: OPT.MSDP, policy: ACCEPT_LOCAL, offer: OFFER_LOCAL };

export class MsdpOption implements TelnetOption {
  readonly option = OPT.MSDP;

  constructor(private readonly ctx: OptionContext) {}

  get enabled(): boolean {
    return this.ctx.negotiator.isLocalEnabled(OPT.MSDP);
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side === 'local') this.ctx.setFlags({ MSDP: enabled });
  }

  send(call: FuncCall): void {
    this.ctx.subnegotiate(OPT.MSDP, encodeMsdp(call));
  }

  onSubnegotiation(payload: Buffer): void {
    if (!this.enabled) return;
    const result = parseMsdp(payload);
    if (!result.ok) {
      this.ctx.malformed(result.code, `MSDP message refused: ${result.detail}`);
      return;
    }
    for (const variable of result.variables) this.ctx.input(msdpToCall(variable));
  }
}
