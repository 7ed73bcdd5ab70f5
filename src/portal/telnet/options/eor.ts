/**
 * EOR, End of Record (RFC 885), option 25, and how prompts are marked.
 *
 * A prompt has no line end, so a client cannot tell it from a line still arriving; a mark after
 * it says "this is a prompt" (REFERENCE §12). The rule, one mark per prompt:
 * - EOR agreed → `IAC EOR` after each prompt;
 * - otherwise, while SGA is off → `IAC GA` after each prompt (what Mudlet expects);
 * - otherwise no mark. Never a mark after ordinary lines.
 */
import type { OptionSide } from '../negotiation.ts';
import { CMD, OPT } from '../constants.ts';
import { buildCommand } from '../output.ts';
import {
  ACCEPT_LOCAL,
  OFFER_LOCAL,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';

const EOR_MARK = buildCommand(CMD.EOR);
const GA_MARK = buildCommand(CMD.GA);

/** The bytes that follow a prompt, or null for none. */
export function promptMark(eorAgreed: boolean, goAheadSuppressed: boolean): Buffer | null {
  if (eorAgreed) return EOR_MARK;
  if (!goAheadSuppressed) return GA_MARK;
  return null;
}

/** Every connection's EOR negotiation. */
export const EOR_SPEC: OptionSpec = { option: OPT.EOR, policy: ACCEPT_LOCAL, offer: OFFER_LOCAL };

export class EorOption implements TelnetOption {
  readonly option = OPT.EOR;

  constructor(private readonly ctx: OptionContext) {}

  get agreed(): boolean {
    return this.ctx.negotiator.isLocalEnabled(OPT.EOR);
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side === 'local') this.ctx.setFlags({ EOR: enabled });
  }
}
