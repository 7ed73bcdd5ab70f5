/**
 * Commits units of work in the order `commit()` was called, so the database receives the
 * game's changes in the order the game made them (two commands setting the same attribute
 * must land in that order, or the database would disagree with memory). Units committed in one
 * turn of the event loop, and those that queue up behind a running transaction, are committed
 * together in the next one (group commit): one fsync for many commands, each still resolved
 * only once its transaction has committed.
 *
 * A commit that fails for a transient reason (connection lost, server restarting, file locked,
 * disk full) is retried whole, with exponential backoff, while the PauseState tells the game
 * it is paused; later commits wait behind it. A transaction is never half applied: it either
 * committed or is rolled back and run again. The one ambiguous case, the connection dropping
 * after COMMIT was sent but before its answer came back, is settled by a token written in the
 * same transaction: a retry that finds its token knows the first attempt committed.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { WaystoneError, isWaystoneError } from '../../shared/errors.ts';
import type { Backend } from './backend.ts';
import type { PauseState } from './pause-state.ts';
import { createRepositories } from './repositories/index.ts';
import { translate } from './repositories/context.ts';
import type { Database } from './schema.ts';
import { inTransaction } from './transaction.ts';
import type { Repositories } from './types.ts';

export interface RetryPolicy {
  /** Wait before the first retry. */
  initialDelayMs: number;
  /** The wait doubles after each failure up to this. */
  maxDelayMs: number;
  /** Give up (STORAGE_UNAVAILABLE) after failing this long; Infinity waits for ever. */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  giveUpAfterMs: Number.POSITIVE_INFINITY,
};

/** A queued write; `db` is the same transaction, for writes queued already encoded. */
export type InternalWrite = (tx: Repositories, db: Kysely<Database>) => Promise<unknown>;

/** Most units of work committed in one transaction. */
const MAX_GROUP = 256;

/**
 * Resolves in the event loop's next check phase, after the I/O callbacks of this turn: every
 * command whose input arrived together has queued its unit by then. The real setImmediate,
 * taken when this module loads: a test that fakes the clock must not stop commits.
 */
const realSetImmediate = globalThis.setImmediate;
const endOfTurn = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

interface Pending {
  readonly writes: readonly InternalWrite[];
  resolve(): void;
  reject(err: unknown): void;
}

export class CommitQueue {
  /** Units waiting for their turn, in the order they were committed. */
  #waiting: Pending[] = [];
  /** The loop committing them, while there are any. */
  #draining: Promise<void> | null = null;
  #closing = false;
  readonly #stop = new AbortController();
  /** Tokens of commits known to have succeeded, deleted by the next commit. */
  #confirmed: string[] = [];
  readonly #backend: Backend;
  readonly #policy: RetryPolicy;
  readonly #pause: PauseState;
  readonly #log: Logger;

  constructor(backend: Backend, policy: RetryPolicy, pause: PauseState, log: Logger) {
    this.#backend = backend;
    this.#policy = policy;
    this.#pause = pause;
    this.#log = log;
  }

  commit(writes: readonly InternalWrite[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ writes, resolve, reject });
      if (this.#draining === null) this.#draining = this.#drain();
    });
  }

  /** Lets running commits finish; commits waiting for the database fail with STORAGE_CLOSED. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#stop.abort();
    await this.#draining;
    if (this.#confirmed.length > 0) {
      const tokens = this.#confirmed;
      await this.#backend.db
        .deleteFrom('waystone_commit_log')
        .where('token', 'in', tokens)
        .execute()
        .catch(() => undefined);
    }
  }

  /**
   * Group commit: the units committed during this turn of the event loop, or while the previous
   * transaction ran, go together in the next one (in their order), so a busy game pays one fsync
   * for many commands instead of one each. (Without waiting for the turn to end, the first unit
   * of a burst went alone: 200 players logging in at once took a transaction per write.) A
   * group refused for a reason of its own (a constraint) is split and its units committed one by
   * one, so one bad unit never takes the others down with it.
   */
  async #drain(): Promise<void> {
    await endOfTurn();
    while (this.#waiting.length > 0) {
      const group = this.#waiting.splice(0, MAX_GROUP);
      try {
        await this.#commitWithRetry(group.flatMap((unit) => unit.writes));
        for (const unit of group) unit.resolve();
      } catch (err) {
        const storageGone =
          isWaystoneError(err, 'STORAGE_CLOSED') || isWaystoneError(err, 'STORAGE_UNAVAILABLE');
        if (group.length === 1 || storageGone) {
          for (const unit of group) unit.reject(err);
          continue;
        }
        for (const unit of group) {
          try {
            await this.#commitWithRetry(unit.writes);
            unit.resolve();
          } catch (unitErr) {
            unit.reject(unitErr);
          }
        }
      }
    }
    this.#draining = null;
  }

  async #commitWithRetry(writes: readonly InternalWrite[]): Promise<void> {
    const token = randomUUID();
    let delay = this.#policy.initialDelayMs;
    let failingSince: number | undefined;
    for (let attempt = 1; ; attempt++) {
      if (this.#closing && attempt > 1) throw closed();
      try {
        await this.#attempt(writes, token, attempt);
        this.#pause.resume();
        return;
      } catch (err) {
        if (!this.#isTransient(err)) throw translate(this.#backend, err);
        const reason = errorText(translate(this.#backend, err));
        failingSince ??= Date.now();
        if (Date.now() - failingSince >= this.#policy.giveUpAfterMs) {
          throw new WaystoneError(
            'STORAGE_UNAVAILABLE',
            `Gave up committing after ${Date.now() - failingSince} ms: ${reason}`,
            { cause: err },
          );
        }
        this.#pause.pause(reason);
        this.#log.debug({ attempt, delay, reason }, 'commit failed; retrying');
        try {
          await sleep(delay, undefined, { signal: this.#stop.signal });
        } catch {
          throw closed();
        }
        delay = Math.min(delay * 2, this.#policy.maxDelayMs);
      }
    }
  }

  async #attempt(writes: readonly InternalWrite[], token: string, attempt: number) {
    const stale = [...this.#confirmed];
    await inTransaction(this.#backend, async (db) => {
      if (attempt > 1) {
        const found = await db
          .selectFrom('waystone_commit_log')
          .select('token')
          .where('token', '=', token)
          .executeTakeFirst();
        if (found !== undefined) return;
      }
      const repos = createRepositories({ db, backend: this.#backend, inTransaction: true });
      for (const write of writes) await write(repos, db);
      await db
        .insertInto('waystone_commit_log')
        .values({ token, committed_at: new Date().toISOString() })
        .execute();
      if (stale.length > 0) {
        await db.deleteFrom('waystone_commit_log').where('token', 'in', stale).execute();
      }
    });
    this.#confirmed = this.#confirmed.filter((t) => !stale.includes(t));
    this.#confirmed.push(token);
  }

  /** Looks through coded errors to the driver error a repository wrapped. */
  #isTransient(err: unknown): boolean {
    let current: unknown = err;
    for (let depth = 0; depth < 5 && current !== undefined; depth++) {
      if (this.#backend.classify(current) === 'transient') return true;
      if (isWaystoneError(current) && current.code === 'STORAGE_UNREACHABLE') return true;
      current = (current as { cause?: unknown } | null)?.cause;
    }
    return false;
  }
}

function closed(): WaystoneError {
  return new WaystoneError(
    'STORAGE_CLOSED',
    'The storage closed while this commit waited for the database; it was not made.',
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
