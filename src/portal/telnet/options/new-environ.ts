/**
 * NEW-ENVIRON (RFC 1572), option 39, carrying MNES (https://tintin.mudhalla.net/protocols/mnes/).
 *
 * We ask DO NEW-ENVIRON; once the client agrees we ask for the MNES variables by name
 * (`SEND VAR "CLIENT_NAME" VAR …`). The client answers `IS VAR name VALUE value …` and sends
 * `INFO` with the same layout whenever one changes. Known variables become protocol flags;
 * the rest are ignored (IPADDRESS in particular: a client's claim about its own address is
 * not something to trust). At most `MAX_VARIABLES` variables of `MAX_VALUE_BYTES` are read
 * from one message.
 */
import type { ProtocolFlags } from '../../../shared/session-data.ts';
import type { OptionSide } from '../negotiation.ts';
import { OPT } from '../constants.ts';
import {
  ACCEPT_REMOTE,
  OFFER_REMOTE,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';
import { mttsFlags, parseMtts, termFlags } from './ttype.ts';

export const ENVIRON = { IS: 0, SEND: 1, INFO: 2, VAR: 0, VALUE: 1, ESC: 2, USERVAR: 3 } as const;
export const MNES_VARIABLES = [
  'CLIENT_NAME',
  'CLIENT_VERSION',
  'CHARSET',
  'MTTS',
  'TERMINAL_TYPE',
] as const;
const MAX_VARIABLES = 32;
const MAX_VALUE_BYTES = 256;

/** Reads `VAR name VALUE value …` (after the IS/INFO byte); ESC quotes the next byte. */
export function parseEnvironment(body: Buffer): Map<string, string> {
  const vars = new Map<string, string>();
  let name: number[] | null = null;
  let value: number[] | null = null;
  const flush = (): void => {
    if (name !== null && vars.size < MAX_VARIABLES) {
      vars.set(Buffer.from(name).toString('latin1'), Buffer.from(value ?? []).toString('utf8'));
    }
    name = null;
    value = null;
  };
  for (let i = 0; i < body.length; i += 1) {
    let byte = body[i]!;
    if (byte === ENVIRON.VAR || byte === ENVIRON.USERVAR) {
      flush();
      name = [];
      continue;
    }
    if (byte === ENVIRON.VALUE) {
      if (name !== null) value = [];
      continue;
    }
    if (byte === ENVIRON.ESC) {
      i += 1;
      if (i >= body.length) break;
      byte = body[i]!;
    }
    const target: number[] | null = value ?? name;
    if (target !== null && target.length < MAX_VALUE_BYTES) target.push(byte);
  }
  flush();
  return vars;
}

/** Protocol flags from MNES variables. */
export function mnesFlags(vars: ReadonlyMap<string, string>): ProtocolFlags {
  let flags: ProtocolFlags = {};
  const clean = (v: string): string =>
    v
      .replace(/[^\x20-\x7e]/g, '')
      .trim()
      .slice(0, 64);
  for (const [name, raw] of vars) {
    const value = clean(raw);
    switch (name.toUpperCase()) {
      case 'CLIENT_NAME':
        if (value !== '') flags['CLIENTNAME'] = value;
        break;
      case 'CLIENT_VERSION':
        if (value !== '') flags['CLIENTVERSION'] = value;
        break;
      case 'CHARSET':
        if (/^utf-?8$/i.test(value)) flags = { ...flags, ENCODING: 'utf-8', 'UTF-8': true };
        break;
      case 'TERMINAL_TYPE':
        if (value !== '') flags = { ...flags, TERM: value, ...termFlags(value) };
        break;
      case 'MTTS': {
        const bits = parseMtts(`MTTS ${value}`);
        if (bits !== null) flags = { ...flags, ...mttsFlags(bits) };
        break;
      }
      default:
        break;
    }
  }
  return flags;
}

export function buildEnvironSend(names: readonly string[]): Buffer {
  const parts: number[] = [ENVIRON.SEND];
  for (const name of names) parts.push(ENVIRON.VAR, ...Buffer.from(name, 'latin1'));
  return Buffer.from(parts);
}

/** Every connection's NEW-ENVIRON negotiation. */
export const NEW_ENVIRON_SPEC: OptionSpec = {
  option: OPT.NEW_ENVIRON,
  policy: ACCEPT_REMOTE,
  offer: OFFER_REMOTE,
};

export class NewEnvironOption implements TelnetOption {
  readonly option = OPT.NEW_ENVIRON;
  private asked = false;
  private answered = false;

  constructor(private readonly ctx: OptionContext) {}

  get pending(): boolean {
    return this.asked && !this.answered;
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side !== 'remote') return;
    if (enabled && !this.asked) {
      this.asked = true;
      this.ctx.subnegotiate(OPT.NEW_ENVIRON, buildEnvironSend(MNES_VARIABLES));
    } else if (!enabled) {
      this.answered = true;
    }
  }

  onSubnegotiation(payload: Buffer): void {
    const kind = payload[0];
    if (kind !== ENVIRON.IS && kind !== ENVIRON.INFO) return;
    if (kind === ENVIRON.IS) this.answered = true;
    const flags = mnesFlags(parseEnvironment(payload.subarray(1)));
    if (Object.keys(flags).length > 0) this.ctx.setFlags(flags);
  }
}
