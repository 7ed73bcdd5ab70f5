/**
 * The nick to try next when the server says ours is taken (433 ERR_NICKNAMEINUSE, or 436/437):
 * `wsbot`, `wsbot_`, `wsbot__`… A nick already at the length limit has its tail replaced
 * instead. Bounded: after `maxAttempts` the connection gives up and reconnects later, when the
 * nick may be free again (a ghost of our own lost connection times out on the server).
 */
export const MAX_NICK_LENGTH = 30;

/** The nick for attempt `n` (0 is the configured one), or null past `maxAttempts`. */
export function nickCandidate(
  base: string,
  n: number,
  maxAttempts: number,
  maxLength = MAX_NICK_LENGTH,
): string | null {
  if (n < 0 || n >= maxAttempts) return null;
  if (n === 0) return base.slice(0, maxLength);
  const tail = '_'.repeat(n);
  const keep = Math.max(1, Math.min(base.length, maxLength - tail.length));
  return base.slice(0, keep) + tail;
}
