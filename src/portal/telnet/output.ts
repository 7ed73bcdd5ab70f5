/**
 * Bytes we write to a telnet client: text, commands, negotiations and subnegotiations.
 *
 * Two wire rules apply to everything that leaves here (RFC 854, REFERENCE §12):
 * - a data byte 0xFF is sent doubled (IAC IAC), in text and in SB payloads alike, or the client
 *   would read it as the start of a command;
 * - a line ends with CR LF, and a CR that does not end a line is sent as CR NUL.
 */
import { CMD, verbByte, type NegotiationVerb } from './constants.ts';

/** Returns `bytes` with every 0xFF doubled; returns `bytes` itself when it holds none. */
export function escapeIac(bytes: Buffer): Buffer {
  let first = bytes.indexOf(CMD.IAC);
  if (first === -1) return bytes;
  let count = 0;
  for (let at = first; at !== -1; at = bytes.indexOf(CMD.IAC, at + 1)) count += 1;
  const out = Buffer.allocUnsafe(bytes.length + count);
  let written = 0;
  let from = 0;
  while (first !== -1) {
    // Copy up to and including the IAC, then write its double.
    written += bytes.copy(out, written, from, first + 1);
    out[written] = CMD.IAC;
    written += 1;
    from = first + 1;
    first = bytes.indexOf(CMD.IAC, from);
  }
  bytes.copy(out, written, from);
  return out;
}

/**
 * Encodes text for the wire: line ends become CR LF (a CR LF already there is kept, a lone LF
 * gains its CR), a lone CR becomes CR NUL as RFC 854 asks, and 0xFF bytes are doubled. With
 * UTF-8, 0xFF never occurs; with `latin1`, "ÿ" does.
 */
export function encodeTextForTelnet(text: string, encoding: BufferEncoding = 'utf8'): Buffer {
  // Game text almost never holds a CR: then every LF simply gains one, natively, without the
  // regex and its callback per line.
  const normalised =
    text.indexOf('\r') === -1
      ? text.replaceAll('\n', '\r\n')
      : text.replace(/\r\n|\r|\n/g, (lineEnd) => (lineEnd === '\r' ? '\r\0' : '\r\n'));
  const bytes = Buffer.from(normalised, encoding);
  // 0xFF is never a byte of UTF-8, so only the single-byte encodings need the scan.
  return encoding === 'utf8' || encoding === 'utf-8' ? bytes : escapeIac(bytes);
}

function checkByte(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw new RangeError(`${what} must be an integer 0-255, got ${value}`);
  }
}

/** `IAC <verb> <option>`. */
export function buildNegotiation(verb: NegotiationVerb, option: number): Buffer {
  checkByte('option', option);
  return Buffer.from([CMD.IAC, verbByte(verb), option]);
}

/** `IAC SB <option> <payload> IAC SE`, with 0xFF doubled in the option byte and payload. */
export function buildSubnegotiation(option: number, payload: Buffer): Buffer {
  checkByte('option', option);
  const head = option === CMD.IAC ? [CMD.IAC, CMD.SB, CMD.IAC, CMD.IAC] : [CMD.IAC, CMD.SB, option];
  return Buffer.concat([Buffer.from(head), escapeIac(payload), Buffer.from([CMD.IAC, CMD.SE])]);
}

/** `IAC <command>`, e.g. `buildCommand(CMD.GA)` after a prompt or `CMD.NOP` as a keepalive. */
export function buildCommand(command: number): Buffer {
  checkByte('command', command);
  return Buffer.from([CMD.IAC, command]);
}
