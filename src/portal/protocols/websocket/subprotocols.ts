/**
 * RFC 6455 subprotocol negotiation (§1.9, §4.2.2): the client lists the subprotocols it speaks
 * in `Sec-WebSocket-Protocol`; the server picks one and echoes it. Here the server's preference
 * wins, whatever order the client listed them in. A client that offers none, or only ones we do
 * not know, gets no subprotocol header and Evennia's JSON format (REFERENCE.md §13).
 */
import { EvenniaJsonFormat } from './evennia-json.ts';
import { GMCP_SUBPROTOCOL, MudstandardsGmcpFormat } from './mudstandards-gmcp.ts';
import { JSON_SUBPROTOCOL, MudstandardsJsonFormat } from './mudstandards-json.ts';
import { MudstandardsTelnetFormat, TELNET_SUBPROTOCOL } from './mudstandards-telnet.ts';
import { MudstandardsTerminalFormat, TERMINAL_SUBPROTOCOL } from './mudstandards-terminal.ts';
import type { WireFormat, WireFormatLimits } from './wire-format.ts';

/**
 * Most structured first: JSON envelopes and GMCP keep text and OOB apart for the client; the
 * terminal format has no OOB; raw telnet last, since it pushes telnet parsing onto the client.
 */
export const SUBPROTOCOL_PREFERENCE = [
  JSON_SUBPROTOCOL,
  GMCP_SUBPROTOCOL,
  TERMINAL_SUBPROTOCOL,
  TELNET_SUBPROTOCOL,
] as const;

export type Subprotocol = (typeof SUBPROTOCOL_PREFERENCE)[number];

/** The subprotocol to answer with, or `false` for none (Evennia's format). */
export function chooseSubprotocol(offered: ReadonlySet<string>): Subprotocol | false {
  // Subprotocol names are tokens compared case-sensitively (RFC 6455 §11.3.4), as browsers do.
  return SUBPROTOCOL_PREFERENCE.find((name) => offered.has(name)) ?? false;
}

/** A fresh format for one connection; `''` (no subprotocol) is Evennia's JSON. */
export function createWireFormat(subprotocol: string, limits: WireFormatLimits): WireFormat {
  switch (subprotocol) {
    case JSON_SUBPROTOCOL:
      return new MudstandardsJsonFormat(limits);
    case GMCP_SUBPROTOCOL:
      return new MudstandardsGmcpFormat(limits);
    case TERMINAL_SUBPROTOCOL:
      return new MudstandardsTerminalFormat(limits);
    case TELNET_SUBPROTOCOL:
      return new MudstandardsTelnetFormat(limits);
    default:
      return new EvenniaJsonFormat(limits);
  }
}
