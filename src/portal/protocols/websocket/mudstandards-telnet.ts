/**
 * `telnet.mudstandards.org` (https://mudstandards.org/websocket/): binary frames carry a raw
 * telnet stream both ways, as if the WebSocket were the TCP connection. Frame boundaries mean
 * nothing: commands and lines may be split across frames, so the same telnet parser and line
 * reader as the telnet port keep state between frames (read-only reuse of `../../telnet/`).
 *
 * Options: every option the client asks for is refused once (RFC 1143 Q method, no loops). So
 * SGA is off, and prompts end with IAC GA (REFERENCE.md §12). Out-of-band output needs GMCP or
 * MSDP, which are not agreed here, so it is dropped.
 */
import type { FuncCall } from '../../../shared/session-data.ts';
import { CMD } from '../../telnet/constants.ts';
import { LineReader } from '../../telnet/line-reader.ts';
import { OptionNegotiator } from '../../telnet/negotiation.ts';
import { buildCommand, encodeTextForTelnet } from '../../telnet/output.ts';
import { TelnetParser } from '../../telnet/parser.ts';
import { textOf, withLineEnd } from '../output-policy.ts';
import {
  lineTooLong,
  type Frame,
  type Inbound,
  type WireFormat,
  type WireFormatLimits,
} from './wire-format.ts';

export const TELNET_SUBPROTOCOL = 'telnet.mudstandards.org';

const NO_OPTIONS = { local: false, remote: false } as const;

export class MudstandardsTelnetFormat implements WireFormat {
  readonly name = TELNET_SUBPROTOCOL;
  readonly protocolKey = 'websocket/telnet';
  readonly textTarget = 'terminal' as const;
  private readonly parser = new TelnetParser();
  private readonly reader: LineReader;
  private readonly negotiator: OptionNegotiator;
  /** Negotiation replies produced while decoding the current frame. */
  private replies: Buffer[] = [];

  constructor(private readonly limits: WireFormatLimits) {
    // A character may take up to 4 bytes in UTF-8; the exact character cap is applied per line.
    this.reader = new LineReader({ maxLineBytes: limits.maxLineLength * 4 });
    this.negotiator = new OptionNegotiator({
      send: (bytes) => this.replies.push(bytes),
      policy: () => NO_OPTIONS,
    });
  }

  decode(data: Buffer, isBinary: boolean): Inbound[] {
    if (!isBinary) return [{ kind: 'invalid', problem: 'text frame in the telnet format' }];
    const out: Inbound[] = [];
    for (const event of this.parser.push(data)) {
      switch (event.kind) {
        case 'data':
          for (const lineEvent of this.reader.push(event.data)) {
            if (lineEvent.kind === 'overflow') {
              out.push({ kind: 'tooLong' });
              continue;
            }
            const line = lineEvent.line.toString('utf8');
            if (lineTooLong(line, this.limits.maxLineLength)) out.push({ kind: 'tooLong' });
            else out.push({ kind: 'call', call: ['text', [line], {}] });
          }
          break;
        case 'command':
          if (event.command === CMD.NOP) out.push({ kind: 'keepalive' });
          else if (event.command === CMD.AYT)
            out.push({
              kind: 'reply',
              frame: { data: encodeTextForTelnet('[Yes]\r\n'), binary: true },
            });
          break;
        case 'negotiate':
          this.negotiator.receive(event.verb, event.option);
          break;
        case 'error':
          out.push({ kind: 'invalid', problem: `${event.code}: ${event.detail}` });
          break;
        case 'subnegotiation':
        case 'remainder':
          // No option that takes subnegotiation is agreed here; MCCP3 is never enabled.
          break;
        default: {
          const unreachable: never = event;
          out.push({ kind: 'invalid', problem: `unhandled telnet event ${String(unreachable)}` });
        }
      }
    }
    for (const bytes of this.replies.splice(0))
      out.push({ kind: 'reply', frame: { data: bytes, binary: true } });
    return out;
  }

  encode([name, args]: FuncCall): Frame[] {
    if (name === 'text')
      return [{ data: encodeTextForTelnet(withLineEnd(textOf(args))), binary: true }];
    if (name === 'prompt') {
      const bytes = Buffer.concat([encodeTextForTelnet(textOf(args)), buildCommand(CMD.GA)]);
      return [{ data: bytes, binary: true }];
    }
    return [];
  }
}
