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
import { OptionNegotiator, type OptionSide } from './negotiation.ts';
import { buildSubnegotiation } from './output.ts';
import { TelnetParser, type TelnetEvent } from './parser.ts';
import { CharsetOption } from './options/charset.ts';
import { EchoOption } from './options/echo.ts';
import { EorOption, promptMark } from './options/eor.ts';
import { GmcpOption } from './options/gmcp.ts';
import { Mccp2Option } from './options/mccp2.ts';
import { Mccp3Option } from './options/mccp3.ts';
import { MsdpOption } from './options/msdp.ts';
import { MsspOption, type MsspSource } from './options/mssp.ts';
import { MxpOption } from './options/mxp.ts';
import { NawsOption } from './options/naws.ts';
import { NewEnvironOption } from './options/new-environ.ts';
import { ACCEPT_NONE, type OptionContext, type TelnetOption } from './options/option.ts';
import { SgaOption } from './options/sga.ts';
import { TtypeOption } from './options/ttype.ts';

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

export class TelnetProtocol {
  readonly negotiator: OptionNegotiator;
  readonly echo: EchoOption;
  readonly sga: SgaOption;
  readonly eor: EorOption;
  readonly naws: NawsOption;
  readonly ttype: TtypeOption;
  readonly charset: CharsetOption;
  readonly environ: NewEnvironOption;
  readonly mssp: MsspOption;
  readonly msdp: MsdpOption;
  readonly gmcp: GmcpOption;
  readonly mccp2: Mccp2Option;
  readonly mccp3: Mccp3Option;
  readonly mxp: MxpOption;
  private readonly parser: TelnetParser;
  private readonly handlers = new Map<number, TelnetOption>();
  private readonly now: () => number;
  private stormTokens = STORM_BURST;
  private stormStamp: number;
  private stormLogged = false;
  private wasSettled = false;
  private inputStopped = false;
  /** The client has sent at least one negotiation: it speaks telnet and will answer. */
  heard = false;

  constructor(
    private readonly hooks: TelnetProtocolHooks,
    options: TelnetProtocolOptions,
    private readonly log: Logger,
  ) {
    this.now = options.now ?? Date.now;
    this.stormStamp = this.now();
    this.parser = new TelnetParser({
      ...(options.maxSubnegotiationBytes !== undefined
        ? { maxSubnegotiationBytes: options.maxSubnegotiationBytes }
        : {}),
      pauseAfterSubnegotiation: pauseAtMccp3,
    });
    // Method shorthand, not arrow properties: under tsx (esbuild keepNames) every arrow in an
    // object literal is renamed with defineProperty, which gives each closure of every
    // connection its own property table (~250 bytes per closure, per session).
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.negotiator = new OptionNegotiator({
      send(bytes) {
        self.send(bytes);
      },
      policy(option) {
        return self.handlers.get(option)?.policy ?? ACCEPT_NONE;
      },
      onChange(option, side, enabled) {
        self.changed(option, side, enabled);
      },
    });
    const ctx: OptionContext = {
      write(bytes) {
        self.send(bytes);
      },
      subnegotiate(option, payload) {
        self.send(buildSubnegotiation(option, payload));
      },
      setFlags(flags) {
        self.hooks.flags(flags);
      },
      input(call) {
        self.hooks.input(call);
      },
      keepalive() {
        self.hooks.keepalive();
      },
      refuse(code, reason) {
        self.hooks.refuse(code, reason);
      },
      malformed(code, detail) {
        self.malformed(code, detail);
      },
      negotiator: this.negotiator,
      log,
    };
    const compression = options.compression ?? true;
    this.echo = this.add(new EchoOption(ctx));
    this.sga = this.add(new SgaOption(ctx));
    this.eor = this.add(new EorOption(ctx));
    this.naws = this.add(new NawsOption(ctx));
    this.ttype = this.add(new TtypeOption(ctx));
    this.charset = this.add(new CharsetOption(ctx));
    this.environ = this.add(new NewEnvironOption(ctx));
    this.mssp = this.add(new MsspOption(ctx, options.mssp));
    this.msdp = this.add(new MsdpOption(ctx));
    this.gmcp = this.add(new GmcpOption(ctx, options.maxGmcpBytes));
    this.mccp2 = this.add(new Mccp2Option(ctx, (bytes) => this.hooks.write(bytes), compression));
    this.mccp3 = this.add(new Mccp3Option(ctx, (bytes) => this.parse(bytes), compression));
    this.mxp = this.add(new MxpOption(ctx));
  }

  /** Sends the first round of offers (WILL/DO for every option we want). */
  start(): void {
    for (const handler of this.handlers.values()) {
      if (handler.offer.local) this.negotiator.enableLocal(handler.option);
      if (handler.offer.remote) this.negotiator.enableRemote(handler.option);
    }
  }

  /** Bytes from the socket. */
  receive(chunk: Buffer): void {
    if (this.inputStopped) return;
    if (this.mccp3.active) this.mccp3.push(chunk);
    else this.parse(chunk);
  }

  /** Bytes to the client, through MCCP2 when it is on. */
  send(bytes: Buffer): void {
    this.mccp2.write(bytes);
  }

  /** What follows a prompt: IAC EOR, IAC GA, or nothing (see options/eor.ts). */
  promptMark(): Buffer | null {
    return promptMark(this.eor.agreed, this.sga.suppressing);
  }

  /**
   * Sends an out-of-band call as GMCP, else MSDP; false when the client has neither. MSDP
   * variables (the `msdp` outputfunc: answers to MSDP's own commands) go as MSDP when it was
   * agreed, even to a client that has GMCP too.
   */
  sendOob(call: FuncCall): boolean {
    if (call[0] === MSDP_OUTPUTFUNC && this.msdp.enabled) this.msdp.send(call);
    else if (this.gmcp.enabled) this.gmcp.send(call);
    else if (this.msdp.enabled) this.msdp.send(call);
    else return false;
    return true;
  }

  /** Nothing we asked of the client in the first round is still unanswered. */
  get settled(): boolean {
    for (const handler of this.handlers.values()) {
      if (handler.pending === true) return false;
      if (handler.offer.local && waiting(this.negotiator.stateOf(handler.option, 'local').state))
        return false;
      if (handler.offer.remote && waiting(this.negotiator.stateOf(handler.option, 'remote').state))
        return false;
    }
    return true;
  }

  /** Output held before the socket (inside MCCP2), for the output-buffer cap. */
  get bufferedBytes(): number {
    return this.mccp2.bufferedBytes;
  }

  /** Calls `done` once all output so far has reached `hooks.write` (finishing MCCP2). */
  flushed(done: () => void): void {
    this.mccp2.flushed(done);
  }

  /** Drops all further input, from the next event on (the connection is closing). */
  stopInput(): void {
    this.inputStopped = true;
  }

  destroy(): void {
    this.inputStopped = true;
    this.mccp2.destroy();
    this.mccp3.destroy();
  }

  private add<T extends TelnetOption>(handler: T): T {
    this.handlers.set(handler.option, handler);
    return handler;
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
        else if (this.mccp3.active) this.mccp3.push(event.rest);
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
    const handler = this.handlers.get(option);
    const agreed =
      this.negotiator.isLocalEnabled(option) || this.negotiator.isRemoteEnabled(option);
    if (handler?.onSubnegotiation === undefined || !agreed) {
      this.log.debug(
        { code: 'TELNET_SB_NOT_AGREED', option: describeOption(option) },
        'subnegotiation for an option not agreed; ignored',
      );
      return;
    }
    handler.onSubnegotiation(payload);
  }

  private changed(option: number, side: OptionSide, enabled: boolean): void {
    this.log.debug({ option: describeOption(option), side, enabled }, 'telnet option changed');
    this.handlers.get(option)?.onChange?.(side, enabled);
    if (option === OPT.GMCP || option === OPT.MSDP) {
      this.hooks.flags({ OOB: this.gmcp.enabled || this.msdp.enabled });
    }
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

  private malformed(code: string, detail: string): void {
    if (this.hooks.malformed) this.hooks.malformed(code, detail);
    else this.log.debug({ code }, detail);
  }
}

function waiting(state: string): boolean {
  return state === 'WANTYES' || state === 'WANTNO';
}
