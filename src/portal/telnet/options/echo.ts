/**
 * ECHO (RFC 857), option 1: hiding what the player types, for passwords.
 *
 * Telnet clients echo locally by default. Saying `WILL ECHO` tells the client that we will
 * echo instead, so it stops printing what is typed; we then echo nothing but the line end, and
 * the password never appears. `WONT ECHO` hands echoing back to the client.
 *
 * How the Server asks for it: a `text` or `prompt` outputfunc with the kwarg `echo: false`
 * hides input (WILL ECHO is sent before that text, so the client has it before the player
 * starts typing); `echo: true` shows it again (WONT ECHO). This is Evennia's `echo` send option
 * (`session.msg(prompt="Password:", options={"echo": False})`); `options: {echo}` is read too.
 * We never agree to echo because a client asks (unsolicited DO ECHO is refused once), and we
 * never accept the client echoing for us (WILL ECHO from the client is refused).
 */
import { OPT } from '../constants.ts';
import {
  ACCEPT_NONE,
  OFFER_NONE,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';

/** The echo request carried by an outputfunc's kwargs: true/false, or null for none. */
export function echoRequest(kwargs: Readonly<Record<string, unknown>>): boolean | null {
  const direct = kwargs['echo'];
  if (typeof direct === 'boolean') return direct;
  const options = kwargs['options'];
  if (typeof options === 'object' && options !== null) {
    const nested = (options as Record<string, unknown>)['echo'];
    if (typeof nested === 'boolean') return nested;
  }
  return null;
}

/** Every connection's ECHO negotiation. */
export const ECHO_SPEC: OptionSpec = { option: OPT.ECHO, policy: ACCEPT_NONE, offer: OFFER_NONE };

export class EchoOption implements TelnetOption {
  readonly option = OPT.ECHO;

  constructor(private readonly ctx: OptionContext) {}

  /** Hide the player's input (WILL ECHO), e.g. before a password prompt. */
  hideInput(): void {
    this.ctx.negotiator.enableLocal(OPT.ECHO);
  }

  /** Let the client echo again (WONT ECHO). */
  showInput(): void {
    this.ctx.negotiator.disableLocal(OPT.ECHO);
  }

  /**
   * We are the echoing side: the client prints nothing the player types, not even the line
   * end, so we echo CR LF after each line (and nothing else).
   */
  get echoing(): boolean {
    return this.ctx.negotiator.isLocalEnabled(OPT.ECHO);
  }
}
