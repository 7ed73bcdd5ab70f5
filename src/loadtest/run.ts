/**
 * One load-test run: open N players (a bounded number logging in at once), let them warm up,
 * measure for a fixed time, drain, close. Everything is bounded in count and time: the ramp
 * has a deadline, every step a timeout, the drain a cap. One clock (every 250 ms) checks
 * timeouts; once a second it closes a timeline point and feeds the live display.
 */
import { Player } from './player.ts';
import { assignKinds, type Profile } from './profile.ts';
import { Recorder, type TimelinePoint } from './recorder.ts';
import { Scheduler, type Pace } from './scheduler.ts';
import type { Target } from './transport.ts';
import type { HistogramSummary } from './histogram.ts';
import { totalRssBytes } from './process-memory.ts';
import { cpuUsedBetween, processCpu, type ProcessCpu } from './process-cpu.ts';
import { seededRandom } from '../shared/seeded-random.ts';

export interface RunOptions {
  label: string;
  target: Target;
  profile: Profile;
  players: number;
  /** Share of each player kind (from parseMix). */
  mix: Map<string, number>;
  pace: Pace;
  warmupSeconds: number;
  durationSeconds: number;
  createAccounts: boolean;
  namePrefix: string;
  password: string;
  /** Players logging in at the same time (the rest wait their turn). */
  loginConcurrency: number;
  /** Longest a whole ramp (all players connecting and logging in) may take. */
  rampTimeoutMs: number;
  seed: number;
  /** Pids of the game's processes, for its memory in the timeline (when the tool started it). */
  gamePids?: () => Promise<number[]>;
  /** Called after the ramp, before measuring (e.g. to read memory with everyone logged in). */
  afterRamp?: () => Promise<void>;
  onTick?: (point: TimelinePoint, recorder: Recorder) => void;
}

export interface RunResult {
  label: string;
  target: string;
  profile: string;
  players: number;
  mix: Record<string, number>;
  pace: Pace;
  warmupSeconds: number;
  measuredSeconds: number;
  connected: number;
  loggedIn: number;
  connectErrors: number;
  loginThrottled: number;
  loginFailed: number;
  loginTimeouts: number;
  closedByServer: number;
  rampSeconds: number;
  /** CPU the game's processes used during the ramp (when the tool knows their pids). */
  rampCpu: ProcessCpu[] | null;
  login: HistogramSummary;
  actions: number;
  actionsPerSecond: number;
  deliveries: number;
  deliveriesPerSecond: number;
  timeouts: number;
  /** Replies that were one of the step's `fail` texts. */
  actionErrors: number;
  overruns: number;
  latency: HistogramSummary;
  latencyBuckets: Array<[number, number, number]>;
  perAction: Record<string, HistogramSummary>;
  /** Driver CPU during the measured window, % of one core (100 = one core busy). */
  driverCpuPercent: number;
  errors: Record<string, number>;
  timeline: TimelinePoint[];
  timelineTruncated: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const DRAIN_MS = 3000;

export async function runLoadtest(o: RunOptions): Promise<RunResult> {
  const recorder = new Recorder();
  const random = seededRandom(o.seed);
  const scheduler = new Scheduler(o.pace, recorder, random);
  const kinds = assignKinds(o.mix, o.players);
  const players: Player[] = [];
  let pending = 0; // players that have finished logging in, well or badly
  let next = 0;
  let rampOver = false;
  let rampDone: () => void = () => undefined;
  const ramped = new Promise<void>((r) => (rampDone = r));
  const startOne = (): void => {
    const i = next++;
    const kind = o.profile.players.get(kinds[i]!)!;
    const p = new Player({
      index: i,
      name: `${o.namePrefix}${i}`,
      password: o.password,
      kind,
      profile: o.profile,
      target: o.target,
      recorder,
      createAccount: o.createAccounts,
      random,
      onLoginDone: () => {
        pending++;
        if (next < o.players && !rampOver) startOne();
        if (pending === o.players) rampDone();
      },
      onReady: (pl) => scheduler.onReady(pl),
    });
    players.push(p);
    p.start(performance.now(), o.rampTimeoutMs);
  };

  // The clock: timeouts every 250 ms, a timeline point and display every second.
  let gameRssMb: number | null = null;
  let gameCpuPercent: number | null = null;
  let lastCpu: { at: number; seconds: number } | null = null;
  let sampling = false;
  const sampleMemory = (): void => {
    if (!o.gamePids || sampling) return;
    sampling = true;
    o.gamePids()
      .then((pids) => {
        const b = totalRssBytes(pids);
        gameRssMb = b === null ? null : b / 2 ** 20;
        const cpu = pids.map(processCpu);
        const at = performance.now();
        const seconds = cpu.every((p) => p !== null)
          ? cpu.reduce((sum, p) => sum + p!.seconds, 0)
          : null;
        // A process that came or went (a reload) makes one sample meaningless: skip it.
        gameCpuPercent =
          seconds !== null && lastCpu !== null && seconds >= lastCpu.seconds
            ? ((seconds - lastCpu.seconds) / ((at - lastCpu.at) / 1000)) * 100
            : null;
        lastCpu = seconds === null ? null : { at, seconds };
      })
      .catch(() => (gameRssMb = null))
      .finally(() => (sampling = false));
  };
  let ticks = 0;
  const clock = setInterval(() => {
    const now = performance.now();
    for (const p of players) p.checkTimeout(now);
    if (++ticks % 4 === 0) {
      sampleMemory();
      const point = recorder.tick(gameRssMb, gameCpuPercent);
      o.onTick?.(point, recorder);
    }
  }, 250);

  const gameCpu = async (): Promise<ProcessCpu[] | null> => {
    if (!o.gamePids) return null;
    const all = (await o.gamePids()).map(processCpu);
    return all.every((p) => p !== null) ? (all as ProcessCpu[]) : null;
  };
  const cpuBefore = await gameCpu();
  const rampStart = performance.now();
  try {
    if (o.players === 0) rampDone();
    for (let i = 0; i < Math.min(o.loginConcurrency, o.players); i++) startOne();
    let rampTimer: NodeJS.Timeout | undefined;
    await Promise.race([
      ramped,
      new Promise<void>((r) => (rampTimer = setTimeout(r, o.rampTimeoutMs + 1000))),
    ]);
    clearTimeout(rampTimer);
    rampOver = true;
    const rampSeconds = (performance.now() - rampStart) / 1000;
    const cpuAfter = cpuBefore === null ? null : await gameCpu();
    const rampCpu = cpuBefore && cpuAfter ? cpuUsedBetween(cpuBefore, cpuAfter) : null;
    await o.afterRamp?.();

    recorder.phase = 'warmup';
    scheduler.begin(players);
    await sleep(o.warmupSeconds * 1000);
    recorder.startMeasuring();
    await sleep(o.durationSeconds * 1000);
    recorder.stopMeasuring();
    scheduler.stop();
    // Let replies in flight arrive (bounded), so they are not counted as errors.
    const drainEnd = performance.now() + DRAIN_MS;
    while (players.some((p) => p.state === 'waiting') && performance.now() < drainEnd)
      await sleep(50);

    const m = recorder.measuredSeconds;
    return {
      label: o.label,
      target: `${o.target.protocol}://${o.target.host}:${o.target.port}`,
      profile: o.profile.name,
      players: o.players,
      mix: Object.fromEntries(o.mix),
      pace: o.pace,
      warmupSeconds: o.warmupSeconds,
      measuredSeconds: m,
      connected: recorder.connected,
      loggedIn: recorder.loggedIn,
      connectErrors: recorder.connectErrors,
      loginThrottled: recorder.loginThrottled,
      loginFailed: recorder.loginFailed,
      loginTimeouts: recorder.loginTimeouts,
      closedByServer: recorder.closedByServer,
      rampSeconds,
      rampCpu,
      login: recorder.loginTimes.summary(),
      actions: recorder.measuredActions,
      actionsPerSecond: recorder.measuredActions / m,
      deliveries: recorder.measuredDeliveries,
      deliveriesPerSecond: recorder.measuredDeliveries / m,
      timeouts: recorder.measuredTimeouts,
      actionErrors: recorder.measuredActionErrors,
      overruns: recorder.measuredOverruns,
      latency: recorder.latency.summary(),
      latencyBuckets: recorder.latency.buckets(),
      perAction: recorder.perActionSummary(),
      driverCpuPercent: recorder.measuredDriverCpu,
      errors: Object.fromEntries(recorder.errorSamples),
      timeline: recorder.timeline,
      timelineTruncated: recorder.timelineTruncated,
    };
  } finally {
    clearInterval(clock);
    scheduler.stop();
    for (const p of players) p.close();
    rampOver = true;
  }
}
