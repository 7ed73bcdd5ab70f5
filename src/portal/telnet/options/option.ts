/**
 * What one telnet option handler looks like, and what it may do.
 *
 * Each option (NAWS, TTYPE, GMCP…) lives in its own file: an `OptionSpec` (its number, what we
 * accept and what we offer, the same for every connection) and a class implementing
 * `TelnetOption` (what one connection's option knows and does). `TelnetProtocol`
 * (../protocol.ts) negotiates from the specs and makes a connection's handler only when the
 * option is first turned on or asked for: a client that never negotiates costs no handler.
 * Handlers never see a socket; they act through `OptionContext`, so every one of them can be
 * tested with bytes alone.
 */
import type { Logger } from 'pino';
import type { FuncCall, ProtocolFlags } from '../../../shared/session-data.ts';
import type { OptionNegotiator, OptionPolicy, OptionSide } from '../negotiation.ts';

export interface OptionContext {
  /** Writes bytes to the client through the output path (compressed while MCCP2 is on). */
  send(bytes: Buffer): void;
  /** Writes `IAC SB <option> <payload> IAC SE` (0xFF doubled). */
  subnegotiate(option: number, payload: Buffer): void;
  /** Merges protocol flags; they reach the Server by a session re-sync. */
  setFlags(flags: ProtocolFlags): void;
  /** One inputfunc call for the Server (rate-capped like typed lines). */
  input(call: FuncCall): void;
  /** A protocol keepalive: activity, not a command. */
  keepalive(): void;
  /** Closes the connection, telling the player why (zip bombs and the like). */
  refuse(code: string, reason: string): void;
  /**
   * The client sent something malformed (GMCP that does not parse, a NAWS of the wrong size):
   * counted and logged rate-limited by the connection, which closes a client that keeps on.
   */
  malformed(code: string, detail: string): void;
  /** For options that ask to turn sides on and off after the first round (ECHO). */
  readonly negotiator: OptionNegotiator;
  readonly log: Logger;
}

/** One option as every connection negotiates it. */
export interface OptionSpec {
  readonly option: number;
  /** What we accept when the client proposes (WILL/DO) the option. */
  readonly policy: OptionPolicy;
  /** Sides we ask for ourselves as soon as the connection opens. */
  readonly offer: OptionOffer;
}

export interface OptionOffer {
  readonly local: boolean;
  readonly remote: boolean;
}

/** One connection's handler of an option, made when the option is first turned on or used. */
export interface TelnetOption {
  readonly option: number;
  /** A side turned on or off (after any reply was sent). */
  onChange?(side: OptionSide, enabled: boolean): void;
  /** `IAC SB <option> payload IAC SE` arrived from the client. */
  onSubnegotiation?(payload: Buffer): void;
  /**
   * True while the option waits for an answer it asked for in the first round (a TTYPE IS, a
   * CHARSET reply…). The session is greeted once nothing is pending, or after the grace.
   */
  readonly pending?: boolean;
}

export const ACCEPT_NONE: OptionPolicy = Object.freeze({ local: false, remote: false });
export const ACCEPT_LOCAL: OptionPolicy = Object.freeze({ local: true, remote: false });
export const ACCEPT_REMOTE: OptionPolicy = Object.freeze({ local: false, remote: true });
export const ACCEPT_BOTH: OptionPolicy = Object.freeze({ local: true, remote: true });
export const OFFER_LOCAL: OptionOffer = Object.freeze({ local: true, remote: false });
export const OFFER_REMOTE: OptionOffer = Object.freeze({ local: false, remote: true });
export const OFFER_NONE: OptionOffer = Object.freeze({ local: false, remote: false });
