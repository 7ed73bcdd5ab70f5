/**
 * NAWS, Negotiate About Window Size (RFC 1073), option 31.
 *
 * We ask DO NAWS; the client answers `IAC SB NAWS w1 w0 h1 h0 IAC SE` (16-bit big-endian width
 * and height, 0xFF doubled like any SB byte) at once and again on every resize, before login
 * and after. Each new size reaches the Server as `SCREENWIDTH`/`SCREENHEIGHT`, with
 * `AUTORESIZE` true once a real height came (the Server pages long text only then).
 *
 * Zero means "unknown" (RFC 1073): that dimension goes back to the default (78×45, REFERENCE
 * §1). Sizes beyond `NAWS_MAX` are a broken or hostile client (65535×65535) and are clamped,
 * so no game code ever wraps text to 65535 columns. A payload that is not four bytes is ignored.
 */
import { DEFAULT_PROTOCOL_FLAGS } from '../../../shared/session-data.ts';
import { OPT } from '../constants.ts';
import {
  ACCEPT_REMOTE,
  OFFER_REMOTE,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';

/** Largest width or height passed on; wider screens exist, not wider than this. */
export const NAWS_MAX = 1000;

export interface WindowSize {
  readonly width: number;
  readonly height: number;
}

const DEFAULT_WIDTH = Number(DEFAULT_PROTOCOL_FLAGS['SCREENWIDTH']);
const DEFAULT_HEIGHT = Number(DEFAULT_PROTOCOL_FLAGS['SCREENHEIGHT']);

function dimension(raw: number, fallback: number): number {
  if (raw === 0) return fallback;
  return Math.min(raw, NAWS_MAX);
}

/** Reads a NAWS payload (already un-doubled by the parser); null when malformed. */
export function parseNaws(payload: Buffer): WindowSize | null {
  if (payload.length !== 4) return null;
  return {
    width: dimension(payload.readUInt16BE(0), DEFAULT_WIDTH),
    height: dimension(payload.readUInt16BE(2), DEFAULT_HEIGHT),
  };
}

/** Every connection's NAWS negotiation. */
export const NAWS_SPEC: OptionSpec = {
  option: OPT.NAWS,
  policy: ACCEPT_REMOTE,
  offer: OFFER_REMOTE,
};

export class NawsOption implements TelnetOption {
  readonly option = OPT.NAWS;
  private last: WindowSize | null = null;
  private waiting = false;

  constructor(private readonly ctx: OptionContext) {}

  /** After WILL NAWS, clients send the size right away; the greeting may wait for it. */
  get pending(): boolean {
    return this.waiting;
  }

  onChange(side: 'local' | 'remote', enabled: boolean): void {
    if (side === 'remote') this.waiting = enabled && this.last === null;
  }

  onSubnegotiation(payload: Buffer): void {
    const size = parseNaws(payload);
    if (size === null) {
      this.ctx.malformed(
        'TELNET_NAWS_MALFORMED',
        `NAWS of ${payload.length} bytes, not 4; ignored`,
      );
      return;
    }
    this.waiting = false;
    if (this.last?.width === size.width && this.last.height === size.height) return;
    this.last = size;
    // AUTORESIZE (Evennia's name): the client told its real height (0 is "unknown"), so long
    // text may be paged to it (the Server's pager).
    const reported = payload.readUInt16BE(2) !== 0;
    this.ctx.setFlags({ SCREENWIDTH: size.width, SCREENHEIGHT: size.height, AUTORESIZE: reported });
  }
}
