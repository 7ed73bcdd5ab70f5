/**
 * Test support for the telnet option tests: a TelnetProtocol with no socket, fed hex bytes whole
 * and one byte per write, recording what it writes and reports. `runBytes` asserts both ways
 * give the same result (REFERENCE §12: split packets never change the outcome).
 */
import { pino } from 'pino';
import { expect } from 'vitest';
import type { FuncCall, ProtocolFlags } from '../../shared/session-data.ts';
import { TelnetProtocol, type TelnetProtocolOptions } from './protocol.ts';

export interface Recorded {
  /** Hex of everything written to the client (after `start()` when `start` was asked). */
  out: string;
  /** Every flag update, merged. */
  flags: ProtocolFlags;
  /** Number of flag updates. */
  flagUpdates: number;
  calls: FuncCall[];
  data: string;
  commands: number[];
  keepalives: number;
  refused: string[];
  /** Codes of malformed input reported, in order. */
  malformed: string[];
  settled: number;
}

export interface Harness {
  protocol: TelnetProtocol;
  rec: Recorded;
  /** Feeds hex (spaces allowed) or raw bytes. */
  feed(input: string | Buffer): void;
  /** Returns what was written since the last call, as hex, and forgets it. */
  takeOut(): string;
  /** Raw bytes written, for compressed streams. */
  raw: Buffer[];
}

export const silentLog = pino({ level: 'silent' });

export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

/** Hex for text, for building expected sequences: `ascii('UTF-8')`. */
export function ascii(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

export function harness(
  options: Partial<TelnetProtocolOptions> & { start?: boolean } = {},
): Harness {
  const rec: Recorded = {
    out: '',
    flags: {},
    flagUpdates: 0,
    calls: [],
    data: '',
    commands: [],
    keepalives: 0,
    refused: [],
    malformed: [],
    settled: 0,
  };
  const raw: Buffer[] = [];
  const protocol = new TelnetProtocol(
    {
      write: (bytes) => {
        raw.push(Buffer.from(bytes));
        rec.out += bytes.toString('hex');
      },
      data: (bytes) => (rec.data += bytes.toString('hex')),
      command: (command) => rec.commands.push(command),
      flags: (flags) => {
        rec.flagUpdates += 1;
        Object.assign(rec.flags, flags);
      },
      input: (call) => rec.calls.push(call),
      keepalive: () => (rec.keepalives += 1),
      refuse: (code) => rec.refused.push(code),
      malformed: (code) => rec.malformed.push(code),
      settled: () => (rec.settled += 1),
    },
    {
      mssp: options.mssp ?? {
        serverName: 'Testgame',
        players: () => 3,
        startedAt: 1_700_000_000_000,
        fields: {},
      },
      ...options,
    },
    silentLog,
  );
  if (options.start === true) {
    protocol.start();
    rec.out = '';
    raw.length = 0;
  }
  return {
    protocol,
    rec,
    raw,
    feed: (input) => protocol.receive(typeof input === 'string' ? hex(input) : input),
    takeOut: () => {
      const out = rec.out;
      rec.out = '';
      return out;
    },
  };
}

/**
 * Feeds `input` to a fresh harness whole and to another one byte per write; asserts both record
 * the same and returns the whole-fed one.
 */
export function runBytes(
  input: string,
  options: Partial<TelnetProtocolOptions> & { start?: boolean } = {},
): Harness {
  const bytes = hex(input);
  const whole = harness(options);
  whole.feed(bytes);
  const single = harness(options);
  for (let i = 0; i < bytes.length; i += 1) single.feed(bytes.subarray(i, i + 1));
  // Byte-wise feeding may split one data run into several events, never anything else.
  expect({ ...single.rec, flagUpdates: 0 }).toEqual({ ...whole.rec, flagUpdates: 0 });
  return whole;
}

/** `IAC SB <option> <payload hex> IAC SE` as hex. */
export function sb(option: number, payloadHex: string): string {
  return `ff fa ${option.toString(16).padStart(2, '0')} ${payloadHex} ff f0`;
}

/** `IAC <verb> <option>` as hex. */
export function neg(verb: 'WILL' | 'WONT' | 'DO' | 'DONT', option: number): string {
  const v = { WILL: 'fb', WONT: 'fc', DO: 'fd', DONT: 'fe' }[verb];
  return `ff ${v} ${option.toString(16).padStart(2, '0')}`;
}

/** Removes spaces from an expected hex string. */
export function h(text: string): string {
  return text.replace(/\s+/g, '');
}
