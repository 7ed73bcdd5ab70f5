/**
 * `terminal.mudstandards.org` (https://mudstandards.org/websocket/): the game's ANSI text in
 * binary frames, nothing else — a dumb terminal. Out-of-band output has no place here and is
 * dropped. A client that sends its lines as text frames is read the same way, since the meaning
 * is unambiguous. Prompts are text without a line end.
 */
import type { FuncCall } from '../../../shared/session-data.ts';
import {
  ANSI_TERMINAL_FLAGS,
  ansiTextFrames,
  linesOfFrame,
  type Frame,
  type Inbound,
  type WireFormat,
  type WireFormatLimits,
} from './wire-format.ts';

export const TERMINAL_SUBPROTOCOL = 'terminal.mudstandards.org';

export class MudstandardsTerminalFormat implements WireFormat {
  readonly name = TERMINAL_SUBPROTOCOL;
  readonly protocolKey = 'websocket/terminal';
  readonly textTarget = 'terminal' as const;
  readonly clientFlags = ANSI_TERMINAL_FLAGS;

  constructor(private readonly limits: WireFormatLimits) {}

  decode(data: Buffer): Inbound[] {
    return linesOfFrame(data.toString('utf8'), this.limits.maxLineLength);
  }

  /** Text and prompts only: out-of-band calls have nowhere to go in a dumb terminal. */
  encode(call: FuncCall): Frame[] {
    return ansiTextFrames(call) ?? [];
  }
}
