/**
 * CHARSET (RFC 2066), option 42: agreeing on UTF-8.
 *
 * We offer WILL CHARSET. When the client agrees (DO) we send `REQUEST ;UTF-8`; `ACCEPTED UTF-8`
 * sets `ENCODING` "utf-8" and `UTF-8`; `REJECTED` leaves the defaults. A client may ask too
 * (WILL CHARSET, then its own REQUEST): we accept UTF-8 when it is in the list and reject
 * anything else, and we reject a request that crosses one of ours still unanswered (ours
 * stands, so the two sides cannot settle on different charsets). Translation tables (TTABLE)
 * are not supported and are rejected.
 *
 * States: idle → requested (our REQUEST outstanding) → done.
 */
import type { OptionSide } from '../negotiation.ts';
import { OPT } from '../constants.ts';
import {
  ACCEPT_BOTH,
  OFFER_LOCAL,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './option.ts';

export const CHARSET_CODE = {
  REQUEST: 1,
  ACCEPTED: 2,
  REJECTED: 3,
  TTABLE_IS: 4,
  TTABLE_REJECTED: 5,
  TTABLE_ACK: 6,
  TTABLE_NAK: 7,
} as const;

const TTABLE_PREFIX = '[TTABLE]';

/** The charsets offered in a REQUEST payload (after the REQUEST byte). */
export function parseCharsetRequest(body: Buffer): string[] {
  let text = body.toString('latin1');
  // "[TTABLE]" and one version byte may precede the list (RFC 2066 §4).
  if (text.startsWith(TTABLE_PREFIX)) text = text.slice(TTABLE_PREFIX.length + 1);
  if (text.length < 2) return [];
  const separator = text[0]!;
  return text
    .slice(1)
    .split(separator)
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .slice(0, 32);
}

function isUtf8(name: string): boolean {
  return /^utf-?8$/i.test(name.trim());
}

type CharsetState = 'idle' | 'requested' | 'done';

/** Every connection's CHARSET negotiation. */
export const CHARSET_SPEC: OptionSpec = {
  option: OPT.CHARSET,
  policy: ACCEPT_BOTH,
  offer: OFFER_LOCAL,
};

export class CharsetOption implements TelnetOption {
  readonly option = OPT.CHARSET;
  private state: CharsetState = 'idle';

  constructor(private readonly ctx: OptionContext) {}

  get pending(): boolean {
    return this.state === 'requested';
  }

  onChange(side: OptionSide, enabled: boolean): void {
    if (side === 'local' && enabled && this.state === 'idle') {
      this.state = 'requested';
      this.send(CHARSET_CODE.REQUEST, ';UTF-8');
    } else if (side === 'local' && !enabled && this.state === 'requested') {
      this.state = 'done';
    }
  }

  onSubnegotiation(payload: Buffer): void {
    const code = payload[0];
    const body = payload.subarray(1);
    switch (code) {
      case CHARSET_CODE.ACCEPTED:
        if (this.state !== 'requested') return;
        this.state = 'done';
        if (isUtf8(body.toString('latin1')))
          this.ctx.setFlags({ ENCODING: 'utf-8', 'UTF-8': true });
        return;
      case CHARSET_CODE.REJECTED:
        if (this.state === 'requested') this.state = 'done';
        return;
      case CHARSET_CODE.REQUEST: {
        if (this.state === 'requested') {
          this.send(CHARSET_CODE.REJECTED, '');
          return;
        }
        const offered = parseCharsetRequest(body);
        const utf8 = offered.find(isUtf8);
        if (utf8 === undefined) {
          this.send(CHARSET_CODE.REJECTED, '');
          return;
        }
        this.send(CHARSET_CODE.ACCEPTED, utf8);
        this.ctx.setFlags({ ENCODING: 'utf-8', 'UTF-8': true });
        return;
      }
      case CHARSET_CODE.TTABLE_IS:
        this.send(CHARSET_CODE.TTABLE_REJECTED, '');
        return;
      default:
        this.ctx.log.debug({ code: 'TELNET_CHARSET_UNKNOWN', byte: code }, 'CHARSET ignored');
    }
  }

  private send(code: number, text: string): void {
    this.ctx.subnegotiate(
      OPT.CHARSET,
      Buffer.concat([Buffer.from([code]), Buffer.from(text, 'latin1')]),
    );
  }
}
