/**
 * MXP, MUD eXtension Protocol, option 91 (https://www.zuggsoft.com/zmud/mxp.htm).
 *
 * On DO MXP we start MXP (`IAC SB MXP IAC SE`) and at once switch to locked mode as the default
 * (`ESC [ 7 z`), so nothing the game or another player writes is read as an MXP tag. The `MXP`
 * flag tells the renderer (shared/markup/mxp.ts) to send markup links as `<SEND>` tags, each in
 * temp secure mode (`ESC [ 4 z`): that tag alone is read, the line stays locked.
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

/** `ESC [ 7 z`: MXP "lock locked mode" — text is never parsed for tags by default. */
export const MXP_LOCK_LOCKED = Buffer.from('\x1b[7z', 'latin1');

/** Every connection's MXP negotiation. */
export const MXP_SPEC: OptionSpec = { option: OPT.MXP, policy: ACCEPT_LOCAL, offer: OFFER_LOCAL };

export class MxpOption implements TelnetOption {
  readonly option = OPT.MXP;

  constructor(private readonly ctx: OptionContext) {}

  onChange(side: OptionSide, enabled: boolean): void {
    if (side !== 'local') return;
    if (enabled) {
      this.ctx.subnegotiate(OPT.MXP, Buffer.alloc(0));
      this.ctx.send(MXP_LOCK_LOCKED);
    }
    this.ctx.setFlags({ MXP: enabled });
  }
}
