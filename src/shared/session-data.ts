/**
 * The fields a PortalSession and its ServerSession share (REFERENCE.md §1, DESIGN.md §2).
 *
 * The Portal holds the authoritative copy between Server runs: when a Server reloads or
 * crashes, the next one rebuilds its sessions from these records, so everything a player's
 * session must keep across a reload lives here and nowhere else. How the two copies of the
 * protocol flags are kept the same is in flag-sync.ts.
 */
import { randomBytes } from 'node:crypto';

/** A JSON-safe scalar that a protocol flag can hold. */
export type FlagValue = string | number | boolean | null;

/** Negotiated and player-chosen client properties. A partial update merges, never replaces. */
export type ProtocolFlags = Record<string, FlagValue>;

/** Protocol flags every session starts with, whatever the protocol. */
export const DEFAULT_PROTOCOL_FLAGS: Readonly<ProtocolFlags> = Object.freeze({
  ENCODING: 'utf-8',
  SCREENREADER: false,
  INPUTDEBUG: false,
  RAW: false,
  NOCOLOR: false,
  LOCALECHO: false,
  SCREENWIDTH: 78,
  SCREENHEIGHT: 45,
});

export interface SessionSync {
  /** Integer from 1, unique for one Portal run. */
  sessid: number;
  /**
   * 32 hex digits (128 random bits) made by the Portal at connection: unlike `sessid`, never
   * reused, not even by a restarted Portal. Kept across Server reloads. (Evennia's `suid`.)
   */
  suid: string;
  /** `telnet`, `telnet/ssl`, `ssh`, `websocket`… */
  protocolKey: string;
  /** Client IP address. */
  address: string;
  loggedIn: boolean;
  /** Account id once logged in. */
  uid: number | null;
  /** Account name once logged in. */
  uname: string | null;
  /** Id of the puppeted object, or null when out of character. */
  puid: number | null;
  /** Epoch milliseconds: connection time, reset at login. */
  connTime: number;
  /** Epoch milliseconds of the last input of any kind, keepalives included. */
  cmdLast: number;
  /** Epoch milliseconds of the last real input (what `who` shows as idle). */
  cmdLastVisible: number;
  /** Number of real inputs. */
  cmdTotal: number;
  protocolFlags: ProtocolFlags;
  /** Small JSON state the Server asks the Portal to keep for it across reloads. */
  serverData: Record<string, unknown>;
  /** Client-side session id (webclient resume), when the protocol has one. */
  csessid: string | null;
}

/**
 * One session's entry in a sync message on the link: its synced fields and `flagsSeq`, where
 * its protocol flags stand in the Portal's numbering (flag-sync.ts). In the update messages
 * (`sessionSynced`, `syncSessions`) `protocolFlags` holds only the flags that changed.
 */
export interface SessionSyncEntry extends SessionSync {
  flagsSeq: number;
}

/**
 * The `serverData` key that marks a bridge's session (an outbound IRC or feed connection the
 * Portal runs for the Server): its value is the bridge's id. Only the Portal sets it, and only
 * on the sessions of its outbound connections; it keeps it whatever a sync says.
 */
export const BRIDGE_MARK = 'bridge';

/** The form of a `suid`: 32 lower-case hex digits. */
export const SUID_PATTERN = /^[0-9a-f]{32}$/;

/** A fresh `suid`: 128 random bits, so no two sessions ever share one. */
export function newSuid(): string {
  return randomBytes(16).toString('hex');
}

/** An inputfunc/outputfunc call: `["text", ["look"], {}]`. */
export type FuncCall = [name: string, args: unknown[], kwargs: Record<string, unknown>];

/** The synced fields of a brand-new connection. */
export function newSessionData(
  sessid: number,
  protocolKey: string,
  address: string,
  now: number,
  suid: string = newSuid(),
): SessionSync {
  return {
    sessid,
    suid,
    protocolKey,
    address,
    loggedIn: false,
    uid: null,
    uname: null,
    puid: null,
    connTime: now,
    cmdLast: now,
    cmdLastVisible: now,
    cmdTotal: 0,
    protocolFlags: { ...DEFAULT_PROTOCOL_FLAGS },
    serverData: {},
    csessid: null,
  };
}

/** The synced fields of a brand-new connection, as a sync entry (no flag update yet: 0). */
export function newSessionSync(
  sessid: number,
  protocolKey: string,
  address: string,
  now: number,
  suid: string = newSuid(),
): SessionSyncEntry {
  return { ...newSessionData(sessid, protocolKey, address, now, suid), flagsSeq: 0 };
}
