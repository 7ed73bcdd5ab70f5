/**
 * Command throughput: lines per second through the command handler (gather → merge → match →
 * run) for one caller with 20 cmdsets of 50 commands each merged — 2 on the session, 3 on the
 * account, 5 on the puppet, 10 on objects in the room, each set sharing five names (`look`,
 * `get`…) with all the others — once with the merge cache and once without it (the baseline:
 * what every line would cost if each merged the sets afresh). One line in nine is a typo, so
 * the no-match path with its suggestions is in the figure too.
 *
 *   node --import tsx bench/commands.ts [--seconds N]     (default 2 s per figure, < 30 s)
 */
import { pino } from 'pino';
import { createLockFuncRegistry } from '../src/server/locks/builtin-lock-funcs.ts';
import { LockHandler } from '../src/server/locks/lock-handler.ts';
import type { LockSubject } from '../src/server/locks/lock-subject.ts';
import type { CallerContext, LocalCmdSetSource } from '../src/server/commands/caller-context.ts';
import { Command } from '../src/server/commands/command.ts';
import { CommandHandler } from '../src/server/commands/command-handler.ts';
import { CmdSet } from '../src/server/commands/cmdset.ts';
import { CmdSetHandler } from '../src/server/commands/cmdset-handler.ts';

const SETS = 20;
const COMMANDS_PER_SET = 50;
const WARM_UP_MS = 300;

function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0 || value > 10) {
    throw new Error(`--${name} needs a number of seconds between 0 and 10`);
  }
  return value;
}

class BenchCommand extends Command {
  constructor(key: string, aliases: string[]) {
    super();
    this.key = key;
    this.aliases = aliases;
  }
  func(): void {
    this.msg(this.args);
  }
}

/** Set i: 45 commands of its own and 5 shared names (`look`, `get`…) that clash across sets. */
function makeSet(i: number, priority: number): CmdSet {
  const set = new CmdSet();
  set.key = `set${i}`;
  set.priority = priority;
  set.duplicates = false; // one `look` wins, rather than a "which one?" list
  const commands: Command[] = [];
  for (let j = 0; j < COMMANDS_PER_SET - 5; j += 1) {
    commands.push(new BenchCommand(`cmd${i}x${j}`, [`c${i}x${j}`]));
  }
  for (const shared of ['look', 'get', 'drop', 'say', 'inventory']) {
    commands.push(new BenchCommand(shared, [shared.slice(0, 1) + String(i)]));
  }
  set.add(commands);
  return set;
}

function buildCaller(lockFuncs: ReturnType<typeof createLockFuncRegistry>): CallerContext {
  const handlerFor = (owner: unknown) => new CmdSetHandler({ owner, lockFuncs });
  const subject = (id: number, account: LockSubject | null): LockSubject => ({
    id,
    permissions: ['Player'],
    isSuperuser: false,
    quelled: false,
    account,
  });
  const accountSubject = subject(1, null);
  const account = { ...accountSubject, cmdset: handlerFor('account'), msg: () => undefined };
  const puppet = {
    ...subject(2, accountSubject),
    cmdset: handlerFor('puppet'),
    msg: () => undefined,
  };
  const sessionCmdset = handlerFor('session');
  let n = 0;
  const next = () => n++;
  // 2 session sets, 3 account sets, 5 puppet sets, 10 room objects: 20 sets in all.
  for (let k = 0; k < 2; k += 1) sessionCmdset.add(makeSet(next(), -20));
  for (let k = 0; k < 3; k += 1) account.cmdset.add(makeSet(next(), -10));
  for (let k = 0; k < 5; k += 1) {
    puppet.cmdset.add(makeSet(next(), 0));
  }
  const local: LocalCmdSetSource[] = [];
  for (let k = 0; k < 10; k += 1) {
    const owner = { key: `thing${k}` };
    const cmdset = handlerFor(owner);
    cmdset.add(makeSet(next(), 1 + (k % 3)));
    local.push({ kind: 'object', cmdset, locks: new LockHandler(lockFuncs, owner, 'call:true()') });
  }
  return {
    session: { sessid: 1, msg: () => undefined },
    sessionCmdset,
    account,
    puppet,
    localSources: () => local,
  };
}

const LINES = [
  'look',
  'look at the fountain',
  'get sword',
  'cmd7x12 some arguments here',
  'c15x3/switch value',
  'say Hello there, everyone!',
  'CMD3X40',
  'inventory',
  'nosuchcommand',
];

async function measure(
  cache: boolean,
  seconds: number,
): Promise<{ perSecond: number; hits: number; misses: number }> {
  const lockFuncs = createLockFuncRegistry();
  const handler = new CommandHandler({ lockFuncs, log: pino({ level: 'silent' }), cache });
  const ctx = buildCaller(lockFuncs);
  const runFor = async (ms: number): Promise<number> => {
    const end = performance.now() + ms;
    let count = 0;
    while (performance.now() < end) {
      for (const line of LINES) await handler.run(ctx, line);
      count += LINES.length;
    }
    return count;
  };
  await runFor(WARM_UP_MS);
  const start = performance.now();
  const count = await runFor(seconds * 1000);
  const elapsed = (performance.now() - start) / 1000;
  const { hits, misses } = handler.cacheStats();
  return { perSecond: count / elapsed, hits, misses };
}

async function main(): Promise<void> {
  const seconds = numberArg('seconds', 2);
  const mergedCount = (() => {
    const lockFuncs = createLockFuncRegistry();
    const handler = new CommandHandler({ lockFuncs, log: pino({ level: 'silent' }) });
    return handler.merged(buildCaller(lockFuncs)).commands.length;
  })();
  console.log(
    `Command handler: ${SETS} cmdsets x ${COMMANDS_PER_SET} commands (${mergedCount} after merging), ` +
      `${LINES.length} different lines, ${seconds} s per figure`,
  );
  const uncached = await measure(false, seconds);
  const cached = await measure(true, seconds);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(12);
  console.log(`  uncached (baseline) ${fmt(uncached.perSecond)} commands/s   1.0x`);
  console.log(
    `  cached              ${fmt(cached.perSecond)} commands/s   ${(cached.perSecond / uncached.perSecond).toFixed(1)}x` +
      `   (cache hits ${cached.hits}, misses ${cached.misses})`,
  );
}

await main();
