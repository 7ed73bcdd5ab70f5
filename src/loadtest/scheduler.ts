/**
 * When players act. Closed loop ("flat out"): a player sends its next command the moment the
 * reply to the last one arrives, so the figure is the most the game serves. Paced: each player
 * acts `rate` times a second on its own fixed cadence (random phase), whether or not the game
 * keeps up; a player still waiting when its turn comes skips it and the skip is counted as an
 * overrun (so a slow game shows up as overruns, not as a hidden slower pace).
 *
 * One timer for the whole run (the next due player in a min-heap), none per player.
 */
import { IndexedHeap } from '../shared/indexed-heap.ts';
import type { Player } from './player.ts';
import type { Recorder } from './recorder.ts';

export type Pace = { mode: 'closed' } | { mode: 'paced'; perPlayerPerSecond: number };

export class Scheduler {
  private running = false;
  private readonly heap = new IndexedHeap<Player>();
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;

  constructor(
    private readonly pace: Pace,
    private readonly recorder: Recorder,
    private readonly random: () => number,
  ) {
    this.intervalMs = pace.mode === 'paced' ? 1000 / pace.perPlayerPerSecond : 0;
  }

  /** Start acting with every player that is logged in. */
  begin(players: readonly Player[]): void {
    this.running = true;
    const now = performance.now();
    for (const p of players) {
      if (p.state !== 'ready' || p.kind.totalWeight === 0) continue;
      if (this.pace.mode === 'closed') p.act();
      else {
        p.dueAt = now + this.random() * this.intervalMs;
        this.heap.push(p);
      }
    }
    if (this.pace.mode === 'paced') this.arm();
  }

  /** A player's reply arrived: in closed loop it acts again at once. */
  onReady(player: Player): void {
    if (this.running && this.pace.mode === 'closed') player.act();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (!this.running) return;
    const next = this.heap.peek();
    if (!next) return;
    const wait = Math.max(0, next.dueAt - performance.now());
    this.timer = setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = null;
    if (!this.running) return;
    const now = performance.now();
    for (let next = this.heap.peek(); next && next.dueAt <= now; next = this.heap.peek()) {
      const p = this.heap.pop()!;
      if (p.state === 'closed') continue; // gone: drop from the schedule
      if (p.state === 'waiting') this.recorder.recordOverrun();
      else p.act();
      // Keep the cadence; if far behind (a stalled driver), restart from now.
      p.dueAt = p.dueAt + this.intervalMs < now ? now + this.intervalMs : p.dueAt + this.intervalMs;
      this.heap.push(p);
    }
    this.arm();
  }
}
