/**
 * Idle sessions memory (issue 18): what a game costs with nobody on it, what each idle,
 * logged-in, puppeting session adds, and how fast the ramp logs players in — on a fresh copy
 * of the default game (cheap hashing, throttles relaxed) and, driven the same way, the
 * raw-echo baseline.
 *
 *   start, quiet Q s          read: the game with nobody connected
 *   ramp to sessions[0]       (logins/s counted) then, with the ramp paused and every session
 *   quiet Q s                 idle, read: (RSS − RSS with 0) / sessions logged in
 *   ramp on to sessions[1]    the same players stay on; the new ones log in
 *   quiet Q s                 read again — and so on for each size
 *
 * One ramp, paused at each size, so the last size is reached once (10,000 logins, not 12,000)
 * and the empty reading is shared. A reading is the RSS of the game's whole process tree (the
 * Portal, its Server and any child either keeps, from /proc), then the Server's JavaScript heap
 * from the staff command `server/mem`, read by a superuser who logs in after the RSS reading and
 * leaves (the Portal has no such command: its heap is not read). The driver runs in this
 * process; each size's players are a load-test run whose `afterRamp` starts the next size.
 */
import { performance } from 'node:perf_hooks';
import { echoProfileFor } from '../src/loadtest/echo-profile.ts';
import { processRole } from '../src/loadtest/process-cpu.ts';
import { processMemory, processTree, type ProcessMemory } from '../src/loadtest/process-memory.ts';
import { loadProfile, WAYSTONE_PROFILE, type Profile } from '../src/loadtest/profile.ts';
import type { RunResult } from '../src/loadtest/run.ts';
import type { Pace } from '../src/loadtest/scheduler.ts';
import type { Target } from '../src/loadtest/transport.ts';
import { runLauncher } from '../test/support/game-process.ts';
import { TelnetClient } from '../test/support/telnet-client.ts';
import { drive, withEcho, withGame } from './scenarios.ts';
import { int, type Row } from './table.ts';

export interface MemorySizes {
  /** Sessions at which memory is read, ascending; one ramp, paused at each. */
  sessions: number[];
  /** Seconds every session is idle before a reading (and the fresh game before the first). */
  quietSeconds: number;
  /** Longest one size's ramp may take. */
  rampTimeoutSeconds: number;
  log?: (line: string) => void;
}

export interface ProcessReading extends ProcessMemory {
  /** Portal, Server, echo, or the program's name (esbuild). */
  role: string;
}

export interface MemoryReading {
  /** The size aimed at, and the sessions logged in when read. */
  wanted: number;
  sessions: number;
  /** RSS of the whole process tree (NaN when /proc is missing); the figure the targets use. */
  rssBytes: number;
  /**
   * The tree's proportional set size (pages shared between its processes, such as the node
   * binary's, counted once) and anonymous memory (what the processes allocated); NaN if unknown.
   */
  pssBytes: number;
  anonymousBytes: number;
  processes: ProcessReading[];
  /** The Server's heap from `server/mem`, MB (game only; null when not read). */
  serverHeap: { usedMb: number; totalMb: number } | null;
}

export interface MemoryRamp {
  players: number;
  loggedIn: number;
  seconds: number;
  /** The driver's CPU (this process) over the ramp, % of one core. */
  driverCpuPercent: number;
}

export interface MemorySide {
  readings: MemoryReading[];
  ramps: MemoryRamp[];
  /** Every player logged in over the summed ramp time. */
  loginsPerSecond: number;
  rampSeconds: number;
  driverCpuPercent: number;
  closedByServer: number;
  runs: RunResult[];
}

export interface MemoryScenario {
  quietSeconds: number;
  sessions: number[];
  game: MemorySide;
  echo: MemorySide;
}

const ROOT = { name: 'Root', password: 'sevensilverkeys9' };
/** The superuser is made with the cheap hashing the game under test runs with. */
const CHEAP_HASHING = { WAYSTONE_ARGON2_MEMORY_COST: '4096', WAYSTONE_ARGON2_TIME_COST: '1' };
const STAGE_PREFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function read(root: number, rootRole: string): Omit<MemoryReading, 'wanted' | 'sessions'> {
  const tree = processTree(root) ?? [root];
  if (tree.length === 0) throw new Error(`the ${rootRole} (pid ${root}) has exited`);
  const processes: ProcessReading[] = [];
  tree.forEach((pid, i) => {
    const m = processMemory(pid);
    if (m) processes.push({ ...m, role: i === 0 ? rootRole : processRole(m.pid) });
  });
  const known = processes.length === tree.length && tree.length > 0;
  const total = (of: (p: ProcessReading) => number | null) =>
    known ? processes.reduce((sum, p) => sum + (of(p) ?? NaN), 0) : NaN;
  return {
    rssBytes: total((p) => p.rssBytes),
    pssBytes: total((p) => p.pssBytes),
    anonymousBytes: total((p) => p.anonymousBytes),
    processes,
    serverHeap: null,
  };
}

/** The staff command `server/mem`, read by the superuser over a telnet session of its own. */
async function readServerHeap(port: number): Promise<{ usedMb: number; totalMb: number }> {
  const client = await TelnetClient.open(port);
  try {
    await client.waitFor(/\S/, 30_000);
    await client.exchange(
      `connect ${ROOT.name} ${ROOT.password}`,
      `You become ${ROOT.name}.`,
      30_000,
    );
    const mark = client.text.length;
    client.send('server/mem');
    const out = await client.waitFor(/heap [\d.]+ MB used of [\d.]+ MB/, 30_000, mark);
    const m = /heap ([\d.]+) MB used of ([\d.]+) MB/.exec(out.slice(mark))!;
    return { usedMb: Number(m[1]), totalMb: Number(m[2]) };
  } finally {
    client.close();
  }
}

interface Side {
  label: string;
  target: Target;
  profile: Profile;
  /** The root of the process tree to read. */
  rootPid: number;
  rootRole: string;
  serverHeap?: () => Promise<{ usedMb: number; totalMb: number }>;
}

/** The quiet start, then one ramp paused at each size (see the top of the file). */
async function rampInStages(side: Side, sizes: MemorySizes): Promise<MemorySide> {
  const log = sizes.log ?? (() => undefined);
  const quiet = async (sessions: number) => {
    log(`  ${side.label}: quiet ${sizes.quietSeconds} s with ${sessions.toLocaleString('en-US')}`);
    await sleep(sizes.quietSeconds * 1000);
  };
  const reading = async (wanted: number): Promise<MemoryReading> => {
    const r: MemoryReading = { wanted, sessions: 0, ...read(side.rootPid, side.rootRole) };
    if (side.serverHeap)
      r.serverHeap = await side.serverHeap().catch((err: Error) => {
        log(`  could not read the Server's heap: ${err.message}`);
        return null;
      });
    return r;
  };

  await quiet(0);
  const readings = [await reading(0)];
  const ramps: MemoryRamp[] = [];
  const runs: RunResult[] = [];
  let innermost = -1;
  const stage = async (i: number): Promise<void> => {
    const wanted = sizes.sessions[i];
    if (wanted === undefined) return;
    const players = wanted - (sizes.sessions[i - 1] ?? 0);
    innermost = i;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const run = await drive({
      label: `${side.label} to ${wanted.toLocaleString('en-US')}`,
      target: side.target,
      profile: side.profile,
      kind: 'idler',
      players,
      pace: { mode: 'paced', perPlayerPerSecond: 1 } as Pace,
      sizes: {
        players,
        sayers: 0,
        seconds: 1,
        warmup: 0,
        rampTimeoutSeconds: sizes.rampTimeoutSeconds,
      },
      namePrefix: `Idle${STAGE_PREFIX[i] ?? i}`,
      // The tree walk reads /proc only: the display's memory figure sends the game nothing.
      gamePids: async () => processTree(side.rootPid) ?? [side.rootPid],
      hushed: () => innermost !== i,
      afterRamp: async () => {
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        ramps[i] = {
          players,
          loggedIn: 0,
          seconds,
          driverCpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
        };
        await quiet(wanted);
        readings[i + 1] = await reading(wanted);
        await stage(i + 1);
        innermost = i;
      },
    });
    runs[i] = run;
    ramps[i]!.loggedIn = run.loggedIn;
  };
  await stage(0);

  // Sessions at each reading: those of this size's run and every earlier one still logged in.
  let sessions = 0;
  ramps.forEach((ramp, i) => {
    sessions += ramp.loggedIn;
    readings[i + 1]!.sessions = sessions;
  });
  const rampSeconds = ramps.reduce((sum, r) => sum + r.seconds, 0);
  const cpuSeconds = ramps.reduce((sum, r) => sum + (r.driverCpuPercent / 100) * r.seconds, 0);
  return {
    readings,
    ramps,
    loginsPerSecond: sessions / rampSeconds,
    rampSeconds,
    driverCpuPercent: (cpuSeconds / rampSeconds) * 100,
    closedByServer: runs.reduce((sum, r) => sum + r.closedByServer, 0),
    runs,
  };
}

export async function runMemoryScenario(sizes: MemorySizes): Promise<MemoryScenario> {
  const profile = loadProfile(WAYSTONE_PROFILE);
  const game = await withGame(
    async (g) => {
      const [portalPid] = await g.pids();
      return rampInStages(
        {
          label: 'idle sessions',
          target: { host: '127.0.0.1', port: g.telnetPort, protocol: 'telnet' },
          profile,
          rootPid: portalPid!,
          rootRole: 'Portal',
          serverHeap: () => readServerHeap(g.telnetPort),
        },
        sizes,
      );
    },
    async (dir) => {
      const su = ['createsuperuser', '--game-dir', dir, '--name', ROOT.name];
      const made = await runLauncher([...su, '--password', ROOT.password], CHEAP_HASHING);
      if (made.code !== 0) throw new Error(`createsuperuser failed: ${made.out}`);
    },
  );
  const echo = await withEcho((target, pid) =>
    rampInStages(
      {
        label: 'idle sessions (raw echo)',
        target,
        profile: echoProfileFor(profile),
        rootPid: pid,
        rootRole: 'echo',
      },
      sizes,
    ),
  );
  return { quietSeconds: sizes.quietSeconds, sessions: sizes.sessions, game, echo };
}

const MB = 2 ** 20;
const mb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / MB).toFixed(0) : '-');
const kb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1024).toFixed(1) : '-');
const n = (v: number) => v.toLocaleString('en-US');

/** Each process's share of a reading: "Portal 80, Server 110" (MB). */
function split(r: MemoryReading): string {
  return r.processes.map((p) => `${p.role} ${mb(p.rssBytes)}`).join(', ');
}

/** (RSS with N − RSS with 0) / N, bytes per session. */
export function perSessionBytes(side: MemorySide, i: number): number {
  const r = side.readings[i]!;
  return (r.rssBytes - side.readings[0]!.rssBytes) / r.sessions;
}

/** The table's rows: the empty game, each size per session, the total at the last, the ramp. */
export function memoryRows(m: MemoryScenario, quick: boolean): Row[] {
  const { game, echo } = m;
  const q = `quiet ${m.quietSeconds} s`;
  const zero = game.readings[0]!;
  const last = game.readings.length - 1;
  const top = game.readings[last]!;
  const shortOf = (r: MemoryReading) =>
    r.sessions < r.wanted ? { note: `only ${n(r.sessions)}/${n(r.wanted)} logged in` } : {};
  const closed = game.closedByServer
    ? `; ${n(game.closedByServer)} connections closed by the game`
    : '';
  const rows: Row[] = [
    {
      scenario: `game with nobody connected, ${q}`,
      figure: `Portal + Server ${mb(zero.rssBytes)} MB (${split(zero)}; PSS ${mb(zero.pssBytes)})`,
      value: zero.rssBytes / MB,
      target: '≤ 120 MB',
      sense: 'atMost',
      targetValue: 120,
      baseline: `${mb(echo.readings[0]!.rssBytes)} MB, 0 connections`,
      driverCpu: '-',
    },
  ];
  game.readings.forEach((r, i) => {
    if (i === 0) return;
    const paused = i < last ? ' (ramp paused here)' : '';
    rows.push({
      scenario: `idle puppeting session at ${n(r.wanted)} sessions${paused}, ${q}`,
      figure: `${kb(perSessionBytes(game, i))} KB/session (${mb(r.rssBytes)} MB with ${n(r.sessions)}, ${mb(zero.rssBytes)} MB with 0)`,
      value: perSessionBytes(game, i) / 1024,
      target: '≤ 20 KB',
      sense: 'atMost',
      targetValue: 20,
      baseline: `${kb(perSessionBytes(echo, i))} KB/connection (${mb(echo.readings[i]!.rssBytes)} MB)`,
      driverCpu: '-',
      ...shortOf(r),
    });
  });
  const quickNote = quick ? ' (quick: the target is for 10,000)' : '';
  rows.push({
    scenario: `${n(top.wanted)} idle puppeting sessions: total${quickNote}`,
    figure: `Portal + Server ${mb(top.rssBytes)} MB (${split(top)}; PSS ${mb(top.pssBytes)})`,
    value: top.rssBytes / MB,
    target: '< 350 MB',
    sense: 'max',
    targetValue: 350,
    baseline: `${mb(echo.readings[last]!.rssBytes)} MB`,
    driverCpu: '-',
    ...shortOf(top),
  });
  const stages = game.ramps.map((r) => `${n(r.loggedIn)} in ${r.seconds.toFixed(0)} s`).join(', ');
  rows.push({
    scenario: `login ramp to ${n(top.wanted)} players, cheap hashing${quickNote}`,
    figure: `${game.loginsPerSecond.toFixed(0)} logins/s (${stages}${game.ramps.length > 1 ? ', paused between' : ''})`,
    value: game.loginsPerSecond,
    target: '≥ 200 logins/s',
    sense: 'min',
    targetValue: 200,
    baseline: `${int(echo.loginsPerSecond)} logins/s`,
    driverCpu: `${game.driverCpuPercent.toFixed(0)} % (echo ${echo.driverCpuPercent.toFixed(0)} %)`,
    ...(closed ? { note: closed.slice(2) } : {}),
  });
  return rows;
}

/** Every reading, process by process: RSS, PSS, anonymous memory, the Server's heap. */
export function formatMemory(m: MemoryScenario): string {
  const out = [
    `Waystone idle sessions memory: one ramp paused at ${m.sessions.map(n).join(', ')}, quiet ${m.quietSeconds} s before each reading (MB)`,
  ];
  const side = (name: string, s: MemorySide) => {
    for (const r of s.readings) {
      const procs = r.processes
        .map(
          (p) =>
            `${p.role} ${mb(p.rssBytes)} (PSS ${mb(p.pssBytes ?? NaN)}, anon ${mb(p.anonymousBytes ?? NaN)})`,
        )
        .join('; ');
      const heap = r.serverHeap
        ? `; Server heap ${r.serverHeap.usedMb.toFixed(1)} used of ${r.serverHeap.totalMb.toFixed(1)}`
        : '';
      const totals = `RSS ${mb(r.rssBytes).padStart(5)} PSS ${mb(r.pssBytes).padStart(5)} anon ${mb(r.anonymousBytes).padStart(5)}`;
      out.push(
        `  ${name.padEnd(5)} ${n(r.sessions).padStart(6)} sessions  ${totals}  ${procs}${heap}`,
      );
    }
  };
  side('game', m.game);
  side('echo', m.echo);
  return out.join('\n');
}
