/**
 * One WebSocket wire format (REFERENCE.md §13) behind a small interface, one file per format:
 * Evennia's JSON (`evennia-json.ts`) and the four mudstandards.org subprotocols. A format turns
 * the frames of one connection into inputfunc calls and output calls into frames; it knows
 * nothing of sockets, sessions or resume (that is `websocket-connection.ts`).
 *
 * A format object belongs to one connection, because some keep state between frames (the telnet
 * format's parser and option negotiation).
 */
import type { FuncCall, ProtocolFlags } from '../../../shared/session-data.ts';
import { textOf, withLineEnd } from '../output-policy.ts';

/** A frame to send: text (UTF-8 string) or binary. */
export interface Frame {
  readonly data: string | Buffer;
  readonly binary: boolean;
}

/** What one incoming frame meant. */
export type Inbound =
  /** An inputfunc call for the session handler (text lines are `["text", [line], {}]`). */
  | { readonly kind: 'call'; readonly call: FuncCall }
  /** Protocol-level sign of life (telnet NOP): activity, not a command. */
  | { readonly kind: 'keepalive' }
  /** A protocol reply to send back at once (telnet negotiation). */
  | { readonly kind: 'reply'; readonly frame: Frame }
  /** A line longer than maxLineLength; it was dropped and the player should be told. */
  | { readonly kind: 'tooLong' }
  /** The client asked to end the session on purpose (Evennia's `websocket_close`). */
  | { readonly kind: 'quit' }
  /** A frame that means nothing in this format; logged and otherwise ignored. */
  | { readonly kind: 'invalid'; readonly problem: string };

export interface WireFormat {
  /** The subprotocol name, or `evennia` for Evennia's JSON (no subprotocol). */
  readonly name: string;
  /** Session protocolKey: `websocket` for Evennia's format, `websocket/<short name>` otherwise. */
  readonly protocolKey: string;
  /** How game text is rendered before `encode`: HTML for Evennia's JSON, ANSI otherwise. */
  readonly textTarget: 'html' | 'terminal';
  /**
   * What any client of this format can show, set on the session when it attaches (a format
   * that carries ANSI text is spoken by terminals that render ANSI colour).
   */
  readonly clientFlags?: Readonly<ProtocolFlags>;
  decode(data: Buffer, isBinary: boolean): Inbound[];
  encode(call: FuncCall): Frame[];
}

/** Terminals behind the mudstandards ANSI formats: colour and UTF-8. */
export const ANSI_TERMINAL_FLAGS: Readonly<ProtocolFlags> = Object.freeze({
  ANSI: true,
  XTERM256: true,
  'UTF-8': true,
});

export interface WireFormatLimits {
  /** Longest input line, in characters (REFERENCE.md §11). */
  readonly maxLineLength: number;
}

/** Whether `line` has more than `max` characters (code points, not UTF-16 units). */
export function lineTooLong(line: string, max: number): boolean {
  // UTF-16 length bounds the code-point count from above, so most lines skip the exact count.
  return line.length > max && [...line].length > max;
}

/**
 * Input lines from one text payload (binary frames of the mudstandards formats). A frame holds
 * one line or several; its final line end is optional, since a client sends one line per frame.
 */
export function linesOfFrame(text: string, maxLineLength: number): Inbound[] {
  const body = text.replace(/(\r\n|\n\r|\r|\n)$/, '');
  const out: Inbound[] = [];
  for (const line of body.split(/\r\n|\n\r|\r|\n/)) {
    const clean = line.replace(/\0/g, '');
    if (lineTooLong(clean, maxLineLength)) out.push({ kind: 'tooLong' });
    else out.push({ kind: 'call', call: ['text', [clean], {}] });
  }
  return out;
}

/** Game text for an ANSI terminal: every line end becomes CR LF. */
export function ansiBytes(text: string): Buffer {
  return Buffer.from(text.replace(/\r\n|\n|\r/g, '\r\n'), 'utf8');
}

/**
 * `text` and `prompt` as one binary frame of ANSI text (the mudstandards formats): text gains a
 * line end, a prompt does not. Null for any other call.
 */
export function ansiTextFrames([name, args]: FuncCall): Frame[] | null {
  if (name === 'text') return [{ data: ansiBytes(withLineEnd(textOf(args))), binary: true }];
  if (name === 'prompt') return [{ data: ansiBytes(textOf(args)), binary: true }];
  return null;
}
