/**
 * TTYPE, Terminal Type (RFC 1091), option 24, with the MTTS cycle
 * (https://tintin.mudhalla.net/protocols/mtts/).
 *
 * We ask DO TTYPE; once the client agrees we send `IAC SB TTYPE SEND IAC SE` and it answers
 * `IAC SB TTYPE IS <name> IAC SE`. Asking again walks a cycle: MTTS clients answer first their
 * name ("MUDLET 4.17"), then a terminal type ("XTERM-256COLOR"), then "MTTS <bits>". The cycle
 * ends when an answer repeats the previous one, when MTTS bits arrive, or after `MAX_SENDS`
 * requests, whichever comes first; answers nobody asked for are ignored, so a client that
 * never stops answering costs nothing.
 *
 * States: idle (not agreed) → asking (one SEND outstanding) → done.
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

const IS = 0;
const SEND = 1;
/** At most this many SEND requests per connection (REFERENCE §12). */
export const MAX_SENDS = 4;
/** Longest terminal-type name kept. */
const MAX_NAME_CHARS = 64;

/** MTTS bits (REFERENCE §12) and the protocol flag each one sets. */
export const MTTS_BITS: ReadonlyArray<readonly [number, string]> = [
  [1, 'ANSI'],
  [2, 'VT100'],
  [4, 'UTF-8'],
  [8, 'XTERM256'],
  [16, 'MOUSE_TRACKING'],
  [32, 'OSC_COLOR_PALETTE'],
  [64, 'SCREENREADER'],
  [128, 'PROXY'],
  [256, 'TRUECOLOR'],
  [512, 'MNES'],
  [1024, 'MSLP'],
  [2048, 'SSL'],
];

/**
 * Flags from an MTTS bit field; every known bit is set true or false, except that a missing
 * UTF-8 bit does not take back UTF-8 agreed by CHARSET or MNES (another source said so).
 */
export function mttsFlags(bits: number): ProtocolFlags {
  const flags: ProtocolFlags = {};
  for (const [bit, name] of MTTS_BITS) {
    const on = (bits & bit) !== 0;
    if (on || name !== 'UTF-8') flags[name] = on;
  }
  return flags;
}

/** `MTTS 137` → 137; anything else → null. */
export function parseMtts(name: string): number | null {
  const m = /^MTTS (\d{1,6})$/i.exec(name.trim());
  return m ? Number(m[1]) : null;
}

/** Colour support guessed from a terminal type, for clients without MTTS. */
export function termFlags(term: string): ProtocolFlags {
  const t = term.toUpperCase();
  if (t.includes('TRUECOLOR') || t.includes('DIRECT')) {
    return { ANSI: true, XTERM256: true, TRUECOLOR: true };
  }
  if (t.includes('256COLOR')) return { ANSI: true, XTERM256: true };
  if (/ANSI|VT1\d\d|XTERM|LINUX|SCREEN|TMUX|RXVT/.test(t)) return { ANSI: true };
  if (t === 'DUMB') return { ANSI: false };
  return {};
}

/** `MUDLET 4.17.2` → name and version; `TINTIN++` → name only. */
export function splitClientName(reply: string): { name: string; version: string | null } {
  const m = /^(\S+)\s+(\S+)$/.exec(reply.trim());
  return m ? { name: m[1]!, version: m[2]! } : { name: reply.trim(), version: null };
}

type TtypeState = 'idle' | 'asking' | 'done';

/** Every connection's TTYPE negotiation. */
export const TTYPE_SPEC: OptionSpec = {
  option: OPT.TTYPE,
  policy: ACCEPT_REMOTE,
  offer: OFFER_REMOTE,
};

export class TtypeOption implements TelnetOption {
  readonly option = OPT.TTYPE;
  private state: TtypeState = 'idle';
  private sends = 0;
  /** The last answer (a repeat of it ends the cycle) and how many came; nothing else is kept. */
  private lastReply: string | null = null;
  private replies = 0;
  private ignoredLogged = false;

  constructor(private readonly ctx: OptionContext) {}

  get pending(): boolean {
    return this.state === 'asking';
  }

  /** How many answers were received (for tests and logs). */
  get answerCount(): number {
    return this.replies;
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side !== 'remote') return;
    if (enabled && this.state === 'idle') this.ask();
    else if (!enabled && this.state === 'asking') this.finish();
  }

  onSubnegotiation(payload: Buffer): void {
    if (payload[0] !== IS || this.state !== 'asking') {
      if (!this.ignoredLogged) {
        this.ignoredLogged = true;
        this.ctx.log.debug({ code: 'TELNET_TTYPE_UNASKED' }, 'TTYPE answer nobody asked for');
      }
      return;
    }
    const reply = payload
      .subarray(1)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '')
      .trim()
      .slice(0, MAX_NAME_CHARS);
    const previous = this.lastReply;
    if (previous !== null && reply.toUpperCase() === previous.toUpperCase()) {
      this.finish(); // The cycle came round: nothing new to learn.
      return;
    }
    this.lastReply = reply;
    this.replies += 1;
    const bits = parseMtts(reply);
    if (bits !== null) {
      this.ctx.setFlags(mttsFlags(bits));
      this.finish();
      return;
    }
    if (this.replies === 1) {
      const { name, version } = splitClientName(reply);
      this.ctx.setFlags({ CLIENTNAME: name, ...(version ? { CLIENTVERSION: version } : {}) });
      // A plain (non-MTTS) client answers its terminal type first: read colours from it too.
      this.ctx.setFlags(termFlags(reply));
    } else {
      this.ctx.setFlags({ TERM: reply, ...termFlags(reply) });
    }
    if (this.sends >= MAX_SENDS) this.finish();
    else this.ask();
  }

  private ask(): void {
    this.state = 'asking';
    this.sends += 1;
    this.ctx.subnegotiate(OPT.TTYPE, Buffer.from([SEND]));
  }

  private finish(): void {
    this.state = 'done';
    this.lastReply = null;
    this.ctx.setFlags({ TTYPE: true });
  }
}
