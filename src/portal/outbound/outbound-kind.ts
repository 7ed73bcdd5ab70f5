/**
 * What one kind of outbound connection (IRC, RSS; one day Discord or Grapevine) gives the
 * Portal. A kind is data-driven from the Server's side: the Server names it and hands a config
 * over the link (`serverConnect`); the kind validates that config with its own schema and runs
 * the connection. The Portal wraps each running connection in a session of its own
 * (outbound-bridges.ts), so to the Server a bridge is a session like any other, one that
 * happens to be marked `serverData.bridge`.
 *
 * Adding a kind is one file exporting an OutboundKind, listed in registry.ts.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { FuncCall } from '../../shared/session-data.ts';

/** What a running connection may do with its session. */
export interface OutboundContext {
  readonly bridgeId: string;
  readonly log: Logger;
  /** Input for the Server from this bridge's session: `['bot_data_in', [text], {…}]`. */
  deliver(call: FuncCall): void;
}

/** A running outbound connection, as its session's transport uses it. */
export interface OutboundConnection {
  /** Output from the Server to this bridge's session. */
  send(cmds: readonly FuncCall[]): void;
  /** Stop for good (the bridge was deleted, or the Portal is stopping): no more reconnects. */
  close(reason: string): void;
}

export interface OutboundKind<C = unknown> {
  /** The wire name and the session's `protocolKey`: `irc`, `rss`. */
  readonly name: string;
  /** Checks the config that came over the link; what it returns is what `open` gets. */
  readonly configSchema: z.ZodType<C>;
  /** Where it connects, as the session's `address` (and for the log): `irc.example.org:6697`. */
  address(config: C): string;
  open(config: C, context: OutboundContext): OutboundConnection;
}
