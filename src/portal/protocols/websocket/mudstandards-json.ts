/**
 * `json.mudstandards.org` (https://mudstandards.org/websocket/): binary frames carry the game's
 * ANSI text both ways (UTF-8); text frames carry out-of-band data as a JSON envelope
 * `{"proto": "gmcp", "id": "Package.Name", "data": "<json text>"}`. Only `gmcp` is understood;
 * `data` may also arrive as a JSON value instead of its text, which is accepted.
 * Prompts are text without a line end.
 */
import type { FuncCall } from '../../../shared/session-data.ts';
import { callToGmcp, gmcpToCall, parseGmcpPayload } from '../../oob/gmcp-message.ts';
import {
  ANSI_TERMINAL_FLAGS,
  ansiTextFrames,
  linesOfFrame,
  type Frame,
  type Inbound,
  type WireFormat,
  type WireFormatLimits,
} from './wire-format.ts';

export const JSON_SUBPROTOCOL = 'json.mudstandards.org';

export class MudstandardsJsonFormat implements WireFormat {
  readonly name = JSON_SUBPROTOCOL;
  readonly protocolKey = 'websocket/json';
  readonly textTarget = 'terminal' as const;
  readonly clientFlags = ANSI_TERMINAL_FLAGS;

  constructor(private readonly limits: WireFormatLimits) {}

  decode(data: Buffer, isBinary: boolean): Inbound[] {
    if (isBinary) return linesOfFrame(data.toString('utf8'), this.limits.maxLineLength);
    let envelope: unknown;
    try {
      envelope = JSON.parse(data.toString('utf8'));
    } catch {
      return [{ kind: 'invalid', problem: 'text frame is not JSON' }];
    }
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope))
      return [{ kind: 'invalid', problem: 'envelope is not an object' }];
    const { proto, id, data: body } = envelope as Record<string, unknown>;
    if (typeof proto !== 'string' || proto.toLowerCase() !== 'gmcp')
      return [{ kind: 'invalid', problem: 'only proto "gmcp" is understood' }];
    if (typeof id !== 'string') return [{ kind: 'invalid', problem: 'id must be a string' }];
    const text = body === undefined || body === null ? '' : typeof body === 'string' ? body : null;
    const message = text === null ? { package: id, data: body } : parseGmcpPayload(id, text);
    if (typeof message === 'string') return [{ kind: 'invalid', problem: message }];
    return [{ kind: 'call', call: gmcpToCall(message) }];
  }

  encode(call: FuncCall): Frame[] {
    const text = ansiTextFrames(call);
    if (text) return text;
    const message = callToGmcp(call);
    const envelope = {
      proto: 'gmcp',
      id: message.package,
      data: message.data === undefined ? '' : JSON.stringify(message.data),
    };
    return [{ data: JSON.stringify(envelope), binary: false }];
  }
}
