/**
 * SGA, Suppress Go Ahead (RFC 858), option 3.
 *
 * We offer WILL SGA: with it agreed, we send no GA after prompts (`NOGOAHEAD`), which suits
 * TinTin++ and most terminals. Mudlet refuses it and then wants GA (or EOR) after each prompt
 * (REFERENCE §12), so `eor.ts` asks `suppressing` before marking a prompt. A client that offers
 * to suppress its own GAs (WILL SGA) is welcome: we never needed them.
 */
import type { OptionPolicy, OptionSide } from '../negotiation.ts';
import { OPT } from '../constants.ts';
import { OFFER_LOCAL, type OptionContext, type TelnetOption } from './option.ts';

export class SgaOption implements TelnetOption {
  readonly option = OPT.SGA;
  readonly policy: OptionPolicy = { local: true, remote: true };
  readonly offer = OFFER_LOCAL;

  constructor(private readonly ctx: OptionContext) {}

  /** We suppress GA: prompts get no GA mark. */
  get suppressing(): boolean {
    return this.ctx.negotiator.isLocalEnabled(OPT.SGA);
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side === 'local') this.ctx.setFlags({ NOGOAHEAD: enabled });
  }
}
