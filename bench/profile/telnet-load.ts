/**
 * A small telnet load for profiling the Portal and the Server end to end (until the project's
 * load tester lands): a real game in a temporary directory, N raw telnet sockets that each
 * create an account, connect and so puppet a character in Limbo, then one of:
 *
 *   --mode idle   the Portal's and the Server's RSS with 0 sessions and with N idle ones, and
 *                 the cost per session;
 *   --mode loop   every player sends `sessions` (a cheap command) in a closed loop, the next
 *                 when the reply's "(this one)" comes back; commands per second;
 *   --mode say    every player `say`s in a closed loop (the next when its own "You say" comes
 *                 back); deliveries per second = every "says" / "You say" line received.
 *
 *   node --import tsx bench/profile/telnet-load.ts --mode say --players 100 --seconds 5
 *   node --import tsx bench/profile/telnet-load.ts --mode idle --players 2000
 *
 * Add `--heap DIR` (idle mode) to also collect garbage in both processes before each figure and
 * print heap and external bytes per session (heap-on-signal.mjs); `--snapshot` writes heap
 * snapshots there too; `--no-login` only connects (the connection screen, no account). Add `--prof DIR` to profile the Portal and the Server during the measured phase only (see
 * cpu-prof-on-signal.mjs); summarise with top-functions.ts.
 * Accounts are made over telnet with a cheap argon2 cost and the login and creation throttles
 * raised, so thousands of sessions from one address are possible.
 */
import { connect, type Socket } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GameProcess } from '../../test/support/game-process.ts';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'say' },
    players: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '5' },
    prof: { type: 'string' },
    heap: { type: 'string' },
    snapshot: { type: 'boolean', default: false },
    'no-login': { type: 'boolean', default: false },
  },
});
const PLAYERS = Number(values.players);
const SECONDS = Number(values.seconds);
const PASSWORD = 'load test password';

/** One raw telnet client: keeps a short tail of text for setup, counts lines when told to. */
class Player {
  private tail = '';
  private waiter: { pattern: string; resolve: () => void } | null = null;
  onText: ((chunk: string) => void) | null = null;

  constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (this.onText !== null) {
        this.onText(text);
        return;
      }
      // Look in the whole chunk before trimming: a long room listing may follow the pattern.
      const seen = this.tail + text;
      this.tail = seen.slice(-4096);
      if (this.waiter !== null && seen.includes(this.waiter.pattern)) {
        const { resolve } = this.waiter;
        this.waiter = null;
        this.tail = '';
        resolve();
      }
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<Player> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new Player(socket)));
      socket.once('error', reject);
    });
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  waitFor(pattern: string, timeoutMs = 60_000): Promise<void> {
    if (this.tail.includes(pattern)) {
      this.tail = '';
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${JSON.stringify(pattern)}: ${this.tail}`)),
        timeoutMs,
      );
      this.waiter = {
        pattern,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }
}

async function login(port: number, i: number): Promise<Player> {
  const name = `Load${i}`;
  const p = await Player.open(port);
  await p.waitFor('Type help.');
  if (values['no-login']) return p;
  p.send(`create ${name} "${PASSWORD}"`);
  await p.waitFor('[Y/n]');
  p.send('y');
  await p.waitFor('was created');
  p.send(`connect ${name} "${PASSWORD}"`);
  await p.waitFor(`You become ${name}.`);
  return p;
}

async function loginAll(port: number, n: number): Promise<Player[]> {
  const players: Player[] = [];
  const started = performance.now();
  const batch = 50;
  for (let i = 0; i < n; i += batch) {
    const count = Math.min(batch, n - i);
    players.push(
      ...(await Promise.all(Array.from({ length: count }, (_, k) => login(port, i + k)))),
    );
    if ((i / batch) % 20 === 19) console.log(`  ${players.length} logged in`);
  }
  console.log(`${n} players logged in in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return players;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Memory {
  rss: number;
  /** RSS right after a full collection (with --heap). */
  gcRss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** RSS now; with --heap, also the heap after a collection (written by heap-on-signal.mjs). */
async function memoryOf(pid: number, round: number): Promise<Memory> {
  const rss = rssMb(pid) * 1048576;
  if (values.heap === undefined)
    return { rss, gcRss: NaN, heapUsed: NaN, external: NaN, arrayBuffers: NaN };
  process.kill(pid, 'SIGUSR2');
  const dir = values.heap;
  const file = await waitForFile(dir, `-${pid}-${round}.json`);
  const after = JSON.parse(readFileSync(file, 'utf8')) as Omit<Memory, 'gcRss'>;
  return { ...after, gcRss: after.rss, rss };
}

async function waitForFile(dir: string, suffix: string): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    const found = readdirSync(dir).find((f) => f.endsWith(suffix));
    // The snapshot, when asked for, is written after the figures: wait for it too.
    if (found !== undefined) {
      if (values.snapshot) await sleep(values.snapshot ? 3000 : 0);
      return join(dir, found);
    }
    await sleep(100);
  }
  throw new Error(`no ${suffix} in ${dir}`);
}

async function idle(game: GameProcess): Promise<void> {
  const status = await game.status();
  const pids = { Portal: status.portal.pid, Server: status.server.pid! };
  await sleep(2000);
  const before = {
    Portal: await memoryOf(pids.Portal, 1),
    Server: await memoryOf(pids.Server, 1),
  };
  const mb = (n: number): string => (n / 1048576).toFixed(1).padStart(8);
  const players = await loginAll(game.telnetPort, PLAYERS);
  // Arrivals keep the room busy for a while (each is announced to everyone already there).
  for (const p of players) p.onText = () => {};
  await sleep(5000);
  const after = {
    Portal: await memoryOf(pids.Portal, 2),
    Server: await memoryOf(pids.Server, 2),
  };
  if (values.heap !== undefined) {
    console.log(
      `RSS after a collection: Portal ${mb(before.Portal.gcRss)} -> ${mb(after.Portal.gcRss)}, Server ${mb(before.Server.gcRss)} -> ${mb(after.Server.gcRss)}`,
    );
  }
  const per = (a: number, b: number): string =>
    `${((b - a) / 1024 / PLAYERS).toFixed(1).padStart(7)}`;
  console.log(
    `MB / KiB per session   RSS 0 / ${PLAYERS}  per s.   heap 0 / ${PLAYERS}   per s.  external per s.`,
  );
  for (const name of ['Portal', 'Server'] as const) {
    const a = before[name];
    const b = after[name];
    console.log(
      `${name.padEnd(8)} ${mb(a.rss)} ${mb(b.rss)} ${per(a.rss, b.rss)} ${mb(a.heapUsed)} ${mb(b.heapUsed)} ${per(a.heapUsed, b.heapUsed)} ${per(a.external, b.external)}`,
    );
  }
  console.log(`total RSS with ${PLAYERS} sessions: ${mb(after.Portal.rss + after.Server.rss)} MB`);
  for (const p of players) p.socket.destroy();
}

function countOf(text: string, pattern: string): number {
  let n = 0;
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) n++;
  return n;
}

async function say(game: GameProcess): Promise<void> {
  const players = await loginAll(game.telnetPort, PLAYERS);
  await sleep(1000);
  let deliveries = 0;
  let running = true;
  for (const p of players) {
    p.onText = (text) => {
      deliveries += countOf(text, 'says, "');
      const own = countOf(text, 'You say, "');
      deliveries += own;
      if (own > 0 && running) p.send('say hello everyone');
    };
  }
  for (const p of players) p.send('say hello everyone');
  await sleep(1000);
  const pids = await profiledPids(game);
  const from = deliveries;
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const count = deliveries - from;
  const elapsed = (performance.now() - t0) / 1000;
  running = false;
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  console.log(
    `say: ${PLAYERS} players in one room: ${Math.round(count / elapsed).toLocaleString('en')} deliveries/s`,
  );
  for (const p of players) p.socket.destroy();
}

/** With --prof: starts both processes' profilers; signal the same pids again to stop. */
async function profiledPids(game: GameProcess): Promise<number[]> {
  if (values.prof === undefined) return [];
  const status = await game.status();
  const pids = [status.portal.pid, status.server.pid!];
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  return pids;
}

async function loop(game: GameProcess): Promise<void> {
  const players = await loginAll(game.telnetPort, PLAYERS);
  for (const p of players) p.onText = () => {};
  await sleep(2000);
  let done = 0;
  let running = true;
  for (const p of players) {
    p.onText = (text) => {
      const replies = countOf(text, '(this one)');
      done += replies;
      if (replies > 0 && running) p.send('sessions');
    };
  }
  for (const p of players) p.send('sessions');
  await sleep(1000);
  const pids = await profiledPids(game);
  const from = done;
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const count = done - from;
  const elapsed = (performance.now() - t0) / 1000;
  running = false;
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  console.log(
    `loop: ${PLAYERS} players, closed loop on 'sessions': ${Math.round(count / elapsed).toLocaleString('en')} commands/s`,
  );
  for (const p of players) p.socket.destroy();
}

async function main(): Promise<void> {
  const env: Record<string, string> = {
    WAYSTONE_ARGON2_MEMORY_COST: '4096',
    WAYSTONE_ARGON2_TIME_COST: '1',
    WAYSTONE_ACCOUNT_CREATION_LIMIT: '1000000',
    WAYSTONE_LOGIN_FAILURE_LIMIT: '1000000',
    WAYSTONE_MAX_INPUT_RATE: '100000',
    WAYSTONE_TELNET_KEEPALIVE_SECONDS: '0',
  };
  if (values.prof !== undefined) {
    const hook = fileURLToPath(new URL('./cpu-prof-on-signal.mjs', import.meta.url));
    env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import ${hook}`;
    env['WAYSTONE_CPU_PROF_DIR'] = values.prof;
  } else if (values.heap !== undefined) {
    const hook = fileURLToPath(new URL('./heap-on-signal.mjs', import.meta.url));
    env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --expose-gc --import ${hook}`;
    env['WAYSTONE_HEAP_DIR'] = values.heap;
    if (values.snapshot) env['WAYSTONE_HEAP_SNAPSHOT'] = '1';
  }
  const game = await GameProcess.start({ env });
  try {
    if (values.mode === 'idle') await idle(game);
    else if (values.mode === 'loop') await loop(game);
    else await say(game);
  } finally {
    await game.stop();
  }
}

await main();
