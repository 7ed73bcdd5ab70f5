/**
 * Timers at scale (issue 14): what 100,000 active timers cost a game nobody is playing.
 *
 *   node --import tsx bench/timers.ts [--timers N] [--objects N] [--seconds S] [--no-firing]
 *                                     [--json FILE]
 *
 * A real game (Portal + Server on the embedded SQLite database, ports chosen by the OS) whose
 * game.ts registers a script class (`Upkeep`: its atRepeat bumps a counter on its object) and
 * builds a storeroom of `objects` things. The Server's CPU (utime + stime from /proc/<pid>/stat
 * over a window, after a settle) and its memory are measured in one run, each with a fresh start:
 *
 *   baseline   the same world, 0 scripts
 *   armed      `timers` persistent scripts stored on those objects (spread evenly: 100 each on
 *              1,000), intervals 10 min – 1 h, each one's next firing 10 min – 1 h away. The
 *              Server loads them all — one entry each in its TimerQueue (an indexed heap, one
 *              wake-up armed) — and none falls due in the window: the cost of keeping them.
 *   firing     the same scripts with their next firings spread over one interval each, as a
 *              game's timers are after running a while: about 60 firings a second for 100,000
 *              (each a committed transaction with the script's new schedule and its write).
 *
 * A superuser, logged in over telnet and idle in every window, reads the staff command `server`
 * before and after each window: the timer queue's size (the timers really are armed), how many
 * fired in the window, and the JavaScript heap. Memory per timer is (armed − baseline) / timers,
 * for RSS and for the heap used (neither forces a GC, so both include garbage from loading).
 *
 * The scripts are written to the database in large transactions while the game is stopped
 * (100,000 `scripts.add` calls, one committed insert each, would take minutes); so the start
 * time with that many stored is measured too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { rssBytes } from '../src/loadtest/process-memory.ts';
import { runPaths } from '../src/shared/run-files.ts';
import { openStorage } from '../src/server/storage/open-storage.ts';
import type { NewScript, Storage } from '../src/server/storage/types.ts';
import { GameProcess, makeGameDir, runLauncher, waitUntil } from '../test/support/game-process.ts';
import { TelnetClient } from '../test/support/telnet-client.ts';

export interface TimersOptions {
  timers: number;
  objects: number;
  /** Seconds of each measured window. */
  windowSeconds: number;
  /** Seconds after the Server is up before a window starts (start-up work, catch-up, GC). */
  settleSeconds: number;
  /** Also measure the timers firing at their own pace (one more start). */
  firing: boolean;
  log?: (line: string) => void;
}

export interface WindowMeasure {
  /** Server CPU over the window, % of one core: user + system, and the system part alone. */
  cpuPercent: number;
  systemCpuPercent: number;
  rssMb: number;
  heapUsedMb: number;
  /** Entries in the Server's timer queue (from `server`). */
  queued: number;
  /** Timers that fired during the window (from `server`). */
  firedInWindow: number;
  windowSeconds: number;
  /** Launching the Portal until its Server serves (loading every stored timer included). */
  startMs: number;
  /** Scripts the Server reported loading. */
  scriptsLoaded: number;
}

export interface TimersResult {
  timers: number;
  objects: number;
  baseline: WindowMeasure;
  armed: WindowMeasure;
  firing: WindowMeasure | null;
  /** Writing the scripts to the database (batched transactions). */
  insertMs: number;
  /** CPU points the armed timers add: armed − baseline. */
  extraCpuPercent: number;
  /** RSS and heap the timers add, per timer. */
  rssBytesPerTimer: number;
  heapBytesPerTimer: number;
  wallMs: number;
}

const MB = 2 ** 20;
const INSERT_CHUNK = 5_000;
const MIN_INTERVAL_S = 600;
const MAX_INTERVAL_S = 3_600;
const ROOT = { name: 'Root', password: 'sevensilverkeys9' };
/** Cheap hashing for the one superuser login (the logins row measures argon2). */
const ENV = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };

/** The benchmark game's code: its script class and a storeroom of things to hang scripts on. */
function gameCode(objects: number): string {
  return `import { Script, type GameSetup } from 'waystone';

class Upkeep extends Script {
  override key = 'upkeep';
  override atRepeat(): void {
    const obj = this.obj;
    if (obj) obj.db.upkeep = ((obj.db.upkeep as number | undefined) ?? 0) + 1;
  }
}

export default function setup(game: GameSetup): void {
  game.registerScript('Upkeep', Upkeep);
  game.onWorldCreated(async () => {
    const { objects } = game.services;
    const store = await objects.create({ typeclass: 'DefaultRoom', key: 'Storeroom' });
    for (let i = 0; i < ${objects}; i += 1) {
      await objects.create({ typeclass: 'DefaultObject', key: 'crate ' + i, location: store });
    }
  });
}
`;
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** utime and stime of `pid`, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it start past its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]), system: Number(fields[12]) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (text: string): number => Number(text.replace(/,/g, ''));

/** Scripts the Server of `pid` said it loaded ("timers loaded" in its log), or null. */
function scriptsLoaded(game: GameProcess, pid: number): number | null {
  for (const line of game.serverLog().split('\n').reverse()) {
    if (!line.includes('"timers loaded"')) continue;
    const entry = JSON.parse(line) as { pid?: number; scripts?: number };
    if (entry.pid === pid) return entry.scripts ?? null;
  }
  return null;
}

interface ServerReading {
  queued: number;
  fired: number;
  heapUsedMb: number;
}

/** The staff command `server`, read: timer queue size, firings so far, heap used. */
async function readServer(root: TelnetClient): Promise<ServerReading> {
  const mark = root.text.length;
  root.send('server');
  await root.waitFor(/^Load +.*$/m, 30_000, mark);
  const out = root.text.slice(mark);
  const timers = /^Timers +([\d,]+) waiting, ([\d,]+) fired/m.exec(out);
  const heap = /heap ([\d.]+) MB used/.exec(out);
  if (!timers || !heap) throw new Error(`could not read 'server':\n${out}`);
  return { queued: count(timers[1]!), fired: count(timers[2]!), heapUsedMb: Number(heap[1]) };
}

/** Start the game, log the superuser in, settle, and measure one window. */
async function measure(dir: string, opts: TimersOptions): Promise<WindowMeasure> {
  const started = performance.now();
  const game = await GameProcess.start({ dir, env: ENV });
  let root: TelnetClient | null = null;
  try {
    const startMs = performance.now() - started;
    const pid = (await game.status()).server.pid;
    if (pid === null) throw new Error('the Server has no pid');
    // Wrapped: 0 scripts is an answer, not "not yet".
    const { scripts } = await waitUntil('the Server to load its timers', () => {
      const n = scriptsLoaded(game, pid);
      return n === null ? null : { scripts: n };
    });
    root = await TelnetClient.open(game.telnetPort);
    await root.waitFor('Welcome', 30_000);
    await root.exchange(
      `connect ${ROOT.name} ${ROOT.password}`,
      `You become ${ROOT.name}.`,
      30_000,
    );
    await sleep(opts.settleSeconds * 1000);
    const hz = clockTicksPerSecond();
    const before = await readServer(root);
    const t0 = performance.now();
    const c0 = cpuTicks(pid);
    await sleep(opts.windowSeconds * 1000);
    const c1 = cpuTicks(pid);
    const seconds = (performance.now() - t0) / 1000;
    const after = await readServer(root);
    const rss = rssBytes(pid);
    const percent = (ticks: number) => (ticks / hz / seconds) * 100;
    return {
      cpuPercent: percent(c1.user - c0.user + c1.system - c0.system),
      systemCpuPercent: percent(c1.system - c0.system),
      rssMb: rss === null ? NaN : rss / MB,
      heapUsedMb: after.heapUsedMb,
      queued: after.queued,
      firedInWindow: after.fired - before.fired,
      windowSeconds: seconds,
      startMs,
      scriptsLoaded: scripts,
    };
  } finally {
    root?.close();
    await game.stop();
  }
}

async function withStorage<T>(dir: string, fn: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage({
    gameDir: dir,
    databaseUrl: '',
    databaseFile: 'game.sqlite3',
    log: pino({ level: 'silent' }),
  });
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

/** A fixed sequence in [0, 1) (not Math.random), so every run stores the same schedule. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
}

/** Stores `count` Upkeep scripts spread over the storeroom's things; ms taken. */
function insertScripts(dir: string, total: number): Promise<number> {
  return withStorage(dir, async (storage) => {
    const things = (await storage.objects.find({ typeclass: 'DefaultObject' })).map((r) => r.id);
    if (things.length === 0) throw new Error('the benchmark world has no things');
    const started = performance.now();
    const now = Date.now();
    const random = sequence(1);
    const span = MAX_INTERVAL_S - MIN_INTERVAL_S;
    for (let done = 0; done < total; done += INSERT_CHUNK) {
      await storage.transaction(async (tx) => {
        for (let i = done; i < Math.min(total, done + INSERT_CHUNK); i += 1) {
          const row: NewScript = {
            key: 'upkeep',
            typeclass: 'Upkeep',
            objectId: things[i % things.length]!,
            accountId: null,
            description: '',
            intervalMs: (MIN_INTERVAL_S + Math.floor(random() * span)) * 1000,
            repeats: 0,
            fired: 0,
            startDelay: true,
            catchUp: 'once',
            // None due for at least 10 minutes: the armed window has nothing to run.
            nextAt: new Date(now + Math.round((MIN_INTERVAL_S + random() * span) * 1000)),
            pausedMs: null,
            data: {},
          };
          await tx.scripts.create(row);
        }
      });
    }
    return performance.now() - started;
  });
}

/**
 * Each script's next firing anywhere within one interval from now, as in a game that has run
 * a while: from `now`, about Σ 1/interval firings a second. Those due while the Server starts
 * fire at its start (catch-up), before the window.
 */
function spreadFirings(dir: string): Promise<void> {
  return withStorage(dir, async (storage) => {
    const scripts = await storage.scripts.list();
    const now = Date.now();
    const random = sequence(2);
    for (let done = 0; done < scripts.length; done += INSERT_CHUNK) {
      await storage.transaction(async (tx) => {
        for (const s of scripts.slice(done, done + INSERT_CHUNK)) {
          await tx.scripts.update(s.id, { nextAt: new Date(now + random() * s.intervalMs) });
        }
      });
    }
  });
}

export async function runTimersBenchmark(opts: TimersOptions): Promise<TimersResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const wall = performance.now();
  const n = opts.timers.toLocaleString('en-US');
  const dir = makeGameDir({}, gameCode(opts.objects));
  try {
    const su = ['createsuperuser', '--game-dir', dir, '--name', ROOT.name];
    const made = await runLauncher([...su, '--password', ROOT.password], ENV);
    if (made.code !== 0) throw new Error(`createsuperuser failed: ${made.out}`);
    log(`  building the world (${opts.objects.toLocaleString('en-US')} things)`);
    await (await GameProcess.start({ dir, env: ENV })).stop();
    log(`  0 timers, idle ${opts.windowSeconds} s`);
    const baseline = await measure(dir, opts);
    log(`  storing ${n} scripts`);
    const insertMs = await insertScripts(dir, opts.timers);
    log(`  ${n} timers armed, none due, ${opts.windowSeconds} s`);
    const armed = await measure(dir, opts);
    if (armed.scriptsLoaded !== opts.timers || armed.queued < opts.timers) {
      throw new Error(
        `the Server loaded ${armed.scriptsLoaded} scripts and queued ${armed.queued} timers, not ${n}`,
      );
    }
    let firing: WindowMeasure | null = null;
    if (opts.firing) {
      log(`  ${n} timers firing at their own pace, ${opts.windowSeconds} s`);
      await spreadFirings(dir);
      firing = await measure(dir, opts);
    }
    return {
      timers: opts.timers,
      objects: opts.objects,
      baseline,
      armed,
      firing,
      insertMs,
      extraCpuPercent: armed.cpuPercent - baseline.cpuPercent,
      rssBytesPerTimer: ((armed.rssMb - baseline.rssMb) * MB) / opts.timers,
      heapBytesPerTimer: ((armed.heapUsedMb - baseline.heapUsedMb) * MB) / opts.timers,
      wallMs: performance.now() - wall,
    };
  } catch (err) {
    // What the Server said last is usually why (it is in the directory removed below).
    const tail = serverLogTail(dir);
    throw new Error(`${(err as Error).message}${tail ? `\nServer log:\n${tail}` : ''}`, {
      cause: err,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function serverLogTail(dir: string): string {
  try {
    return readFileSync(runPaths(dir).serverLog, 'utf8').trimEnd().split('\n').slice(-5).join('\n');
  } catch {
    return '';
  }
}

/** CPU time per firing in a window, ms. */
export function msPerFiring(m: WindowMeasure): number {
  return m.firedInWindow > 0
    ? ((m.cpuPercent / 100) * m.windowSeconds * 1000) / m.firedInWindow
    : NaN;
}

const pct2 = (v: number) => `${v.toFixed(2)} %`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

export function formatTimers(r: TimersResult): string {
  const n = r.timers.toLocaleString('en-US');
  const rate = (m: WindowMeasure) => (m.firedInWindow / m.windowSeconds).toFixed(1);
  const lines = [
    `timers: ${n} persistent scripts on ${r.objects.toLocaleString('en-US')} objects (intervals 10 min – 1 h), Server process`,
    `  0 timers        CPU ${pct2(r.baseline.cpuPercent)} of a core, RSS ${r.baseline.rssMb.toFixed(0)} MB, heap ${r.baseline.heapUsedMb.toFixed(0)} MB; start ${(r.baseline.startMs / 1000).toFixed(1)} s`,
    `  armed, none due CPU ${pct2(r.armed.cpuPercent)} of a core (+${r.extraCpuPercent.toFixed(2)} points), ${r.armed.queued.toLocaleString('en-US')} in the timer queue, ${r.armed.firedInWindow} fired; RSS ${r.armed.rssMb.toFixed(0)} MB, heap ${r.armed.heapUsedMb.toFixed(0)} MB; start ${(r.armed.startMs / 1000).toFixed(1)} s`,
    `  per timer       RSS ${kb(r.rssBytesPerTimer)}, heap ${kb(r.heapBytesPerTimer)}; storing them took ${(r.insertMs / 1000).toFixed(1)} s`,
  ];
  if (r.firing) {
    lines.push(
      `  firing          CPU ${pct2(r.firing.cpuPercent)} of a core (${pct2(r.firing.systemCpuPercent)} system) at ${rate(r.firing)} firings/s (${r.firing.firedInWindow} in ${r.firing.windowSeconds.toFixed(0)} s): ${msPerFiring(r.firing).toFixed(2)} ms of CPU per firing`,
    );
  }
  return lines.join('\n');
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const isMain =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const result = await runTimersBenchmark({
    timers: arg('timers', 100_000),
    objects: arg('objects', 1_000),
    windowSeconds: arg('seconds', 30),
    settleSeconds: 5,
    firing: !process.argv.includes('--no-firing'),
  });
  console.log(formatTimers(result));
  const json = process.argv.indexOf('--json');
  if (json !== -1) writeFileSync(process.argv[json + 1]!, `${JSON.stringify(result, null, 2)}\n`);
}
