/**
 * Everything a run counts: connection and login counters, per-action latency histograms for
 * the measured window, and a timeline with one point per second (actions/s, deliveries/s,
 * p50/p99, errors, the driver's CPU, the game's memory when known). Memory is bounded: the
 * histograms are fixed-size and the timeline stops growing at MAX_TIMELINE points.
 */
import { Histogram, type HistogramSummary } from './histogram.ts';

const MAX_TIMELINE = 7200;

export interface TimelinePoint {
  /** Seconds since the run started. */
  t: number;
  phase: Phase;
  connected: number;
  loggedIn: number;
  actionsPerSecond: number;
  deliveriesPerSecond: number;
  p50: number | null;
  p99: number | null;
  errors: number;
  /** Driver CPU over the second, % of one core. */
  driverCpu: number;
  /** Portal + Server resident memory, MB, when the tool started the game. */
  gameRssMb: number | null;
  /** CPU the game's processes used over the last sample, % of one core, when known. */
  gameCpu: number | null;
}

export type Phase = 'ramp' | 'warmup' | 'measure' | 'drain';

export class Recorder {
  readonly startedAt = performance.now();
  phase: Phase = 'ramp';

  connected = 0;
  connectErrors = 0;
  loggedIn = 0;
  loginThrottled = 0;
  loginFailed = 0;
  loginTimeouts = 0;
  closedByServer = 0;
  readonly loginTimes = new Histogram();

  // Counted in every phase (the live display); `measured*` only while measuring.
  actions = 0;
  deliveries = 0;
  timeouts = 0;
  overruns = 0;
  errors = 0;
  readonly intervalLatency = new Histogram();

  measuredActions = 0;
  measuredDeliveries = 0;
  measuredTimeouts = 0;
  measuredOverruns = 0;
  measuredActionErrors = 0;
  measureStartedAt = 0;
  measureEndedAt = 0;
  private measureCpuStart: NodeJS.CpuUsage = { user: 0, system: 0 };
  measureCpu: NodeJS.CpuUsage = { user: 0, system: 0 };
  readonly latency = new Histogram();
  readonly perAction = new Map<string, Histogram>();

  /** A few distinct error messages with their counts, for the report. */
  readonly errorSamples = new Map<string, number>();

  noteError(message: string): void {
    const n = this.errorSamples.get(message);
    if (n !== undefined) this.errorSamples.set(message, n + 1);
    else if (this.errorSamples.size < 20) this.errorSamples.set(message, 1);
  }

  readonly timeline: TimelinePoint[] = [];
  timelineTruncated = false;
  private lastTick = performance.now();
  private lastCpu = process.cpuUsage();
  private lastActions = 0;
  private lastDeliveries = 0;
  private lastErrors = 0;

  recordAction(action: string, ms: number): void {
    this.actions++;
    this.intervalLatency.recordMs(ms);
    if (this.phase !== 'measure') return;
    this.measuredActions++;
    this.latency.recordMs(ms);
    let h = this.perAction.get(action);
    if (!h) this.perAction.set(action, (h = new Histogram()));
    h.recordMs(ms);
  }

  recordDeliveries(n: number): void {
    this.deliveries += n;
    if (this.phase === 'measure') this.measuredDeliveries += n;
  }

  recordTimeout(): void {
    this.timeouts++;
    this.errors++;
    if (this.phase === 'measure') this.measuredTimeouts++;
  }

  /** The game answered with one of the step's `fail` texts. */
  recordActionError(action: string): void {
    this.errors++;
    if (this.phase === 'measure') this.measuredActionErrors++;
    this.noteError(`"${action}" answered with a failure text`);
  }

  recordOverrun(): void {
    this.overruns++;
    if (this.phase === 'measure') this.measuredOverruns++;
  }

  startMeasuring(): void {
    this.phase = 'measure';
    this.measureStartedAt = performance.now();
    this.measureCpuStart = process.cpuUsage();
  }

  stopMeasuring(): void {
    this.measureEndedAt = performance.now();
    this.measureCpu = process.cpuUsage(this.measureCpuStart);
    this.phase = 'drain';
  }

  get measuredSeconds(): number {
    return (this.measureEndedAt - this.measureStartedAt) / 1000;
  }

  /** Driver CPU during the measured window, % of one core. */
  get measuredDriverCpu(): number {
    const s = this.measuredSeconds;
    return s > 0 ? ((this.measureCpu.user + this.measureCpu.system) / 1e6 / s) * 100 : NaN;
  }

  /** Close the current second: one timeline point. */
  tick(gameRssMb: number | null, gameCpu: number | null = null): TimelinePoint {
    const now = performance.now();
    const seconds = Math.max(1e-3, (now - this.lastTick) / 1000);
    const cpu = process.cpuUsage(this.lastCpu);
    const point: TimelinePoint = {
      t: Math.round((now - this.startedAt) / 100) / 10,
      phase: this.phase,
      connected: this.connected,
      loggedIn: this.loggedIn,
      actionsPerSecond: (this.actions - this.lastActions) / seconds,
      deliveriesPerSecond: (this.deliveries - this.lastDeliveries) / seconds,
      p50: this.intervalLatency.count ? this.intervalLatency.percentileMs(50) : null,
      p99: this.intervalLatency.count ? this.intervalLatency.percentileMs(99) : null,
      errors: this.errors - this.lastErrors,
      driverCpu: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
      gameRssMb,
      gameCpu,
    };
    this.lastTick = now;
    this.lastCpu = process.cpuUsage();
    this.lastActions = this.actions;
    this.lastDeliveries = this.deliveries;
    this.lastErrors = this.errors;
    this.intervalLatency.reset();
    if (this.timeline.length < MAX_TIMELINE) this.timeline.push(point);
    else this.timelineTruncated = true;
    return point;
  }

  perActionSummary(): Record<string, HistogramSummary> {
    const out: Record<string, HistogramSummary> = {};
    for (const [k, h] of [...this.perAction].sort()) out[k] = h.summary();
    return out;
  }
}
