/**
 * The telnet protocol of one connection, without the socket: bytes in, bytes out, and meaning
 * in between. `TelnetConnection` (../protocols/telnet-connection.ts) owns the socket and the
 * session; this owns everything telnet:
 *
 *   socket bytes → [MCCP3 inflate] → TelnetParser → data           → hooks.data (lines)
 *                                                 → commands       → hooks.command
 *                                                 → negotiations   → OptionNegotiator (RFC 1143)
 *                                                 → subnegotiations → the option's handler
 *   bytes to the client → [MCCP2 deflate] → hooks.write
 *
 * One handler per option, each in `options/` (NAWS, TTYPE, GMCP…): they learn about the
 * client and report it as protocol flags (`hooks.flags`), turn OOB messages into inputfunc
 * calls (`hooks.input`), and refuse what they must (`hooks.refuse`). Options with no handler
 * are refused once (WILL → DONT, DO → WONT).
 *
 * Memory: every connected player holds one of these for hours, mostly idle. So a connection
 * holds no closure of its own (it is its handlers' context and its negotiator's hooks, by
 * methods), its option handlers are made when an option first turns on or is used (a client
 * that never negotiates has none), and what every connection negotiates the same (policies,
 * offers) is one shared table.
 *
 * Negotiation storms are bounded: negotiations and subnegotiations draw on a token bucket
 * (`STORM_BURST` at once, `STORM_RATE` a second); past it they are dropped unanswered, reported
 * once as malformed, and ordinary input still flows.
 *
 * Nothing a client sends is logged here above debug level: malformed input goes to
 * `hooks.malformed`, which counts it and logs it rate-limited, so bytes never turn into log
 * volume. After `stopInput()` (the connection is closing) the rest of the input is dropped,
 * even the rest of a chunk being parsed.
 */
import type { Logger } from 'pino';
import type { FuncCall, ProtocolFlags } from '../../shared/session-data.ts';
import { MSDP_OUTPUTFUNC } from '../../shared/msdp-output.ts';
import { describeOption, OPT } from './constants.ts';
import {
  MAX_PLACED_OPTIONS,
  OptionNegotiator,
  type OptionPolicy,
  type OptionSide,
} from './negotiation.ts';
import { buildSubnegotiation } from './output.ts';
import { TelnetParser, type TelnetEvent } from './parser.ts';
import { CHARSET_SPEC, CharsetOption } from './options/charset.ts';
import { ECHO_SPEC, EchoOption } from './options/echo.ts';
import { EOR_SPEC, EorOption, promptMark } from './options/eor.ts';
import { GMCP_SPEC, GmcpOption } from './options/gmcp.ts';
import { mccp2Spec, Mccp2Option } from './options/mccp2.ts';
import { mccp3Spec, Mccp3Option } from './options/mccp3.ts';
import { MSDP_SPEC, MsdpOption } from './options/msdp.ts';
import { MSSP_SPEC, MsspOption, type MsspSource } from './options/mssp.ts';
import { MXP_SPEC, MxpOption } from './options/mxp.ts';
import { NAWS_SPEC, NawsOption } from './options/naws.ts';
import { NEW_ENVIRON_SPEC, NewEnvironOption } from './options/new-environ.ts';
import {
  ACCEPT_NONE,
  type OptionContext,
  type OptionSpec,
  type TelnetOption,
} from './options/option.ts';
import { SGA_SPEC, SgaOption } from './options/sga.ts';
import { TTYPE_SPEC, TtypeOption } from './options/ttype.ts';

export interface TelnetProtocolHooks {
  /** Bytes for the socket. */
  write(bytes: Buffer): void;
  /** Data-stream bytes (for the line reader). */
  data(bytes: Buffer): void;
  /** A telnet command from the client (NOP, AYT, …). */
  command(command: number): void;
  /** Protocol flags learned from the client (a partial update). */
  flags(flags: ProtocolFlags): void;
  /** An inputfunc call from an OOB protocol (GMCP, MSDP). */
  input(call: FuncCall): void;
  /** Activity that is not a command (GMCP Core.KeepAlive, Core.Ping). */
  keepalive(): void;
  /** Close the connection with a reason (zip bomb, corrupt compressed input). */
  refuse(code: string, reason: string): void;
  /**
   * The client broke the protocol (a malformed sequence, GMCP or MSDP that does not parse, a
   * negotiation storm). The connection counts these, logs them rate-limited and closes a
   * client that keeps on (../protocols/malformed-input.ts). Without it they are logged at debug.
   */
  malformed?(code: string, detail: string): void;
  /** The first negotiation round is over: nothing asked of the client is still unanswered. */
  settled?(): void;
}

export interface TelnetProtocolOptions {
  /** For MSSP: the game's name, player count, start time and own fields. */
  readonly mssp: MsspSource;
  /** Largest subnegotiation kept by the parser (bytes). */
  readonly maxSubnegotiationBytes?: number;
  /** Largest GMCP message accepted (bytes). */
  readonly maxGmcpBytes?: number;
  /** Offer MCCP2/MCCP3 compression. */
  readonly compression?: boolean;
  /** For tests: the clock of the storm bucket. */
  readonly now?: () => number;
}

/**
 * After `IAC SB MCCP3 IAC SE` the rest of the chunk may be compressed: the parser stops there.
 * Always, not only once MCCP3 is agreed: the DO that agrees to it may sit in the same chunk,
 * and events are acted on only after the parser returns.
 */
function pauseAtMccp3(option: number): boolean {
  return option === OPT.MCCP3;
}

/** Negotiations and subnegotiations a client may send at once, and per second after that. */
export const STORM_BURST = 256;
export const STORM_RATE = 64;

/**
 * The options we handle, in the order the first round offers them. A connection's handler of
 * one is made (`TelnetProtocol.make`) at its first change of state or first use, and kept in
 * the connection's `handlers` at the same index.
 */
const SLOT = {
  ECHO: 0,
  SGA: 1,
  EOR: 2,
  NAWS: 3,
  TTYPE: 4,
  CHARSET: 5,
  NEW_ENVIRON: 6,
  MSSP: 7,
  MSDP: 8,
  GMCP: 9,
  MCCP2: 10,
  MCCP3: 11,
  MXP: 12,
} as const;
type Slot = (typeof SLOT)[keyof typeof SLOT];

function specTable(compression: boolean): readonly OptionSpec[] {
  return [
    ECHO_SPEC,
    SGA_SPEC,
    EOR_SPEC,
    NAWS_SPEC,
    TTYPE_SPEC,
    CHARSET_SPEC,
    NEW_ENVIRON_SPEC,
    MSSP_SPEC,
    MSDP_SPEC,
    GMCP_SPEC,
    mccp2Spec(compression),
    mccp3Spec(compression),
    MXP_SPEC,
  ];
}

/** The two tables (with and without compression), shared by every connection. */
const SPECS_WITH_COMPRESSION = specTable(true);
const SPECS_WITHOUT_COMPRESSION = specTable(false);

/**
 * Option number → its slot, or -1 for an option we do not handle. The negotiator keeps these
 * options' sides in packed fields by the same numbers (negotiation.ts `places`).
 */
const SLOT_OF = new Int8Array(256).fill(-1);
SPECS_WITH_COMPRESSION.forEach((spec, slot) => (SLOT_OF[spec.option] = slot));
if (SPECS_WITH_COMPRESSION.length > MAX_PLACED_OPTIONS)
  throw new Error('more telnet options than the negotiator has places for');

/**
 * The protocol is its own option handlers' context (`OptionContext`) and its negotiator's hooks:
 * methods shared by every connection, not an object of closures per connection.
 */
export class TelnetProtocol implements OptionContext {
  readonly negotiator: OptionNegotiator;
  private readonly parser: TelnetParser;
  private readonly specs: readonly OptionSpec[];
  /** Handlers made so far, by slot; null until the first. */
  private handlers: Array<TelnetOption | undefined> | null = null;
  private readonly now: () => number;
  private stormTokens = STORM_BURST;
  /** When the storm bucket was last filled; 0 before the first negotiation (it starts full). */
  private stormStamp = 0;
  private stormLogged = false;
  private wasSettled = false;
  private inputStopped = false;
  /** The child logger naming the connection, made when first used. */
  private childLog: Logger | null = null;
  /** The client has sent at least one negotiation: it speaks telnet and will answer. */
  heard = false;

  constructor(
    private readonly hooks: TelnetProtocolHooks,
    private readonly options: TelnetProtocolOptions,
    private readonly parentLog: Logger,
    /** Logged with everything this connection's protocol logs. */
    private readonly address?: string,
  ) {
    this.now = options.now ?? Date.now;
    this.parser = new TelnetParser({
      ...(options.maxSubnegotiationBytes !== undefined
        ? { maxSubnegotiationBytes: options.maxSubnegotiationBytes }
        : {}),
      pauseAfterSubnegotiation: pauseAtMccp3,
    });
    this.negotiator = new OptionNegotiator(this, SLOT_OF);
    this.specs = (options.compression ?? true) ? SPECS_WITH_COMPRESSION : SPECS_WITHOUT_COMPRESSION;
  }

  // ---- the option handlers, made on first use -------------------------------------------

  get echo(): EchoOption {
    return this.handler(SLOT.ECHO) as EchoOption;
  }

  get sga(): SgaOption {
    return this.handler(SLOT.SGA) as SgaOption;
  }

  get eor(): EorOption {
    return this.handler(SLOT.EOR) as EorOption;
  }

  get naws(): NawsOption {
    return this.handler(SLOT.NAWS) as NawsOption;
  }

  get ttype(): TtypeOption {
    return this.handler(SLOT.TTYPE) as TtypeOption;
  }

  get charset(): CharsetOption {
    return this.handler(SLOT.CHARSET) as CharsetOption;
  }

  get environ(): NewEnvironOption {
    return this.handler(SLOT.NEW_ENVIRON) as NewEnvironOption;
  }

  get mssp(): MsspOption {
    return this.handler(SLOT.MSSP) as MsspOption;
  }

  get msdp(): MsdpOption {
    return this.handler(SLOT.MSDP) as MsdpOption;
  }

  get gmcp(): GmcpOption {
    return this.handler(SLOT.GMCP) as GmcpOption;
  }

  get mccp2(): Mccp2Option {
    return this.handler(SLOT.MCCP2) as Mccp2Option;
  }

  get mccp3(): Mccp3Option {
    return this.handler(SLOT.MCCP3) as Mccp3Option;
  }

  get mxp(): MxpOption {
    return this.handler(SLOT.MXP) as MxpOption;
  }

  // ---- the connection's side ------------------------------------------------------------

  /** Sends the first round of offers (WILL/DO for every option we want). */
  start(): void {
    for (const spec of this.specs) {
      if (spec.offer.local) this.negotiator.enableLocal(spec.option);
      if (spec.offer.remote) this.negotiator.enableRemote(spec.option);
    }
  }

  /** Bytes from the socket. */
  receive(chunk: Buffer): void {
    if (this.inputStopped) return;
    const mccp3 = this.made(SLOT.MCCP3) as Mccp3Option | undefined;
    if (mccp3?.active === true) mccp3.push(chunk);
    else this.parse(chunk);
  }

  /** Bytes to the client, through MCCP2 when it is on. */
  send(bytes: Buffer): void {
    const mccp2 = this.made(SLOT.MCCP2) as Mccp2Option | undefined;
    if (mccp2 === undefined) this.hooks.write(bytes);
    else mccp2.write(bytes);
  }

  /** We echo the player's input (ECHO is on): see options/echo.ts. */
  get echoing(): boolean {
    return this.negotiator.isLocalEnabled(OPT.ECHO);
  }

  /** What follows a prompt: IAC EOR, IAC GA, or nothing (see options/eor.ts). */
  promptMark(): Buffer | null {
    return promptMark(
      this.negotiator.isLocalEnabled(OPT.EOR),
      this.negotiator.isLocalEnabled(OPT.SGA),
    );
  }

  /**
   * Sends an out-of-band call as GMCP, else MSDP; false when the client has neither. MSDP
   * variables (the `msdp` outputfunc: answers to MSDP's own commands) go as MSDP when it was
   * agreed, even to a client that has GMCP too.
   */
  sendOob(call: FuncCall): boolean {
    const msdp = this.negotiator.isLocalEnabled(OPT.MSDP);
    const gmcp = this.negotiator.isLocalEnabled(OPT.GMCP);
    if (call[0] === MSDP_OUTPUTFUNC && msdp) this.msdp.send(call);
    else if (gmcp) this.gmcp.send(call);
    else if (msdp) this.msdp.send(call);
    else return false;
    return true;
  }

  /** Nothing we asked of the client in the first round is still unanswered. */
  get settled(): boolean {
    const handlers = this.handlers;
    for (let slot = 0; slot < this.specs.length; slot += 1) {
      const spec = this.specs[slot]!;
      if (handlers?.[slot]?.pending === true) return false;
      if (spec.offer.local && waiting(this.negotiator.stateOf(spec.option, 'local').state))
        return false;
      if (spec.offer.remote && waiting(this.negotiator.stateOf(spec.option, 'remote').state))
        return false;
    }
    return true;
  }

  /** Output held before the socket (inside MCCP2), for the output-buffer cap. */
  get bufferedBytes(): number {
    return (this.made(SLOT.MCCP2) as Mccp2Option | undefined)?.bufferedBytes ?? 0;
  }

  /** Calls `done` once all output so far has reached `hooks.write` (finishing MCCP2). */
  flushed(done: () => void): void {
    const mccp2 = this.made(SLOT.MCCP2) as Mccp2Option | undefined;
    if (mccp2 === undefined) done();
    else mccp2.flushed(done);
  }

  /** Drops all further input, from the next event on (the connection is closing). */
  stopInput(): void {
    this.inputStopped = true;
  }

  destroy(): void {
    this.inputStopped = true;
    (this.made(SLOT.MCCP2) as Mccp2Option | undefined)?.destroy();
    (this.made(SLOT.MCCP3) as Mccp3Option | undefined)?.destroy();
  }

  // ---- OptionNegotiatorHooks (send is above) --------------------------------------------

  /** What we accept of `option` when the client proposes it. */
  policy(option: number): OptionPolicy {
    const slot = SLOT_OF[option]!;
    return slot < 0 ? ACCEPT_NONE : this.specs[slot]!.policy;
  }

  /** A side of `option` turned on or off: its handler (made now if need be) hears of it. */
  onChange(option: number, side: OptionSide, enabled: boolean): void {
    if (this.parentLog.isLevelEnabled('debug'))
      this.log.debug({ option: describeOption(option), side, enabled }, 'telnet option changed');
    const slot = SLOT_OF[option]!;
    if (slot >= 0) this.handler(slot as Slot).onChange?.(side, enabled);
    if (option === OPT.GMCP || option === OPT.MSDP) {
      this.hooks.flags({
        OOB: this.negotiator.isLocalEnabled(OPT.GMCP) || this.negotiator.isLocalEnabled(OPT.MSDP),
      });
    }
  }

  // ---- OptionContext (send and negotiator are above) -----------------------------------

  subnegotiate(option: number, payload: Buffer): void {
    this.send(buildSubnegotiation(option, payload));
  }

  setFlags(flags: ProtocolFlags): void {
    this.hooks.flags(flags);
  }

  input(call: FuncCall): void {
    this.hooks.input(call);
  }

  keepalive(): void {
    this.hooks.keepalive();
  }

  refuse(code: string, reason: string): void {
    this.hooks.refuse(code, reason);
  }

  malformed(code: string, detail: string): void {
    if (this.hooks.malformed) this.hooks.malformed(code, detail);
    else this.log.debug({ code }, detail);
  }

  /** This connection's logger (with its address), made at its first line. */
  get log(): Logger {
    this.childLog ??=
      this.address === undefined ? this.parentLog : this.parentLog.child({ address: this.address });
    return this.childLog;
  }

  // ---- internals -----------------------------------------------------------------------

  /** The connection's handler in `slot`, made now if it was not yet. */
  private handler(slot: Slot): TelnetOption {
    // Exactly one place per option: an array grown by assignment would take twice that.
    this.handlers ??= new Array<TelnetOption | undefined>(this.specs.length);
    let handler = this.handlers[slot];
    if (handler === undefined) {
      handler = this.make(slot);
      this.handlers[slot] = handler;
    }
    return handler;
  }

  /** The handler in `slot` if it was made. */
  private made(slot: Slot): TelnetOption | undefined {
    return this.handlers?.[slot];
  }

  private make(slot: Slot): TelnetOption {
    switch (slot) {
      case SLOT.ECHO:
        return new EchoOption(this);
      case SLOT.SGA:
        return new SgaOption(this);
      case SLOT.EOR:
        return new EorOption(this);
      case SLOT.NAWS:
        return new NawsOption(this);
      case SLOT.TTYPE:
        return new TtypeOption(this);
      case SLOT.CHARSET:
        return new CharsetOption(this);
      case SLOT.NEW_ENVIRON:
        return new NewEnvironOption(this);
      case SLOT.MSSP:
        return new MsspOption(this, this.options.mssp);
      case SLOT.MSDP:
        return new MsdpOption(this);
      case SLOT.GMCP:
        return new GmcpOption(this, this.options.maxGmcpBytes);
      case SLOT.MCCP2:
        return new Mccp2Option(this, this.hooks);
      case SLOT.MCCP3:
        return new Mccp3Option(this, (bytes) => this.parse(bytes));
      case SLOT.MXP:
        return new MxpOption(this);
    }
  }

  private parse(bytes: Buffer): void {
    let next: Buffer | null = bytes;
    while (next !== null) {
      const chunk: Buffer = next;
      next = null;
      for (const event of this.parser.push(chunk)) {
        if (this.inputStopped) return;
        if (event.kind !== 'remainder') this.onEvent(event);
        // Only after `IAC SB MCCP3 IAC SE`: the rest is compressed if that started MCCP3.
        else if ((this.made(SLOT.MCCP3) as Mccp3Option | undefined)?.active === true)
          this.mccp3.push(event.rest);
        else next = event.rest;
      }
    }
    if (!this.wasSettled && this.heard && this.settled) {
      this.wasSettled = true;
      this.hooks.settled?.();
    }
  }

  private onEvent(event: TelnetEvent): void {
    switch (event.kind) {
      case 'data':
        this.hooks.data(event.data);
        return;
      case 'command':
        this.hooks.command(event.command);
        return;
      case 'negotiate':
        this.heard = true;
        if (!this.withinBudget()) return;
        if (this.parentLog.isLevelEnabled('debug'))
          this.log.debug(
            { verb: event.verb, option: describeOption(event.option) },
            'telnet negotiation',
          );
        this.negotiator.receive(event.verb, event.option);
        return;
      case 'subnegotiation':
        if (!this.withinBudget()) return;
        this.subnegotiation(event.option, event.payload);
        return;
      case 'remainder':
        return; // Handled in parse().
      case 'error':
        this.malformed(
          event.option === OPT.GMCP && event.code === 'TELNET_SB_OVERFLOW'
            ? 'TELNET_GMCP_TOO_LARGE'
            : event.code,
          event.option === null
            ? event.detail
            : `${event.detail} (option ${describeOption(event.option)})`,
        );
        return;
      default: {
        const unreachable: never = event;
        this.log.error({ event: unreachable }, 'unhandled telnet event');
      }
    }
  }

  private subnegotiation(option: number, payload: Buffer): void {
    const slot = SLOT_OF[option]!;
    const agreed =
      this.negotiator.isLocalEnabled(option) || this.negotiator.isRemoteEnabled(option);
    // An agreed option's handler was made when it turned on.
    const handler = slot >= 0 && agreed ? this.made(slot as Slot) : undefined;
    if (handler?.onSubnegotiation === undefined) {
      if (this.parentLog.isLevelEnabled('debug'))
        this.log.debug(
          { code: 'TELNET_SB_NOT_AGREED', option: describeOption(option) },
          'subnegotiation for an option not agreed; ignored',
        );
      return;
    }
    handler.onSubnegotiation(payload);
  }

  private withinBudget(): boolean {
    const now = this.now();
    this.stormTokens = Math.min(
      STORM_BURST,
      this.stormTokens + ((now - this.stormStamp) / 1000) * STORM_RATE,
    );
    this.stormStamp = now;
    if (this.stormTokens >= 1) {
      this.stormTokens -= 1;
      return true;
    }
    if (!this.stormLogged) {
      this.stormLogged = true;
      this.malformed(
        'TELNET_NEGOTIATION_STORM',
        'telnet negotiation storm: further negotiation dropped until it calms down',
      );
    }
    return false;
  }
}

function waiting(state: string): boolean {
  return state === 'WANTYES' || state === 'WANTNO';
}
