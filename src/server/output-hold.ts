/**
 * Holding a command's output until its writes are committed. A player who reads "You pick up
 * the lamp." must find the lamp in their inventory after a crash: so while a command runs,
 * what the Server would send to the Portal because of it (to any session — the room hears it
 * too) is queued, and released in order once the command's unit of work has committed.
 *
 * The hold follows the command across awaits (AsyncLocalStorage, owned by this instance).
 * It is released early when the command waits on the player — asks a question or pauses — so
 * the player sees what it said before the wait; later output of that command flows directly.
 * A command that says a great deal releases its queue at `maxHeld` messages (a bound, not a
 * rule a game should meet).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Held<M> {
  open: boolean;
  readonly queue: M[];
}

export class OutputHold<M> {
  readonly #als = new AsyncLocalStorage<Held<M>>();

  constructor(
    private readonly deliver: (msg: M) => void,
    private readonly maxHeld = 10_000,
  ) {}

  /** Send now, or queue when the current async context is a held command. */
  send(msg: M): void {
    const held = this.#als.getStore();
    if (held === undefined || !held.open) {
      this.deliver(msg);
      return;
    }
    held.queue.push(msg);
    if (held.queue.length >= this.maxHeld) this.#release(held);
  }

  /** Runs `fn` with its output held; released (in order) when `fn` settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const held: Held<M> = { open: true, queue: [] };
    try {
      return await this.#als.run(held, fn);
    } finally {
      this.#release(held);
    }
  }

  /**
   * Runs `fn` inside the current hold when there is an open one (a command making an NPC act:
   * the NPC's output waits for the same commit), else in a hold of its own.
   */
  join<T>(fn: () => Promise<T>): Promise<T> {
    const held = this.#als.getStore();
    return held !== undefined && held.open ? fn() : this.run(fn);
  }

  /**
   * Run `fn` outside any hold: what it sends goes at once, even when called from inside a
   * command (the "game paused" notice is raised by a commit the command is waiting on).
   */
  bypass<T>(fn: () => T): T {
    return this.#als.exit(fn);
  }

  /** Release the current context's held output now; the rest of it flows directly. */
  releaseCurrent(): void {
    const held = this.#als.getStore();
    if (held !== undefined) this.#release(held);
  }

  #release(held: Held<M>): void {
    held.open = false;
    const queue = held.queue.splice(0);
    for (const msg of queue) this.deliver(msg);
  }
}
