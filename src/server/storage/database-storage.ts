/**
 * The Storage the Server holds: the repositories in autocommit mode, transactions, units of
 * work through the ordered commit queue, and migrations. Built by openStorage, which chooses
 * the backend; nothing here knows which one it is.
 */
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import type { Backend } from './backend.ts';
import { CommitQueue, type RetryPolicy } from './commit-queue.ts';
import { migrate, migrationStatus } from './migrator.ts';
import { PauseState, type PauseHooks } from './pause-state.ts';
import { createRepositories } from './repositories/index.ts';
import { QueuedUnitOfWork } from './unit-of-work.ts';
import type {
  AccountRepository,
  AttributeRepository,
  ChannelMessageRepository,
  ChannelRepository,
  ConfigRepository,
  DelayRepository,
  HelpEntryRepository,
  MigrationStatus,
  ObjectRepository,
  PrototypeRepository,
  Repositories,
  ScriptRepository,
  Storage,
  StorageBackendKind,
  TagRepository,
  TickerRepository,
  UnitOfWork,
} from './types.ts';

export class DatabaseStorage implements Storage {
  readonly accounts: AccountRepository;
  readonly objects: ObjectRepository;
  readonly attributes: AttributeRepository;
  readonly tags: TagRepository;
  readonly config: ConfigRepository;
  readonly scripts: ScriptRepository;
  readonly tickers: TickerRepository;
  readonly delays: DelayRepository;
  readonly channels: ChannelRepository;
  readonly channelMessages: ChannelMessageRepository;
  readonly prototypes: PrototypeRepository;
  readonly helpEntries: HelpEntryRepository;
  readonly #backend: Backend;
  readonly #log: Logger;
  readonly #pause: PauseState;
  readonly #queue: CommitQueue;
  #closing: Promise<void> | undefined;

  constructor(backend: Backend, log: Logger, hooks: PauseHooks, retry: RetryPolicy) {
    this.#backend = backend;
    this.#log = log;
    const repos = createRepositories({ db: backend.db, backend, inTransaction: false });
    this.accounts = repos.accounts;
    this.objects = repos.objects;
    this.attributes = repos.attributes;
    this.tags = repos.tags;
    this.config = repos.config;
    this.scripts = repos.scripts;
    this.tickers = repos.tickers;
    this.delays = repos.delays;
    this.channels = repos.channels;
    this.channelMessages = repos.channelMessages;
    this.prototypes = repos.prototypes;
    this.helpEntries = repos.helpEntries;
    this.#pause = new PauseState(hooks, log);
    this.#queue = new CommitQueue(backend, retry, this.#pause, log);
  }

  get backend(): StorageBackendKind {
    return this.#backend.kind;
  }

  get location(): string {
    return this.#backend.location;
  }

  get paused(): boolean {
    return this.#pause.paused;
  }

  /**
   * Inside `work`, use only `tx`: on SQLite the outer repositories wait for the one connection
   * this transaction holds, so calling them here would never return.
   *
   * It goes through the commit queue like a unit of work: in order with the game's other
   * writes, committed together with those of the same moment (one fsync for a burst of new
   * characters and accounts, not one each), and retried whole while the database is away.
   */
  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    this.#assertOpen();
    // Set by the run that committed (a retried transaction runs `work` again).
    let result: { value: T } | undefined;
    await this.#queue.commit([
      async (tx) => {
        result = { value: await work(tx) };
      },
    ]);
    return result!.value;
  }

  unitOfWork(): UnitOfWork {
    this.#assertOpen();
    return new QueuedUnitOfWork({
      commit: (writes) => {
        this.#assertOpen();
        return this.#queue.commit(writes);
      },
    });
  }

  migrationStatus(): Promise<MigrationStatus> {
    return migrationStatus(this.#backend);
  }

  migrate(): Promise<string[]> {
    this.#assertOpen();
    return migrate(this.#backend, this.#log);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#queue.close();
      await this.#backend.close();
    })();
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing !== undefined) {
      throw new WaystoneError('STORAGE_CLOSED', `The storage ${this.location} is closed.`);
    }
  }
}
