/**
 * How changes to objects reach the database. An object changes in memory at once (memory is
 * the truth while the Server runs: reads never wait on the database) and records what changed
 * as a *dirty key* — "attribute hp of #3", "tag sword/alias of #3", "the row of #3". When the
 * unit of work holding the key commits, the write for it copies the value memory holds *then*
 * into the database. So two units touching one attribute can commit in any order and storage
 * still ends equal to memory, and ten changes to one attribute cost one write.
 *
 * Which unit a change goes into:
 * - inside `batch(fn)`: the batch's unit (the caller's own UnitOfWork if it passed one, so a
 *   command's account writes and object writes share ONE commit). The batch follows `fn`
 *   across awaits (AsyncLocalStorage, owned by this instance — no process-wide state), nested
 *   batches join the outer one, and the batch commits when `fn` settles — also when it throws,
 *   because memory already shows those changes. `batch` resolves only after the commit, so a
 *   command that awaits it may report results.
 * - outside any batch: a shared unit, committed at the end of the current event-loop turn, or
 *   earlier by `flush()`, which resolves once everything changed so far is committed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueuedWrite, UnitOfWork } from '../storage/types.ts';

export interface DirtyTracker {
  /** Record that `key` changed; `write` brings storage up to date with memory when it runs. */
  markDirty(key: string, write: QueuedWrite): void;
}

interface Scope {
  readonly dirty: Map<string, QueuedWrite>;
  readonly work: UnitOfWork | null;
  open: boolean;
}

export class WriteScopes implements DirtyTracker {
  readonly #als = new AsyncLocalStorage<Scope>();
  #shared: Scope | null = null;
  readonly #sharedCommits = new Set<Promise<void>>();

  constructor(
    private readonly newWork: () => UnitOfWork,
    /** Told about a shared commit that failed with nobody awaiting it. */
    private readonly onError: (err: unknown) => void,
  ) {}

  markDirty(key: string, write: QueuedWrite): void {
    const scope = this.#als.getStore();
    if (scope?.open === true) {
      setDirty(scope.dirty, key, write);
      return;
    }
    if (this.#shared === null) {
      this.#shared = { dirty: new Map(), work: null, open: true };
      setImmediate(() => {
        this.flush().catch((err: unknown) => this.onError(err));
      });
    }
    setDirty(this.#shared.dirty, key, write);
  }

  /** True while running inside a batch. */
  get inBatch(): boolean {
    return this.#als.getStore()?.open === true;
  }

  /**
   * Runs `fn` with its changes collected into one unit (`work`, or a new one), committed
   * before this resolves. Inside another batch (and with no `work` of its own) it joins that.
   */
  async batch<T>(fn: () => Promise<T> | T, work?: UnitOfWork): Promise<T> {
    if (work === undefined && this.inBatch) return fn();
    const scope: Scope = { dirty: new Map(), work: work ?? null, open: true };
    let result: T;
    try {
      result = await this.#als.run(scope, fn);
    } catch (err) {
      scope.open = false;
      await this.#commit(scope).catch((commitErr: unknown) => this.onError(commitErr));
      throw err;
    }
    scope.open = false;
    await this.#commit(scope);
    return result;
  }

  /** Commits the shared unit now; resolves once every change made outside a batch is stored. */
  async flush(): Promise<void> {
    const shared = this.#shared;
    this.#shared = null;
    if (shared !== null) {
      shared.open = false;
      const commit = this.#commit(shared);
      this.#sharedCommits.add(commit);
      void commit.then(
        () => this.#sharedCommits.delete(commit),
        () => this.#sharedCommits.delete(commit),
      );
    }
    await Promise.all([...this.#sharedCommits]);
  }

  async #commit(scope: Scope): Promise<void> {
    if (scope.work === null && scope.dirty.size === 0) return;
    const work = scope.work ?? this.newWork();
    for (const write of scope.dirty.values()) work.add(write);
    await work.commit();
  }
}

/** Re-marking a key moves it to the end, so writes run in the order of the last changes. */
function setDirty(dirty: Map<string, QueuedWrite>, key: string, write: QueuedWrite): void {
  dirty.delete(key);
  dirty.set(key, write);
}
