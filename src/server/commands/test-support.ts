/**
 * A command test kit: sessions, accounts and puppets as plain objects, a silent logger that
 * keeps its records, and a handler to type lines into — no sockets, no database. The command
 * system's own tests use it; it is also the start of the harness game authors get.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import type { LockFuncRegistry } from '../locks/lock-funcs.ts';
import { LockHandler } from '../locks/lock-handler.ts';
import type { CommandSession } from './caller.ts';
import type {
  CallerContext,
  CmdSetCarrier,
  LocalCmdSetSource,
  LocalSourceKind,
} from './caller-context.ts';
import { CommandHandler, type CommandHandlerOptions } from './command-handler.ts';
import { CmdSetHandler, type CmdSetPersistence } from './cmdset-handler.ts';
import { CmdSetRegistry } from './cmdset-registry.ts';
import type { ProtocolFlags } from '../../shared/session-data.ts';

export class TestSession implements CommandSession {
  readonly output: string[] = [];
  readonly ndb: Record<string, unknown> = {};
  /** The client's flags (SCREENWIDTH, SCREENREADER…), for commands that fit their output. */
  readonly protocolFlags: ProtocolFlags = {};
  constructor(readonly sessid = 1) {}
  msg(text: string): void {
    this.output.push(text);
  }
  /** Everything received so far, then forgotten. */
  take(): string[] {
    return this.output.splice(0);
  }
}

/** An account or a puppet: permissions, a cmdset handler, and text routed to its sessions. */
export class TestEntity implements CmdSetCarrier {
  id: number;
  key: string;
  permissions: string[];
  isSuperuser = false;
  quelled = false;
  account: TestEntity | null;
  readonly cmdset: CmdSetHandler;
  readonly sessions: TestSession[] = [];

  constructor(
    kit: { lockFuncs: LockFuncRegistry; cmdsets: CmdSetRegistry },
    fields: { id: number; key: string; permissions?: string[]; account?: TestEntity | null },
    persistence?: CmdSetPersistence,
  ) {
    this.id = fields.id;
    this.key = fields.key;
    this.permissions = fields.permissions ?? [];
    this.account = fields.account ?? null;
    this.cmdset = new CmdSetHandler({
      owner: this,
      lockFuncs: kit.lockFuncs,
      registry: kit.cmdsets,
      ...(persistence ? { persistence } : {}),
    });
  }

  msg(text: string, options?: { session?: CommandSession }): void {
    const targets = options?.session ? [options.session] : this.sessions;
    for (const session of targets) session.msg(text);
  }
}

/** A thing in the room offering its cmdsets to whoever passes its `call` lock. */
export class TestThing implements LocalCmdSetSource {
  readonly cmdset: CmdSetHandler;
  readonly locks: LockHandler;
  constructor(
    kit: { lockFuncs: LockFuncRegistry },
    readonly key: string,
    readonly kind: LocalSourceKind = 'object',
    lockString = 'call:true()',
  ) {
    this.cmdset = new CmdSetHandler({ owner: this, lockFuncs: kit.lockFuncs });
    this.locks = new LockHandler(kit.lockFuncs, this, lockString);
  }
}

export interface LogRecord {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A pino logger that writes nowhere but keeps every record (level 'debug' and up). */
export function recordingLogger(): { log: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') records.push(JSON.parse(line) as LogRecord);
      }
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), records };
}

export class CommandTestKit {
  readonly lockFuncs: LockFuncRegistry;
  readonly cmdsets = new CmdSetRegistry();
  readonly handler: CommandHandler;
  readonly log: Logger;
  readonly logs: LogRecord[];
  private nextId = 1;

  constructor(options: Partial<Omit<CommandHandlerOptions, 'log'>> = {}) {
    this.lockFuncs = options.lockFuncs ?? createLockFuncRegistry();
    const { log, records } = recordingLogger();
    this.log = log;
    this.logs = records;
    this.handler = new CommandHandler({ ...options, lockFuncs: this.lockFuncs, log });
  }

  sessionCmdset(session: TestSession): CmdSetHandler {
    return new CmdSetHandler({ owner: session, lockFuncs: this.lockFuncs, registry: this.cmdsets });
  }

  account(permissions: string[] = ['Player'], persistence?: CmdSetPersistence): TestEntity {
    const id = this.nextId++;
    return new TestEntity(this, { id, key: `account${id}`, permissions }, persistence);
  }

  puppet(account: TestEntity | null, key = 'hero', permissions: string[] = ['Player']): TestEntity {
    return new TestEntity(this, { id: this.nextId++, key, permissions, account });
  }

  thing(key: string, kind: LocalSourceKind = 'object', lockString = 'call:true()'): TestThing {
    return new TestThing(this, key, kind, lockString);
  }

  /** A caller context; `local` things are offered through `localSources`. */
  context(
    parts: {
      session?: TestSession;
      sessionCmdset?: CmdSetHandler;
      account?: TestEntity | null;
      puppet?: TestEntity | null;
      local?: LocalCmdSetSource[];
    } = {},
  ): CallerContext & { session: TestSession; sessionCmdset: CmdSetHandler } {
    const session = parts.session ?? new TestSession();
    const account = parts.account ?? null;
    const puppet = parts.puppet ?? null;
    for (const entity of [account, puppet]) {
      if (entity !== null && !entity.sessions.includes(session)) entity.sessions.push(session);
    }
    const local = parts.local;
    return {
      session,
      sessionCmdset: parts.sessionCmdset ?? this.sessionCmdset(session),
      account,
      puppet,
      ...(local ? { localSources: () => local } : {}),
    };
  }

  /** Type a line as this caller; resolves when the command finished or is waiting for input. */
  type(ctx: CallerContext, line: string): Promise<void> {
    return this.handler.run(ctx, line);
  }
}
