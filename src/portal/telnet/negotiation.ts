/**
 * Telnet option negotiation by the Q method of RFC 1143, for every option and both sides.
 *
 * Each option has two independent sides: "local" (us: we send WILL/WONT, the peer DO/DONT) and
 * "remote" (the peer: we send DO/DONT, it WILL/WONT). Each side is in one of NO, YES, WANTNO,
 * WANTYES, with a queue bit EMPTY/OPPOSITE remembering a change of mind while a request is in
 * flight. `qTransition` is RFC 1143's table as a pure function; `OptionNegotiator` keeps the
 * states, writes the bytes, and asks a policy whether to accept what the peer proposes.
 *
 * Why this and not a countdown of handshakes: the Q method answers each request at most once
 * and never answers a refusal or an acknowledgement, so two endpoints cannot loop, however
 * eagerly either one negotiates (RFC 1143 §2 shows how simpler rules loop).
 *
 * One deliberate addition to RFC 1143: once we have refused a side of an option, a repeat of
 * the same request (WILL or DO again while that side is still NO) is not answered again, until
 * the peer withdraws it (WONT/DONT), we ask for the option ourselves, or the policy now
 * accepts it. The peer already has our refusal; answering every repeat would let a broken
 * client make us echo it forever (REFERENCE §12: unknown WILL → DONT, unknown DO → WONT, once).
 */
import type { NegotiationVerb } from './constants.ts';
import { buildNegotiation } from './output.ts';

export type QState = 'NO' | 'YES' | 'WANTNO' | 'WANTYES';
export type QQueue = 'EMPTY' | 'OPPOSITE';
export interface QSide {
  readonly state: QState;
  readonly queue: QQueue;
}

/**
 * - `peer-enable` / `peer-disable`: the peer sent WILL / WONT (remote side) or DO / DONT
 *   (local side);
 * - `ask-enable` / `ask-disable`: we want the side on / off.
 */
export type QEvent = 'peer-enable' | 'peer-disable' | 'ask-enable' | 'ask-disable';

export interface QStep {
  readonly next: QSide;
  /** What to send: enable = WILL (local) / DO (remote); disable = WONT / DONT. */
  readonly send: 'enable' | 'disable' | null;
  /** Set when the event breaks the protocol or is a redundant request of ours. */
  readonly note?: string;
}

/**
 * The eight possible sides, made once and shared: every option of every connection holds one,
 * and a transition only swaps which (no allocation per negotiation, none per session).
 */
const SIDES: Readonly<Record<QState, Readonly<Record<QQueue, QSide>>>> = Object.freeze({
  NO: Object.freeze({ EMPTY: freezeSide('NO', 'EMPTY'), OPPOSITE: freezeSide('NO', 'OPPOSITE') }),
  YES: Object.freeze({
    EMPTY: freezeSide('YES', 'EMPTY'),
    OPPOSITE: freezeSide('YES', 'OPPOSITE'),
  }),
  WANTNO: Object.freeze({
    EMPTY: freezeSide('WANTNO', 'EMPTY'),
    OPPOSITE: freezeSide('WANTNO', 'OPPOSITE'),
  }),
  WANTYES: Object.freeze({
    EMPTY: freezeSide('WANTYES', 'EMPTY'),
    OPPOSITE: freezeSide('WANTYES', 'OPPOSITE'),
  }),
});

function freezeSide(state: QState, queue: QQueue): QSide {
  return Object.freeze({ state, queue });
}

const side = (state: QState, queue: QQueue = 'EMPTY'): QSide => SIDES[state][queue];

/**
 * RFC 1143 §7, one case per row. `accept` only matters for `peer-enable` in state NO: whether
 * we agree to the option being turned on.
 */
export function qTransition(current: QSide, event: QEvent, accept: boolean): QStep {
  switch (event) {
    case 'peer-enable':
      return onPeerEnable(current, accept);
    case 'peer-disable':
      return onPeerDisable(current);
    case 'ask-enable':
      return onAskEnable(current);
    case 'ask-disable':
      return onAskDisable(current);
  }
}

/** "Upon receipt of WILL" (remote side) or DO (local side). */
function onPeerEnable(current: QSide, accept: boolean): QStep {
  const opposite = current.queue === 'OPPOSITE';
  switch (current.state) {
    case 'NO':
      return accept ? { next: side('YES'), send: 'enable' } : { next: current, send: 'disable' };
    case 'YES':
      return { next: current, send: null }; // Already on: acknowledging would loop.
    case 'WANTNO':
      // "Error: DONT answered by WILL." The peer must not do that; believe it anyway.
      return {
        next: side(opposite ? 'YES' : 'NO'),
        send: null,
        note: 'disable answered by enable',
      };
    case 'WANTYES':
      return opposite
        ? { next: side('WANTNO'), send: 'disable' } // We changed our mind meanwhile.
        : { next: side('YES'), send: null };
  }
}

/** "Upon receipt of WONT" (remote side) or DONT (local side). */
function onPeerDisable(current: QSide): QStep {
  const opposite = current.queue === 'OPPOSITE';
  switch (current.state) {
    case 'NO':
      return { next: current, send: null }; // Already off: never answer (loop guard).
    case 'YES':
      return { next: side('NO'), send: 'disable' }; // RFC 854: a disable must be agreed to.
    case 'WANTNO':
      return opposite
        ? { next: side('WANTYES'), send: 'enable' }
        : { next: side('NO'), send: null };
    case 'WANTYES':
      return { next: side('NO'), send: null }; // Refused; a queued disable is moot.
  }
}

/** "If we decide to ask him to enable" (remote) or to enable ourselves (local). */
function onAskEnable(current: QSide): QStep {
  const opposite = current.queue === 'OPPOSITE';
  switch (current.state) {
    case 'NO':
      return { next: side('WANTYES'), send: 'enable' };
    case 'YES':
      return { next: current, send: null, note: 'already enabled' };
    case 'WANTNO':
      return opposite
        ? { next: current, send: null, note: 'already queued an enable request' }
        : { next: side('WANTNO', 'OPPOSITE'), send: null };
    case 'WANTYES':
      return opposite
        ? { next: side('WANTYES'), send: null }
        : { next: current, send: null, note: 'already negotiating for enable' };
  }
}

/** "If we decide to ask him to disable" (remote) or to disable ourselves (local). */
function onAskDisable(current: QSide): QStep {
  const opposite = current.queue === 'OPPOSITE';
  switch (current.state) {
    case 'NO':
      return { next: current, send: null, note: 'already disabled' };
    case 'YES':
      return { next: side('WANTNO'), send: 'disable' };
    case 'WANTNO':
      return opposite
        ? { next: side('WANTNO'), send: null }
        : { next: current, send: null, note: 'already negotiating for disable' };
    case 'WANTYES':
      return opposite
        ? { next: current, send: null, note: 'already queued a disable request' }
        : { next: side('WANTYES', 'OPPOSITE'), send: null };
  }
}

export type OptionSide = 'local' | 'remote';

export interface OptionPolicy {
  /** We agree to perform the option when the peer sends DO. */
  readonly local: boolean;
  /** We agree to the peer performing it when it sends WILL. */
  readonly remote: boolean;
}

export interface OptionNegotiatorHooks {
  /** Writes negotiation bytes to the peer. */
  readonly send: (bytes: Buffer) => void;
  /** What we accept per option; asked on each request from the peer. */
  readonly policy: (option: number) => OptionPolicy;
  /** A side turned on (entered YES) or off (left YES); called after any reply is sent. */
  readonly onChange?: (option: number, side: OptionSide, enabled: boolean) => void;
}

const VERBS: Readonly<Record<OptionSide, { enable: NegotiationVerb; disable: NegotiationVerb }>> = {
  local: { enable: 'WILL', disable: 'WONT' },
  remote: { enable: 'DO', disable: 'DONT' },
};

/**
 * A side's record is a 4-bit code, `state << 2 | queue << 1 | refused`, where `refused` means
 * we refused the peer's request for this side and nothing has happened since (see top). Code 0
 * (NO, EMPTY, not refused) is every side's start. Every connection keeps one, so the records
 * are packed (see `OptionNegotiator`) rather than one object per side.
 */
const Q_STATES: readonly QState[] = ['NO', 'YES', 'WANTNO', 'WANTYES'];
const CODE_BITS = 4;
const CODE_MASK = (1 << CODE_BITS) - 1;
const REFUSED = 1;
/** Codes per packed field: 7 × 4 bits stays a small integer (31 bits). */
const CODES_PER_FIELD = 7;
/** Options that may have a place of their own (`places`): four fields of seven sides. */
export const MAX_PLACED_OPTIONS = 14;

function sideOfCode(code: number): QSide {
  return side(Q_STATES[code >> 2]!, (code & 2) !== 0 ? 'OPPOSITE' : 'EMPTY');
}

function codeOf(q: QSide, refused: boolean): number {
  return (
    (Q_STATES.indexOf(q.state) << 2) | (q.queue === 'OPPOSITE' ? 2 : 0) | (refused ? REFUSED : 0)
  );
}

export class OptionNegotiator {
  private readonly hooks: OptionNegotiatorHooks;
  /**
   * Option → its place (0 to MAX_PLACED_OPTIONS - 1) for the options the caller handles, -1
   * for the rest; shared by every connection. A placed option's two sides are codes in the
   * fields below, side `place * 2 + (remote ? 1 : 0)` at bit `(side % 7) * 4` of field
   * `side / 7`.
   */
  private readonly places: Int8Array | null;
  private packed0 = 0;
  private packed1 = 0;
  private packed2 = 0;
  private packed3 = 0;
  /**
   * Sides of other options not at code 0, one `key << 4 | code` each (key: `option * 2 +
   * (remote ? 1 : 0)`), in no order; made at the first. A client touches few of them.
   */
  private others: number[] | null = null;

  constructor(hooks: OptionNegotiatorHooks, places: Int8Array | null = null) {
    this.hooks = hooks;
    this.places = places;
  }

  /** Handles a negotiation from the peer (a parser `negotiate` event). */
  receive(verb: NegotiationVerb, option: number): void {
    switch (verb) {
      case 'WILL':
        return this.step(option, 'remote', 'peer-enable');
      case 'WONT':
        return this.step(option, 'remote', 'peer-disable');
      case 'DO':
        return this.step(option, 'local', 'peer-enable');
      case 'DONT':
        return this.step(option, 'local', 'peer-disable');
    }
  }

  /** Offer to perform the option ourselves (WILL). */
  enableLocal(option: number): void {
    this.step(option, 'local', 'ask-enable');
  }

  /** Stop performing the option (WONT). */
  disableLocal(option: number): void {
    this.step(option, 'local', 'ask-disable');
  }

  /** Ask the peer to perform the option (DO). */
  enableRemote(option: number): void {
    this.step(option, 'remote', 'ask-enable');
  }

  /** Ask the peer to stop performing the option (DONT). */
  disableRemote(option: number): void {
    this.step(option, 'remote', 'ask-disable');
  }

  isLocalEnabled(option: number): boolean {
    return this.stateOf(option, 'local').state === 'YES';
  }

  isRemoteEnabled(option: number): boolean {
    return this.stateOf(option, 'remote').state === 'YES';
  }

  /** The Q state of one side, for tests and diagnostics. */
  stateOf(option: number, which: OptionSide): QSide {
    return sideOfCode(this.codeAt(option, which));
  }

  private step(option: number, which: OptionSide, event: QEvent): void {
    const code = this.codeAt(option, which);
    const q = sideOfCode(code);
    const accept = event === 'peer-enable' && q.state === 'NO' && this.accepts(option, which);
    const { next, send } = qTransition(q, event, accept);
    const wasEnabled = q.state === 'YES';

    let refused = (code & REFUSED) !== 0;
    let reply = send;
    if (event === 'peer-enable' && !accept && send === 'disable' && next.state === 'NO') {
      // A refusal: sent once; repeats are ignored until anything else happens to this side.
      if (refused) reply = null;
      refused = true;
    } else if (event !== 'peer-enable' || next.state !== 'NO') {
      refused = false;
    }
    this.store(option, which, codeOf(next, refused));

    if (reply !== null) this.hooks.send(buildNegotiation(VERBS[which][reply], option));
    const enabled = next.state === 'YES';
    if (enabled !== wasEnabled) this.hooks.onChange?.(option, which, enabled);
  }

  private codeAt(option: number, which: OptionSide): number {
    const id = key(option, which);
    const place = this.places?.[option] ?? -1;
    if (place >= 0) {
      const sideAt = place * 2 + (id & 1);
      const field = this.field(Math.floor(sideAt / CODES_PER_FIELD));
      return (field >> ((sideAt % CODES_PER_FIELD) * CODE_BITS)) & CODE_MASK;
    }
    const at = this.otherAt(id);
    return at < 0 ? 0 : this.others![at]! & CODE_MASK;
  }

  private store(option: number, which: OptionSide, code: number): void {
    const id = key(option, which);
    const place = this.places?.[option] ?? -1;
    if (place >= 0) {
      const sideAt = place * 2 + (id & 1);
      const index = Math.floor(sideAt / CODES_PER_FIELD);
      const shift = (sideAt % CODES_PER_FIELD) * CODE_BITS;
      this.setField(index, (this.field(index) & ~(CODE_MASK << shift)) | (code << shift));
      return;
    }
    const at = this.otherAt(id);
    if (code !== 0) {
      this.others ??= [];
      if (at < 0) this.others.push((id << CODE_BITS) | code);
      else this.others[at] = (id << CODE_BITS) | code;
    } else if (at >= 0) {
      // Back to code 0: forget the side (the last one takes its place).
      const others = this.others!;
      const last = others.pop()!;
      if (at < others.length) others[at] = last;
      if (others.length === 0) this.others = null;
    }
  }

  private otherAt(id: number): number {
    const others = this.others;
    if (others === null) return -1;
    for (let i = 0; i < others.length; i += 1) if (others[i]! >> CODE_BITS === id) return i;
    return -1;
  }

  private field(index: number): number {
    switch (index) {
      case 0:
        return this.packed0;
      case 1:
        return this.packed1;
      case 2:
        return this.packed2;
      default:
        return this.packed3;
    }
  }

  private setField(index: number, value: number): void {
    switch (index) {
      case 0:
        this.packed0 = value;
        return;
      case 1:
        this.packed1 = value;
        return;
      case 2:
        this.packed2 = value;
        return;
      default:
        this.packed3 = value;
    }
  }

  private accepts(option: number, which: OptionSide): boolean {
    const policy = this.hooks.policy(option);
    return which === 'local' ? policy.local : policy.remote;
  }
}

function key(option: number, which: OptionSide): number {
  if (!Number.isInteger(option) || option < 0 || option > 255) {
    throw new RangeError(`telnet option must be an integer 0-255, got ${option}`);
  }
  return option * 2 + (which === 'remote' ? 1 : 0);
}
