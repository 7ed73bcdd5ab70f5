/**
 * One simulated player: connect, wait for the connection screen, create the account if asked
 * and log in (the profile's steps), then play: the scheduler asks it to act, it sends one of
 * its kind's actions and times the reply. A player owns no timer; the scheduler's one clock
 * checks deadlines (`checkTimeout`), so 10,000 players cost 10,000 sockets and nothing more.
 *
 *   connecting → greeting → login → ready ⇄ waiting → closed
 */
import type { Profile, Step, PlayerKind } from './profile.ts';
import { fillPlaceholders } from './profile.ts';
import type { Recorder } from './recorder.ts';
import { StreamSearch } from './stream-search.ts';
import { openTransport, type Target, type Transport } from './transport.ts';

/** What games answer to `create` for a name that is taken: go on to connect instead. */
const ACCOUNT_EXISTS: readonly string[] = ['already taken', 'already exists'];

export type PlayerState = 'connecting' | 'greeting' | 'login' | 'ready' | 'waiting' | 'closed';

export interface PlayerOptions {
  index: number;
  name: string;
  password: string;
  kind: PlayerKind;
  profile: Profile;
  target: Target;
  recorder: Recorder;
  /** Run the profile's create steps before connecting. */
  createAccount: boolean;
  random: () => number;
  /** Called once logged in (or when login ends badly, with ok=false). */
  onLoginDone(player: Player, ok: boolean): void;
  /** Called when an action's reply arrived (or timed out) and the player may act again. */
  onReady(player: Player): void;
}

/** Matchers for one step, with the placeholders filled for this player. */
interface ActiveStep {
  label: string;
  step: Step;
  matchers: StreamSearch[];
  failures: StreamSearch[];
  /** Texts that end the create phase early (the account exists already). */
  exists: StreamSearch[];
  sentAt: number;
  deadline: number;
}

export class Player {
  state: PlayerState = 'connecting';
  private transport: Transport | null = null;
  private active: ActiveStep | null = null;
  private readonly loginSteps: Array<{ step: Step; phase: 'create' | 'connect' }> = [];
  private loginStartedAt = 0;
  private seq = 0;
  private readonly deliveries: StreamSearch | null;
  private readonly throttled: StreamSearch[];
  private readonly failed: StreamSearch[];
  /** Matchers per expectation list (by identity: the profile's lists never change). */
  private readonly cache = new Map<readonly string[], StreamSearch[]>();
  /** Set by the scheduler: when this player should act next (paced mode). */
  dueAt = 0;
  /** The pacing heap's bookkeeping (shared/indexed-heap.ts). */
  heapSeq = 0;
  heapIndex = -1;
  connectDeadline = 0;

  constructor(private readonly o: PlayerOptions) {
    const p = o.profile;
    this.deliveries = p.deliveries ? new StreamSearch(p.deliveries) : null;
    this.throttled = p.throttled.map((t) => new StreamSearch(t));
    this.failed = p.failed.map((t) => new StreamSearch(t));
    if (o.createAccount)
      for (const s of p.create) this.loginSteps.push({ step: s, phase: 'create' });
    for (const s of p.connect) this.loginSteps.push({ step: s, phase: 'connect' });
  }

  get index(): number {
    return this.o.index;
  }

  get kind(): PlayerKind {
    return this.o.kind;
  }

  /** Open the connection; `deadline` bounds the whole login. */
  start(now: number, loginTimeoutMs: number): void {
    this.loginStartedAt = now;
    this.connectDeadline = now + loginTimeoutMs;
    this.transport = openTransport(
      this.o.target,
      {
        open: () => this.onOpen(),
        data: (b) => this.onData(b),
        prompt: () => this.onPrompt(),
        close: (error) => this.onClose(error),
      },
      this.o.index,
    );
  }

  private onOpen(): void {
    this.o.recorder.connected++;
    const greeting = this.o.profile.greeting;
    if (greeting) {
      this.state = 'greeting';
      this.expect('greeting', greeting, false);
    } else {
      this.state = 'login';
      this.nextLoginStep();
    }
  }

  private values() {
    return { name: this.o.name, password: this.o.password, n: this.o.index, seq: this.seq };
  }

  private pick = (list: string[]): string => list[Math.floor(this.o.random() * list.length)]!;

  private matchersFor(texts: readonly string[]): StreamSearch[] {
    let m = this.cache.get(texts);
    if (!m) {
      m = texts.map(
        (t) =>
          new StreamSearch(fillPlaceholders(t, this.values(), this.o.profile.choices, this.pick)),
      );
      // Per-player patterns only; bounded by the profile's number of distinct expects.
      this.cache.set(texts, m);
    }
    for (const s of m) s.reset();
    return m;
  }

  /** Send the step's line (unless `send` is false) and wait for its expectation. */
  private expect(label: string, step: Step, send: boolean, exists: StreamSearch[] = []): void {
    const now = performance.now();
    this.active = {
      label,
      step,
      matchers: this.matchersFor(step.expect),
      failures: step.fail.length ? this.matchersFor(step.fail) : [],
      exists,
      sentAt: now,
      deadline: now + step.timeoutMs,
    };
    for (const s of exists) s.reset();
    if (send)
      this.transport?.send(
        fillPlaceholders(step.send, this.values(), this.o.profile.choices, this.pick),
      );
  }

  private nextLoginStep(): void {
    const next = this.loginSteps.shift();
    if (!next) {
      this.active = null;
      this.state = 'ready';
      this.o.recorder.loggedIn++;
      this.o.recorder.loginTimes.recordMs(performance.now() - this.loginStartedAt);
      this.o.onLoginDone(this, true);
      return;
    }
    const exists = next.phase === 'create' ? this.matchersFor(ACCOUNT_EXISTS) : [];
    this.expect(next.phase, next.step, true, exists);
  }

  private loginFailed(how: 'throttled' | 'failed' | 'timeout'): void {
    const r = this.o.recorder;
    if (how === 'throttled') r.loginThrottled++;
    else if (how === 'failed') r.loginFailed++;
    else r.loginTimeouts++;
    r.noteError(`login ${how}${this.active ? ` at step "${this.active.label}"` : ''}`);
    if (this.state !== 'connecting') r.connected--;
    this.state = 'closed';
    this.active = null;
    this.transport?.close();
    this.o.onLoginDone(this, false);
  }

  /** Pick an action of this player's kind and send it. False if the kind has none. */
  act(): boolean {
    if (this.state !== 'ready') return false;
    const kind = this.o.kind;
    if (kind.totalWeight === 0) return false;
    const roll = this.o.random() * kind.totalWeight;
    const chosen =
      kind.actions.find((a) => roll < a.upTo) ?? kind.actions[kind.actions.length - 1]!;
    const step = this.o.profile.actions.get(chosen.action)!;
    this.seq++;
    this.state = 'waiting';
    this.expect(chosen.action, step, true);
    return true;
  }

  private onData(bytes: Buffer): void {
    if (this.deliveries && this.state !== 'connecting') {
      const n = this.deliveries.count(bytes);
      if (n > 0) this.o.recorder.recordDeliveries(n);
    }
    const a = this.active;
    if (!a) return;
    if (this.state === 'login') {
      for (const s of this.throttled) if (s.test(bytes)) return this.loginFailed('throttled');
      for (const s of this.failed) if (s.test(bytes)) return this.loginFailed('failed');
      if (a.exists.some((s) => s.test(bytes))) {
        // The account is there already: skip the rest of creation, go on to connect.
        while (this.loginSteps[0]?.phase === 'create') this.loginSteps.shift();
        return this.nextLoginStep();
      }
    }
    let failed = false;
    for (const s of a.failures) if (s.test(bytes)) failed = true;
    if (failed && this.state === 'waiting') {
      this.o.recorder.recordActionError(a.label);
      this.active = null;
      this.state = 'ready';
      this.o.onReady(this);
      return;
    }
    let hit = false;
    for (const s of a.matchers) if (s.test(bytes)) hit = true;
    if (hit) this.stepDone();
  }

  private onPrompt(): void {
    if (this.active?.step.prompt) this.stepDone();
  }

  private stepDone(): void {
    const a = this.active!;
    switch (this.state) {
      case 'greeting':
        this.state = 'login';
        this.nextLoginStep();
        return;
      case 'login':
        this.nextLoginStep();
        return;
      case 'waiting':
        this.active = null;
        this.state = 'ready';
        this.o.recorder.recordAction(a.label, performance.now() - a.sentAt);
        this.o.onReady(this);
        return;
      default:
        return;
    }
  }

  /** Called by the scheduler's clock: give up on a step past its deadline. */
  checkTimeout(now: number): void {
    if (this.state === 'connecting' || this.state === 'greeting' || this.state === 'login') {
      const deadline = Math.min(this.connectDeadline, this.active?.deadline ?? Infinity);
      if (now > deadline) this.loginFailed('timeout');
      return;
    }
    if (this.state === 'waiting' && this.active && now > this.active.deadline) {
      this.o.recorder.recordTimeout();
      this.o.recorder.noteError(
        `no reply to "${this.active.label}" within ${this.active.step.timeoutMs} ms`,
      );
      this.active = null;
      this.state = 'ready';
      this.o.onReady(this);
    }
  }

  private onClose(error: string | null): void {
    const wasState = this.state;
    this.state = 'closed';
    this.active = null;
    const r = this.o.recorder;
    if (wasState === 'closed') return; // we closed it
    r.noteError(
      error ?? (wasState === 'connecting' ? 'connection failed' : 'closed by the server'),
    );
    if (wasState === 'connecting') {
      r.connectErrors++;
      r.errors++;
      this.o.onLoginDone(this, false);
      return;
    }
    r.connected--;
    r.closedByServer++;
    r.errors++;
    if (wasState === 'greeting' || wasState === 'login') this.o.onLoginDone(this, false);
    else r.loggedIn--;
  }

  /** End the connection on purpose (end of the run). */
  close(): void {
    if (this.state === 'closed') return;
    const r = this.o.recorder;
    if (this.state !== 'connecting') r.connected--;
    if (this.state === 'ready' || this.state === 'waiting') r.loggedIn--;
    this.state = 'closed';
    this.transport?.close();
  }
}
