/**
 * `gmcp.mudstandards.org` (https://mudstandards.org/websocket/): binary frames carry the game's
 * ANSI text both ways (UTF-8); text frames carry one GMCP message each, `Package.Name <json>`,
 * exactly as inside a telnet GMCP subnegotiation. Prompts are text without a line end.
 */
import type { FuncCall } from '../../../shared/session-data.ts';
import { callToGmcp, formatGmcpText, gmcpToCall, parseGmcpText } from '../../oob/gmcp-message.ts';
import {
  ANSI_TERMINAL_FLAGS,
  ansiTextFrames,
  linesOfFrame,
  type Frame,
  type Inbound,
  type WireFormat,
  type WireFormatLimits,
} from './wire-format.ts';

export const GMCP_SUBPROTOCOL = 'gmcp.mudstandards.org';

export class MudstandardsGmcpFormat implements WireFormat {
  readonly name = GMCP_SUBPROTOCOL;
  readonly protocolKey = 'websocket/gmcp';
  readonly textTarget = 'terminal' as const;
  readonly clientFlags = ANSI_TERMINAL_FLAGS;

  constructor(private readonly limits: WireFormatLimits) {}

  decode(data: Buffer, isBinary: boolean): Inbound[] {
    if (isBinary) return linesOfFrame(data.toString('utf8'), this.limits.maxLineLength);
    const message = parseGmcpText(data.toString('utf8'));
    if (typeof message === 'string') return [{ kind: 'invalid', problem: message }];
    return [{ kind: 'call', call: gmcpToCall(message) }];
  }

  encode(call: FuncCall): Frame[] {
    const text = ansiTextFrames(call);
    if (text) return text;
    return [{ data: formatGmcpText(callToGmcp(call)), binary: false }];
  }
}
