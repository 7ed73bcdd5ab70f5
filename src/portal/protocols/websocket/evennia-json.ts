/**
 * Evennia's WebSocket format (REFERENCE.md §13), used when the client asks for no subprotocol
 * or only ones we do not know: text frames of JSON `["cmdname", [args], {kwargs}]` both ways.
 * Input `["text", ["look"], {}]`; output text and prompts are HTML-escaped with `<br>` line
 * breaks, which is what Evennia-style webclients render; other calls go out as they are
 * (`["logged_in", [], {}]`). `["websocket_close", [], {}]` from the client ends the session.
 */
import type { FuncCall } from '../../../shared/session-data.ts';
import { textOf } from '../output-policy.ts';
import {
  lineTooLong,
  type Frame,
  type Inbound,
  type WireFormat,
  type WireFormatLimits,
} from './wire-format.ts';

/** Decodes one client frame into an inputfunc call, or explains why it is not one. */
export function decodeClientFrame(raw: string): FuncCall | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'not JSON';
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string' || value[0] === '')
    return 'not ["name", [args], {kwargs}]';
  const args: unknown = value[1] ?? [];
  const kwargs: unknown = value[2] ?? {};
  if (!Array.isArray(args)) return 'args must be a list';
  if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs))
    return 'kwargs must be an object';
  return [value[0], args, kwargs as Record<string, unknown>];
}

export class EvenniaJsonFormat implements WireFormat {
  readonly name = 'evennia';
  readonly protocolKey = 'websocket';
  /** The text arrives rendered to HTML already (escaped, `<br>` line breaks). */
  readonly textTarget = 'html' as const;

  constructor(private readonly limits: WireFormatLimits) {}

  decode(data: Buffer, isBinary: boolean): Inbound[] {
    if (isBinary) return [{ kind: 'invalid', problem: 'binary frame in the JSON format' }];
    const call = decodeClientFrame(data.toString('utf8'));
    if (typeof call === 'string') return [{ kind: 'invalid', problem: call }];
    if (call[0] === 'websocket_close') return [{ kind: 'quit' }];
    if (call[0] === 'text' && lineTooLong(textOf(call[1]), this.limits.maxLineLength))
      return [{ kind: 'tooLong' }];
    return [{ kind: 'call', call }];
  }

  encode(call: FuncCall): Frame[] {
    return [{ data: JSON.stringify(call), binary: false }];
  }
}
