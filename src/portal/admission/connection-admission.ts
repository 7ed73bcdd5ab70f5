/**
 * Connection admission: whether a freshly accepted TCP connection may stay, decided before any
 * protocol (telnet, TLS, SSH, HTTP/WebSocket) spends anything on it. One ConnectionAdmission
 * serves every player port of the Portal, so the counts are across protocols.
 *
 *   accept → admit(address)
 *     ├─ maxConnections open already           → refused CONNECTIONS_FULL
 *     ├─ address holds maxConnectionsPerAddress → refused ADDRESS_CONNECTION_LIMIT
 *     ├─ address used its new-connection burst  → refused ADDRESS_CONNECTION_RATE
 *     └─ admitted: a ticket, released when the socket closes
 *
 * The global cap keeps the Portal below its open-file limit (open-file-limit.ts), so it can
 * always still open its log, its link to the Server and the launcher's admin connection. The
 * per-address limits keep one address from taking the whole cap; they count per address group
 * (address-key.ts: IPv6 by /64) and never apply to `exempt` addresses (loopback by default: a
 * reverse proxy in front of the web port, the game's own tools). The new-connection rate is a
 * token bucket: a burst of `newPerAddress`, refilled at `newPerAddress` per `newWindowMs`.
 *
 * A refused connection is told why where its protocol allows (refuse-socket.ts); refusals are
 * logged through a RateLimitedLog, so a flood of them is a few lines a minute.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../../config/load.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { RateLimitedLog } from '../../shared/rate-limited-log.ts';
import { addressGroup, normalizeAddress } from './address-key.ts';
import { connectionCap, readOpenFileLimit } from './open-file-limit.ts';
import { refusalBytes, SocketRefuser, type RefusalStyle } from './refuse-socket.ts';

export interface AdmissionLimits {
  /** Connections open at once, over every port; above 0. */
  readonly maxConnections: number;
  /** Connections open at once from one address group; 0: no cap. */
  readonly maxPerAddress: number;
  /** New connections one address group may open in a burst, and per window; 0: no cap. */
  readonly newPerAddress: number;
  readonly newWindowMs: number;
  /** Addresses the per-address limits do not apply to (compared after normalizeAddress). */
  readonly exempt: readonly string[];
  /** For the log line when the cap is reached: the open-file limit it was derived from. */
  readonly openFileLimit?: number | null;
}

export type RefusalCode = Extract<
  ErrorCode,
  'CONNECTIONS_FULL' | 'ADDRESS_CONNECTION_LIMIT' | 'ADDRESS_CONNECTION_RATE'
>;

export interface Refusal {
  readonly code: RefusalCode;
  /** One line for the player, where the protocol can carry it. */
  readonly message: string;
}

export interface Admitted {
  readonly ok: true;
  release(): void;
}
export type AdmitResult = Admitted | { readonly ok: false; readonly refusal: Refusal };

export const REFUSAL_MESSAGES: Readonly<Record<RefusalCode, string>> = {
  CONNECTIONS_FULL: 'The game cannot take more connections right now. Please try again later.',
  ADDRESS_CONNECTION_LIMIT:
    'Too many connections from your address at once. Close one and try again.',
  ADDRESS_CONNECTION_RATE:
    'Too many new connections from your address. Wait a few seconds and try again.',
};

interface AddressCount {
  open: number;
  /** New-connection tokens left, refilled continuously. */
  tokens: number;
  stamp: number;
}

export class ConnectionAdmission {
  private readonly byAddress = new Map<string, AddressCount>();
  private readonly exempt: ReadonlySet<string>;
  private readonly quiet: RateLimitedLog;
  private readonly refuser = new SocketRefuser();
  private openCount = 0;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limits: AdmissionLimits,
    log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.exempt = new Set(limits.exempt.map((a) => normalizeAddress(a)));
    this.quiet = new RateLimitedLog(log);
  }

  /** Connections admitted and not yet released. */
  get open(): number {
    return this.openCount;
  }

  /** Address groups with open connections or recent ones still counted. */
  get trackedAddresses(): number {
    return this.byAddress.size;
  }

  /** Decides about one accepted connection; `port` names the listener, for the log. */
  admit(address: string | undefined, port: string): AdmitResult {
    if (this.openCount >= this.limits.maxConnections) {
      const limit = this.limits.openFileLimit;
      return this.refuse(
        'CONNECTIONS_FULL',
        address,
        port,
        `connection limit reached: ${this.openCount} connections open (maxConnections ${this.limits.maxConnections}` +
          `${limit ? `, open-file limit ${limit}` : ''}); new connections are refused until some close`,
      );
    }
    if (this.exempt.has(normalizeAddress(address))) return this.ticket(null);
    const key = addressGroup(address);
    const now = this.now();
    const count = this.byAddress.get(key) ?? { open: 0, tokens: this.burst, stamp: now };
    const { maxPerAddress, newPerAddress, newWindowMs } = this.limits;
    if (maxPerAddress > 0 && count.open >= maxPerAddress) {
      return this.refuse(
        'ADDRESS_CONNECTION_LIMIT',
        address,
        port,
        `refused a connection: ${count.open} already open from this address (maxConnectionsPerAddress ${maxPerAddress})`,
      );
    }
    if (newPerAddress > 0) {
      count.tokens = Math.min(
        newPerAddress,
        count.tokens + ((now - count.stamp) * newPerAddress) / newWindowMs,
      );
      count.stamp = now;
      if (count.tokens < 1) {
        this.byAddress.set(key, count);
        this.scheduleSweep();
        return this.refuse(
          'ADDRESS_CONNECTION_RATE',
          address,
          port,
          `refused a connection: more than ${newPerAddress} new connections from this address within ${Math.round(newWindowMs / 1000)} s`,
        );
      }
      count.tokens -= 1;
    }
    count.open += 1;
    this.byAddress.set(key, count);
    this.scheduleSweep();
    return this.ticket(count);
  }

  /** Tells a refused connection why, as its protocol allows, and closes it. */
  turnAway(socket: Socket, refusal: Refusal, style: RefusalStyle): void {
    this.refuser.refuse(socket, refusalBytes(style, refusal));
  }

  /** Stops the sweep timer (the Portal is shutting down). */
  close(): void {
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    this.quiet.flush();
  }

  private get burst(): number {
    return this.limits.newPerAddress > 0 ? this.limits.newPerAddress : 0;
  }

  private ticket(count: AddressCount | null): Admitted {
    this.openCount += 1;
    return new Ticket(this, count);
  }

  /** Counts a ticket given back; only `Ticket.release` calls this, once per ticket. */
  ticketReleased(count: AddressCount | null): void {
    this.openCount -= 1;
    if (count !== null) count.open -= 1;
  }

  private refuse(
    code: RefusalCode,
    address: string | undefined,
    port: string,
    detail: string,
  ): AdmitResult {
    const fields = { address: address ?? 'unknown', port };
    if (code === 'CONNECTIONS_FULL') this.quiet.warn(code, fields, detail);
    else this.quiet.info(code, fields, detail);
    return { ok: false, refusal: { code, message: REFUSAL_MESSAGES[code] } };
  }

  /**
   * Forgets address groups with nothing open whose bucket has refilled: they would be made
   * afresh the same. Runs while anything is tracked, so the table holds at most the open
   * connections' groups plus those seen within about one window.
   */
  private sweep(): void {
    const now = this.now();
    for (const [key, count] of this.byAddress) {
      if (count.open === 0 && now - count.stamp >= this.limits.newWindowMs)
        this.byAddress.delete(key);
    }
    if (this.byAddress.size === 0 && this.sweepTimer !== null) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = null;
    }
  }

  private scheduleSweep(): void {
    if (this.sweepTimer !== null) return;
    this.sweepTimer = setInterval(() => this.sweep(), Math.max(1000, this.limits.newWindowMs));
    this.sweepTimer.unref();
  }
}

/**
 * An admitted connection's ticket: a small object with a shared method, not a closure per
 * connection (every open connection holds one). Given back any number of times, it counts once.
 */
class Ticket implements Admitted {
  private admission: ConnectionAdmission | null;

  constructor(
    admission: ConnectionAdmission,
    private readonly count: AddressCount | null,
  ) {
    this.admission = admission;
  }

  get ok(): true {
    return true;
  }

  release(): void {
    const admission = this.admission;
    if (admission === null) return;
    this.admission = null;
    admission.ticketReleased(this.count);
  }
}

/** The Portal's admission, from the settings and the process's open-file limit. */
export function admissionFromConfig(config: Config, log: Logger): ConnectionAdmission {
  const openFileLimit = readOpenFileLimit();
  const cap = connectionCap(config.maxConnections, openFileLimit);
  if (cap.warning !== null) log.warn({ code: 'DESCRIPTORS_EXHAUSTED' }, cap.warning);
  log.debug(
    { maxConnections: cap.maxConnections, openFileLimit },
    `accepting at most ${cap.maxConnections} connections`,
  );
  return new ConnectionAdmission(
    {
      maxConnections: cap.maxConnections,
      maxPerAddress: config.maxConnectionsPerAddress,
      newPerAddress: config.newConnectionsPerAddress,
      newWindowMs: config.newConnectionsWindowSeconds * 1000,
      exempt: config.connectionLimitsExempt,
      openFileLimit,
    },
    log,
  );
}
