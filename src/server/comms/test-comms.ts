/**
 * Test-only: a channel manager on a real SQLite file (so a test can "restart" by building a
 * second manager on the same database), and accounts whose sessions record what they are sent.
 * Nothing in the comms layer imports this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { DEFAULT_SETTINGS } from '../../config/defaults.ts';
import type { FuncCall } from '../../shared/session-data.ts';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { openStorage } from '../storage/open-storage.ts';
import { newAccountRow } from '../storage/test-values.ts';
import type { Storage } from '../storage/types.ts';
import type { ChannelMember } from './channel.ts';
import { ChannelManager, type ChannelSettings } from './channel-manager.ts';

export const silent = pino({ level: 'silent' });

export class RecordingSession {
  readonly calls: FuncCall[] = [];
  constructor(readonly sessid: number) {}
  send(cmds: FuncCall[]): void {
    this.calls.push(...cmds);
  }
  /** The text lines received, in order. */
  lines(): string[] {
    return this.calls.filter((c) => c[0] === 'text').map((c) => String(c[1][0]));
  }
  /** The calls of one outputfunc. */
  named(name: string): FuncCall[] {
    return this.calls.filter((c) => c[0] === name);
  }
  clear(): void {
    this.calls.length = 0;
  }
}

export class TestMember implements ChannelMember {
  readonly quelled = false;
  readonly account = null;
  readonly isSuperuser = false;
  sessions: RecordingSession[];
  constructor(
    readonly id: number,
    readonly name: string,
    readonly permissions: string[],
    sessid: number,
  ) {
    this.sessions = [new RecordingSession(sessid)];
  }
  get session(): RecordingSession {
    return this.sessions[0] as RecordingSession;
  }
  lines(): string[] {
    return this.sessions.flatMap((s) => s.lines());
  }
}

export const TEST_CHANNEL_SETTINGS: ChannelSettings = {
  historyMax: DEFAULT_SETTINGS.channelHistoryMax,
  rateLimit: 100,
  rateWindowMs: 10_000,
  messageMaxLength: 200,
  defaults: DEFAULT_SETTINGS.defaultChannels,
  mudInfo: DEFAULT_SETTINGS.mudInfoChannel,
};

export class CommsWorld {
  readonly members = new Map<number, TestMember>();
  /** Accounts whose channels changed (the manager's onAccountChanged), in order. */
  readonly changedAccounts: number[] = [];
  readonly lockFuncs = createLockFuncRegistry();
  now = 1_000_000;
  private nextSessid = 1;

  private constructor(
    readonly dir: string,
    public storage: Storage,
  ) {}

  static async open(): Promise<CommsWorld> {
    const dir = mkdtempSync(join(tmpdir(), 'waystone-comms-'));
    return new CommsWorld(dir, await CommsWorld.storageIn(dir));
  }

  private static storageIn(dir: string): Promise<Storage> {
    return openStorage({
      gameDir: dir,
      databaseUrl: '',
      databaseFile: 'game.sqlite3',
      log: silent,
    });
  }

  /** A manager on this world's database (a new one is a restarted Server), started. */
  async manager(
    settings: Partial<ChannelSettings> = {},
    beforeStart: (m: ChannelManager) => void = () => undefined,
  ): Promise<ChannelManager> {
    const manager = new ChannelManager({
      storage: this.storage,
      lockFuncs: this.lockFuncs,
      log: silent,
      settings: { ...TEST_CHANNEL_SETTINGS, ...settings },
      memberById: (id) => this.members.get(id),
      onAccountChanged: (id) => this.changedAccounts.push(id),
      now: () => this.now,
    });
    beforeStart(manager);
    await manager.start();
    return manager;
  }

  /** A stored account, online with one recording session. */
  async member(name: string, permissions: string[] = ['Player']): Promise<TestMember> {
    const row = await this.storage.accounts.create(newAccountRow(name, { permissions }));
    const member = new TestMember(row.id, row.name, permissions, this.nextSessid++);
    this.members.set(row.id, member);
    return member;
  }

  /** Close and open the database again (a restart). */
  async reopen(): Promise<void> {
    await this.storage.close();
    this.storage = await CommsWorld.storageIn(this.dir);
  }

  async close(): Promise<void> {
    await this.storage.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
