/**
 * Telnet NOP keepalives for every connection of a listener, from one interval timer.
 *
 * A quiet player's connection must still carry a byte now and then, or NAT tables and idle
 * proxies drop it (settings `telnetKeepaliveSeconds`). One timer per connection would cost each
 * idle session a Timeout object and its arguments; one interval for the listener costs a Set
 * entry per connection. Every member is sent a NOP once per interval, so a connection's first
 * NOP comes within one interval of its opening rather than exactly one interval after it;
 * clients ignore NOPs, so no player can tell.
 */

export interface KeepaliveMember {
  /** Writes one NOP (or whatever keeps the connection's path open). */
  sendKeepalive(): void;
}

function tick(ticker: KeepaliveTicker): void {
  ticker.tick();
}

export class KeepaliveTicker {
  private readonly members = new Set<KeepaliveMember>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs: number) {}

  /** Connections kept alive now. */
  get size(): number {
    return this.members.size;
  }

  add(member: KeepaliveMember): void {
    this.members.add(member);
    if (this.timer !== null) return;
    // Unref'd like the per-connection timers were: keepalives never keep the Portal running.
    this.timer = setInterval(tick, this.intervalMs, this);
    this.timer.unref();
  }

  delete(member: KeepaliveMember): void {
    if (!this.members.delete(member) || this.members.size > 0 || this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: a keepalive to every member (a member may leave during the round). */
  tick(): void {
    for (const member of this.members) member.sendKeepalive();
  }
}
