/**
 * Telnet command bytes and option numbers, named once for the whole telnet portal.
 *
 * Commands come from RFC 854 (plus EOR, RFC 885); option numbers from the IANA telnet options
 * registry and the MUD community's specs (MSDP, MSSP, MCCP, MXP, GMCP). Everything else in this
 * folder imports these names instead of writing bare numbers.
 */

/** Command bytes: each follows an IAC (RFC 854 "TELNET COMMAND STRUCTURE"). */
export const CMD = {
  /** End-of-record mark (RFC 885); sent after prompts once the EOR option is agreed. */
  EOR: 239,
  /** End of subnegotiation parameters. */
  SE: 240,
  NOP: 241,
  /** Data Mark: the data-stream half of a Synch (RFC 854). */
  DM: 242,
  BRK: 243,
  /** Interrupt Process. */
  IP: 244,
  /** Abort Output. */
  AO: 245,
  /** Are You There. */
  AYT: 246,
  /** Erase Character. */
  EC: 247,
  /** Erase Line. */
  EL: 248,
  /** Go Ahead: marks a prompt for clients that do not suppress it (RFC 858). */
  GA: 249,
  /** Start of subnegotiation: IAC SB <option> <payload> IAC SE. */
  SB: 250,
  WILL: 251,
  WONT: 252,
  DO: 253,
  DONT: 254,
  /** Interpret As Command; doubled (IAC IAC) it stands for one data byte 255. */
  IAC: 255,
} as const;

/** Option numbers we name; any other 0–255 value is still a valid (unknown) option. */
export const OPT = {
  ECHO: 1, // RFC 857
  SGA: 3, // RFC 858, Suppress Go Ahead
  TTYPE: 24, // RFC 1091, terminal type (carries MTTS)
  EOR: 25, // RFC 885, end of record
  NAWS: 31, // RFC 1073, window size
  NEW_ENVIRON: 39, // RFC 1572 (carries MNES)
  CHARSET: 42, // RFC 2066
  MSDP: 69, // MUD Server Data Protocol
  MSSP: 70, // MUD Server Status Protocol
  MCCP2: 86, // MUD Client Compression Protocol v2 (server to client)
  MCCP3: 87, // MCCP v3 (client to server)
  MXP: 91, // MUD eXtension Protocol
  GMCP: 201, // Generic MUD Communication Protocol
} as const;

/** The four negotiation verbs (RFC 854); WILL/WONT speak for the sender, DO/DONT ask the peer. */
export type NegotiationVerb = 'WILL' | 'WONT' | 'DO' | 'DONT';

const VERB_BYTES: Readonly<Record<NegotiationVerb, number>> = {
  WILL: CMD.WILL,
  WONT: CMD.WONT,
  DO: CMD.DO,
  DONT: CMD.DONT,
};

export function verbByte(verb: NegotiationVerb): number {
  return VERB_BYTES[verb];
}

const OPTION_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(OPT).map(([name, code]) => [code, name]),
);

const COMMAND_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(CMD).map(([name, code]) => [code, name]),
);

/** A readable option name for logs, e.g. `NAWS(31)` or `unknown(200)`. */
export function describeOption(option: number): string {
  return `${OPTION_NAMES.get(option) ?? 'unknown'}(${option})`;
}

/** A readable command name for logs, e.g. `NOP(241)` or `unknown(0)`. */
export function describeCommand(command: number): string {
  return `${COMMAND_NAMES.get(command) ?? 'unknown'}(${command})`;
}
