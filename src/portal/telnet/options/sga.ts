/**
 * SGA, Suppress Go Ahead (RFC 858), option 3.
 *
 * We never offer it; we only answer. The reason is the line-mode terminal clients. BSD-derived
 * telnet (Debian's `telnet`: inetutils-telnet since bookworm, netkit before) reads a server's
 * `WILL SGA` (`FF FB 03`) as "go character at a time" (its "kludge linemode"): it answers
 * `DO SGA` (`FF FD 03`) and, not having been offered ECHO, keeps echoing locally with the
 * terminal in non-canonical mode. Enter is then echoed as `^M` with no line feed, the client
 * sends `CR NUL`, and the game's reply lands on the typed line (`look^MLimbo`). Left alone, the
 * same client stays in line mode: the terminal edits and echoes the line, and sends `CR LF`.
 *
 * A client that asks us (DO SGA) gets WILL SGA, and from then on prompts carry no GA
 * (`NOGOAHEAD`); `eor.ts` asks `suppressing` before marking a prompt. MUD clients lose nothing
 * by our silence: TinTin++ agrees to EOR and takes its prompt marks from it, and Mudlet refuses
 * SGA anyway and wants GA or EOR after prompts (REFERENCE §12). A client that offers to
 * suppress its own GAs (WILL SGA) is welcome too: we never needed them.
 */
import type { OptionSide } from '../negotiation.ts';
import { OPT } from '../constants.ts';
import {
  ACCEPT_BOTH,
  OFFER_NONE,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';

/** Every connection's SGA negotiation. */
export const SGA_SPEC: OptionSpec = { option: OPT.SGA, policy: ACCEPT_BOTH, offer: OFFER_NONE };

export class SgaOption implements TelnetOption {
  readonly option = OPT.SGA;

  constructor(private readonly ctx: OptionContext) {}

  /** We suppress GA: prompts get no GA mark. */
  get suppressing(): boolean {
    return this.ctx.negotiator.isLocalEnabled(OPT.SGA);
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side === 'local') this.ctx.setFlags({ NOGOAHEAD: enabled });
  }
}
