/**
 * MSSP, MUD Server Status Protocol, option 70 (https://tintin.mudhalla.net/protocols/mssp/).
 *
 * We offer WILL MSSP; when a client or crawler agrees (DO) we send one table:
 * `IAC SB MSSP MSSP_VAR "NAME" MSSP_VAL "…" MSSP_VAR "PLAYERS" … IAC SE`. NAME, PLAYERS and
 * UPTIME are always there (REFERENCE §12): the Portal knows its name, how many players are
 * logged in and when it started. The game's own fields (CODEBASE, CONTACT, WEBSITE…) come from
 * settings; a list value becomes several MSSP_VALs. Fields the Portal fills are not overridden.
 */
import type { OptionSide } from '../negotiation.ts';
import { OPT } from '../constants.ts';
import {
  ACCEPT_LOCAL,
  OFFER_LOCAL,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';

export const MSSP_VAR = 1;
export const MSSP_VAL = 2;

export type MsspValue = string | number | boolean | readonly (string | number)[];

export interface MsspSource {
  readonly serverName: string;
  /** Players logged in now. */
  players(): number;
  /** Epoch milliseconds the game (its Portal) started. */
  readonly startedAt: number;
  /** The game's own fields. */
  readonly fields: Readonly<Record<string, MsspValue>>;
}

/** Drops the bytes MSSP uses as separators (NUL, VAR, VAL) from a name or value. */
function clean(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.some((b) => b <= MSSP_VAL) ? Buffer.from(bytes.filter((b) => b > MSSP_VAL)) : bytes;
}

export function buildMssp(source: MsspSource): Buffer {
  const table = new Map<string, MsspValue>();
  for (const [name, value] of Object.entries(source.fields)) table.set(name.toUpperCase(), value);
  table.set('NAME', source.serverName);
  table.set('PLAYERS', source.players());
  table.set('UPTIME', Math.floor(source.startedAt / 1000));
  const parts: Buffer[] = [];
  for (const [name, value] of table) {
    parts.push(Buffer.from([MSSP_VAR]), clean(name));
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const text = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
      parts.push(Buffer.from([MSSP_VAL]), clean(text));
    }
  }
  return Buffer.concat(parts);
}

/** Every connection's MSSP negotiation. */
export const MSSP_SPEC: OptionSpec = { option: OPT.MSSP, policy: ACCEPT_LOCAL, offer: OFFER_LOCAL };

export class MsspOption implements TelnetOption {
  readonly option = OPT.MSSP;

  constructor(
    private readonly ctx: OptionContext,
    private readonly source: MsspSource,
  ) {}

  onChange(side: OptionSide, enabled: boolean): void {
    if (side === 'local' && enabled) this.ctx.subnegotiate(OPT.MSSP, buildMssp(this.source));
  }
}
