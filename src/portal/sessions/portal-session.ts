/**
 * One connection as the Portal sees it. The protocol side (telnet, WebSocket…) is behind a
 * SessionTransport; the shared fields live in `data`, the copy the Portal keeps for the Server
 * across reloads. The session also holds input typed while the Server is away, its input
 * budgets, whether its socket is being read (see `hold`), and where its protocol flags stand
 * with the Server (shared/flag-sync.ts has the rule).
 *
 * Every idle player holds one of these for as long as they are connected, so what is rarely
 * needed is made when first needed and dropped after: held input, the byte budget (before
 * login only), the notice times, the flag update numbers; and the Server's view of the flags
 * is kept as its difference from ours, which is nothing once the Server has been told.
 */
import {
  BRIDGE_MARK,
  newSessionData,
  type FlagValue,
  type FuncCall,
  type ProtocolFlags,
  type SessionSync,
  type SessionSyncEntry,
} from '../../shared/session-data.ts';
import type { TokenBucket } from './token-bucket.ts';

/** What a protocol implementation gives the session handler. */
export interface SessionTransport {
  readonly protocolKey: string;
  readonly address: string;
  /** The client's own session id (webclient resume), for protocols that have one. */
  readonly csessid?: string | null;
  /**
   * Only on a bridge's transport (outbound/outbound-bridges.ts): its id, which the session
   * carries as `serverData.bridge` for the Server to log it in as the bridge's bot.
   */
  readonly bridge?: string;
  /** Deliver output calls in the protocol's own form. */
  send(cmds: readonly FuncCall[]): void;
  /** Show `reason` (if any) and close the connection cleanly. */
  close(reason: string): void;
  /**
   * Stop (false) or go on (true) reading the client's socket, so that TCP makes the client
   * wait: backpressure while the link to the Server is congested or the session has spent its
   * byte budget. Called only on a change. A transport without it is never paused.
   */
  setReading?(reading: boolean): void;
  /**
   * The session has logged in (the handler saw it in a sync from the Server): a transport that
   * times out connections that do not log in stops its clock. Called once per login.
   */
  loginDone?(): void;
}

/** Why the Portal may stop reading a session's socket: the link, or the session's budget. */
export type ReadingHold = 'link' | 'budget';

/** In `serverDiff`: the Server has no value for this flag at all. */
const ABSENT: unique symbol = Symbol('absent');
type ServerValue = FlagValue | typeof ABSENT;

const NOTHING_HELD: readonly FuncCall[] = Object.freeze([]);

/** `record[name] = value` as an own property, whatever the name (`__proto__` included). */
function setOwn<T>(record: Record<string, T>, name: string, value: T): void {
  if (Object.hasOwn(record, name)) record[name] = value;
  else
    Object.defineProperty(record, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
}

/** When a player was last told of dropped input, for rate-limiting those notices. */
export interface NoticeTimes {
  tooFast: number;
  tooLong: number;
}

export class PortalSession {
  readonly data: SessionSync;
  /** Input calls waiting for the Server, in arrival order; null while none are. */
  private heldCalls: FuncCall[] | null = null;
  /** Whether this session was already told that held input overflowed. */
  heldOverflowTold = false;
  /** Whether the budgets below are a player's (set when the session was last seen logged in). */
  budgetsForPlayer = false;
  /**
   * Bytes a second read from the client, before login only (the session handler makes it at
   * the first bytes read before login and drops it at login).
   */
  byteBudget: TokenBucket | null = null;
  /** While the byte budget is spent: the timer that lets reading go on. */
  budgetTimer: NodeJS.Timeout | null = null;
  /** Made at the first notice of dropped input (too fast, too long). */
  notices: NoticeTimes | null = null;
  closed = false;
  /**
   * On the current link: the number of the announcement (`sessionConnected`, or the
   * `allSessions` reply) that told the Server of this session; null until one has.
   */
  announcedAt: number | null = null;
  private heldByLink = false;
  private heldByBudget = false;
  /**
   * Where the Server's flags differ from ours: for each flag changed here since the Server was
   * last told, the value the Server has (ABSENT: none). Null when the Server has every flag as
   * it is here — the usual state, which costs nothing. (The mirror of shared/flag-sync.ts, kept
   * as a difference: the Server's flag is this entry when there is one, else ours.)
   */
  private serverDiff: Record<string, ServerValue> | null;
  /** Flag updates sent to the Server for this session, counted over the session's life. */
  private flagsSeq = 0;
  /**
   * Each flag's last update (its `flagsSeq`) sent to the Server; made at the first update. A
   * plain object of own properties (a flag named `__proto__` is a key like any other): a Map
   * costs several times as much for the dozen or two flags a client reports.
   */
  private flagSentAt: Record<string, number> | null = null;

  constructor(
    sessid: number,
    readonly transport: SessionTransport,
    now: number,
    /** Input lines a second (the input-rate cap). */
    readonly lineBudget: TokenBucket,
  ) {
    this.data = newSessionData(sessid, transport.protocolKey, transport.address, now);
    this.data.csessid = transport.csessid ?? null;
    // Not told yet: the Server has none of the flags.
    this.serverDiff = {};
    for (const name of Object.keys(this.data.protocolFlags)) setOwn(this.serverDiff, name, ABSENT);
    this.keepBridgeMark();
  }

  get sessid(): number {
    return this.data.sessid;
  }

  /** Input calls waiting for the Server, in arrival order (bounded by maxHeldInputLines). */
  get held(): readonly FuncCall[] {
    return this.heldCalls ?? NOTHING_HELD;
  }

  /** Keeps one input call for the Server (the caller checks the bound). */
  keepInput(call: FuncCall): void {
    (this.heldCalls ??= []).push(call);
  }

  /** Takes every held call, in order. */
  takeHeld(): FuncCall[] {
    const calls = this.heldCalls ?? [];
    this.heldCalls = null;
    return calls;
  }

  /** False while something holds the reading of this session's socket. */
  get reading(): boolean {
    return !this.heldByLink && !this.heldByBudget;
  }

  /** Holds (or lets go) the reading of the socket for `reason`; the transport hears of changes. */
  hold(reason: ReadingHold, held: boolean): void {
    const before = this.reading;
    if (reason === 'link') this.heldByLink = held;
    else this.heldByBudget = held;
    const after = this.reading;
    if (after !== before) this.transport.setReading?.(after);
  }

  /** Merge flags (a partial update never replaces the whole set). */
  mergeFlags(flags: ProtocolFlags): void {
    const current = this.data.protocolFlags;
    for (const [name, value] of Object.entries(flags)) {
      const had = Object.hasOwn(current, name);
      if (had && current[name] === value) continue;
      // The first change since the Server was told: remember what the Server has.
      this.serverDiff ??= {};
      if (!Object.hasOwn(this.serverDiff, name))
        setOwn(this.serverDiff, name, had ? current[name]! : ABSENT);
      current[name] = value;
    }
  }

  /**
   * The full copy that tells the Server of this session, as announcement `n` on the current
   * link: from now on the Server has every flag as it is here.
   */
  announce(n: number): SessionSyncEntry {
    this.announcedAt = n;
    this.serverDiff = null;
    return this.snapshot();
  }

  /** A new link: the Server there has not been told of this session yet. */
  unannounce(): void {
    this.announcedAt = null;
  }

  /**
   * The flags changed since the Server was last told, as the next update to send it (only
   * those flags), counted in `flagsSeq`; null when nothing changed.
   */
  takeFlagUpdate(): SessionSyncEntry | null {
    const diff = this.serverDiff;
    this.serverDiff = null;
    if (diff === null) return null;
    const current = this.data.protocolFlags;
    const changes: ProtocolFlags = {};
    let changed = false;
    for (const [name, told] of Object.entries(diff)) {
      if (told !== ABSENT && told === current[name]) continue;
      changes[name] = current[name]!;
      changed = true;
    }
    if (!changed) return null;
    this.flagsSeq += 1;
    const sentAt = (this.flagSentAt ??= {});
    for (const name of Object.keys(changes)) setOwn(sentAt, name, this.flagsSeq);
    return { ...this.snapshot(), protocolFlags: changes };
  }

  /**
   * Take the Server's view of the synced fields. Identity fields (sessid, suid, protocol,
   * address, csessid) stay the Portal's; the activity counters, which both sides count, never
   * go back. Protocol flags merge: a flag the Portal changed in an update the Server had not
   * seen when it wrote this (`flagsSeq` below it) keeps the Portal's value, which the Server
   * takes when that update arrives.
   */
  applySync(sync: SessionSyncEntry): void {
    const {
      sessid: _s,
      suid: _u,
      protocolKey: _p,
      address: _a,
      csessid: _c,
      flagsSeq: seen,
      protocolFlags,
      cmdLast,
      cmdLastVisible,
      cmdTotal,
      ...rest
    } = sync;
    Object.assign(this.data, rest);
    this.keepBridgeMark();
    this.data.cmdLast = Math.max(this.data.cmdLast, cmdLast);
    this.data.cmdLastVisible = Math.max(this.data.cmdLastVisible, cmdLastVisible);
    this.data.cmdTotal = Math.max(this.data.cmdTotal, cmdTotal);
    const current = this.data.protocolFlags;
    for (const [name, value] of Object.entries(protocolFlags)) {
      if (this.lastSentAt(name) > seen) continue;
      // An equal value keeps the copy already here (a string from the link would be another).
      if (!Object.hasOwn(current, name) || current[name] !== value) current[name] = value;
      // Both sides now have this value.
      if (this.serverDiff !== null) delete this.serverDiff[name];
    }
    if (this.serverDiff !== null && Object.keys(this.serverDiff).length === 0)
      this.serverDiff = null;
  }

  /** The update (its `flagsSeq`) that last sent flag `name` to the Server; 0 for none. */
  private lastSentAt(name: string): number {
    const sentAt = this.flagSentAt;
    return sentAt !== null && Object.hasOwn(sentAt, name) ? sentAt[name]! : 0;
  }

  /**
   * `serverData.bridge` is the Portal's to set: a bridge's transport has it, nothing else does,
   * and a sync from the Server neither adds nor removes it (so nothing can pass a player's
   * connection off as a bridge).
   */
  private keepBridgeMark(): void {
    const bridge = this.transport.bridge;
    const serverData = { ...this.data.serverData };
    if (bridge === undefined) delete serverData[BRIDGE_MARK];
    else serverData[BRIDGE_MARK] = bridge;
    this.data.serverData = serverData;
  }

  snapshot(): SessionSyncEntry {
    return {
      ...this.data,
      protocolFlags: { ...this.data.protocolFlags },
      serverData: { ...this.data.serverData },
      flagsSeq: this.flagsSeq,
    };
  }
}
