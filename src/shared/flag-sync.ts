/**
 * How the Portal and the Server keep one session's protocol flags the same.
 *
 * Both sides change them: the Portal as the client negotiates (NAWS resizes, TTYPE, GMCP
 * `Core.Hello`), the Server on `session.setFlags` (`client_options`, `option`, the flags an
 * account saved, restored at login). Messages cross on the link, so neither side may send its
 * whole set: a Server sync written before a resize arrived would carry the old width back.
 *
 * - Each side keeps, per session, a mirror of the flags as the other side has them: what it
 *   last told it, and what it was last told. A sync carries only the flags that differ from
 *   that mirror (`flagChanges`); the receiver merges them, never replaces its set. A sync that
 *   crosses a change of *another* flag cannot undo it.
 * - Full copies cross only when the Server learns of sessions: `sessionConnected` and the
 *   `allSessions` reply a (re)linking Server rebuilds from. They reset the mirrors. A Server
 *   that relinks keeps the flags it changed meanwhile and had not told (its own, newer), and
 *   sends them once it has rebuilt; before that it sends nothing for those sessions.
 * - Only a change of the *same* flag on both sides at once can collide. The Portal numbers its
 *   flag updates of each session (`flagsSeq`, counted over the session's life) and every Server
 *   sync says up to which of them the Server had taken. A Server value for a flag that the
 *   Portal changed in an update the Server had not yet seen is ignored by the Portal; the
 *   Server takes the Portal's update when it arrives. So a true collision ends the same on both
 *   sides, with the Portal's value (the client's own report wins), never with each side
 *   holding the other's.
 *
 * Limit: the Server's syncs of one session are taken to reach the Portal in the order it wrote
 * them. The link keeps order, but a sync written by a running command waits with the command's
 * output for its commit (output-hold.ts); a sync of the same session written meanwhile outside
 * that command (another session's command, a timer) can overtake it, and should both carry
 * the same flag the Portal keeps the older value. A session's own commands run one at a time,
 * so its own `option` or `client_options` calls cannot overtake each other.
 */
import type { ProtocolFlags } from './session-data.ts';

/** The flags of `current` whose value `told` does not hold: what the other side must hear. */
export function flagChanges(current: ProtocolFlags, told: ProtocolFlags): ProtocolFlags {
  const changes: ProtocolFlags = {};
  for (const [name, value] of Object.entries(current))
    if (!Object.hasOwn(told, name) || told[name] !== value) changes[name] = value;
  return changes;
}

/** Whether a set of flag changes is empty. */
export function noFlags(flags: ProtocolFlags): boolean {
  for (const _ in flags) return false;
  return true;
}
