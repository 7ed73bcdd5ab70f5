/**
 * Link throughput: how many messages and megabytes per second make the round trip through the
 * link (framing, batching, zod validation on both ends), against a raw TCP echo of the same
 * number of bytes in the same run, so the figures read as a ratio to what the socket alone does.
 *
 *   node --import tsx bench/link-throughput.ts [--seconds N] [--sessions N] [--only small|large]
 *
 * To see where the time goes on both ends:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/link-throughput.ts --only small
 *   node --import tsx bench/profile/top-functions.ts /tmp/prof/*.cpuprofile
 *
 * The echoing peer (a Portal-like link listener that answers each `output` with an `input`, and
 * a plain `socket.pipe(socket)` echo) runs in a child process, so the two ends use two cores as
 * a real Portal and Server do. Each figure is measured for `--seconds` (default 5) after a short
 * warm-up; four figures keep the whole run under 30 s by default.
 *
 * Small messages: one `output` of 100 characters per session, each session keeping one message
 * in flight (so with many sessions the link's per-turn batching is what is measured).
 * Large messages: 1 MiB of text, four in flight.
 */
import { spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectLink } from '../src/link/handshake.ts';
import { LinkListener } from '../src/link/listener.ts';
import type { ServerToPortal } from '../src/link/messages.ts';
import { openPortalServerLink, openServerLink } from '../src/link/open-link.ts';

const HOST = '127.0.0.1';
const WARM_UP_MS = 500;

function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

/** Both ends of the bench's link prove this (the handshake is the real one). */
const BENCH_SECRET = 'bench-link-secret';

// ---- the echoing peer (child process) -----------------------------------------------------

async function runEchoPeer(): Promise<void> {
  const raw = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => raw.listen(0, HOST, resolve));
  const listener = await LinkListener.listen({
    port: 0,
    bootId: 'bench',
    portalPid: process.pid,
    portalStartedAt: Date.now(),
    secret: BENCH_SECRET,
    game: { dir: '/bench', id: 'bench', name: 'bench' },
    onLink: {
      server: (accepted) => {
        const link = openPortalServerLink(accepted, {
          onMessage: (message) => {
            if (message.t === 'output')
              link.send({ t: 'input', sessid: message.sessid, cmds: message.cmds });
            else if (message.t === 'outputShared')
              for (const sessid of message.sessids)
                link.send({ t: 'input', sessid, cmds: message.cmds });
          },
          onClose: () => {},
        });
      },
    },
  });
  const rawPort = (raw.address() as { port: number }).port;
  process.stdout.write(`${JSON.stringify({ rawPort, linkPort: listener.port })}\n`);
  // The parent closes our stdin when it is done (or dies): leave with it.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

// ---- load generators (parent) --------------------------------------------------------------

interface Load {
  /** Round trips completed so far. */
  readonly completed: number;
  stop(): void;
}

function connectRaw(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Keeps `inFlight` fixed-size messages bouncing off a raw echo; no framing, no parsing. */
async function rawLoad(port: number, messageBytes: number, inFlight: number): Promise<Load> {
  const socket = await connectRaw(port);
  socket.setNoDelay(true);
  const message = Buffer.alloc(messageBytes, 0x61);
  let receivedBytes = 0;
  let completed = 0;
  let running = true;
  socket.on('data', (chunk: Buffer) => {
    receivedBytes += chunk.length;
    const done = Math.floor(receivedBytes / messageBytes);
    const fresh = done - completed;
    completed = done;
    if (!running || fresh === 0) return;
    socket.cork();
    for (let i = 0; i < fresh; i++) socket.write(message);
    socket.uncork();
  });
  socket.cork();
  for (let i = 0; i < inFlight; i++) socket.write(message);
  socket.uncork();
  return {
    get completed() {
      return completed;
    },
    stop() {
      running = false;
      socket.destroy();
    },
  };
}

/** One `output` in flight per session through a real link; each `input` echo sends the next. */
async function linkLoad(port: number, outputs: ServerToPortal[]): Promise<Load> {
  const connected = await connectLink({
    host: HOST,
    secret: BENCH_SECRET,
    port,
    role: 'server',
    pid: process.pid,
  });
  let completed = 0;
  let running = true;
  const link = openServerLink(connected, {
    onMessage: (message) => {
      if (message.t !== 'input') return;
      completed++;
      if (running) link.send(outputs[message.sessid - 1]!);
    },
    onClose: () => {},
  });
  for (const output of outputs) link.send(output);
  return {
    get completed() {
      return completed;
    },
    stop() {
      running = false;
      link.close();
    },
  };
}

interface Figure {
  messagesPerSecond: number;
  megabytesPerSecond: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Round trips per second, and MB/s of one-way payload carried by those round trips. */
async function measure(load: Load, payloadBytes: number, seconds: number): Promise<Figure> {
  await sleep(WARM_UP_MS);
  const startCount = load.completed;
  const startTime = process.hrtime.bigint();
  await sleep(seconds * 1000);
  const count = load.completed - startCount;
  const elapsed = Number(process.hrtime.bigint() - startTime) / 1e9;
  load.stop();
  await sleep(50);
  return {
    messagesPerSecond: count / elapsed,
    megabytesPerSecond: (count * payloadBytes) / elapsed / 1e6,
  };
}

/**
 * One output per session, each with its own text (a room-wide message, the same text for every
 * session, would cross the link once as `outputShared`: that is not what this measures).
 */
function outputsFor(sessions: number, text: string): ServerToPortal[] {
  return Array.from({ length: sessions }, (_, i) => {
    const own = `${i + 1} `;
    return {
      t: 'output',
      sessid: i + 1,
      cmds: [['text', [own + text.slice(own.length)], {}]],
    };
  });
}

function payloadBytesOf(outputs: ServerToPortal[]): number {
  const total = outputs.reduce((sum, output) => sum + Buffer.byteLength(JSON.stringify(output)), 0);
  return Math.round(total / outputs.length);
}

function show(label: string, raw: Figure, link: Figure): string {
  const cell = (f: Figure): string =>
    `${Math.round(f.messagesPerSecond).toLocaleString('en').padStart(10)} msg/s ${f.megabytesPerSecond.toFixed(1).padStart(7)} MB/s`;
  const ratio = (link.messagesPerSecond / raw.messagesPerSecond).toFixed(2);
  return `${label.padEnd(26)}${cell(raw)}   ${cell(link)}   ${ratio.padStart(6)}`;
}

async function runBenchmark(): Promise<void> {
  const seconds = numberArg('seconds', 5);
  const sessions = Math.floor(numberArg('sessions', 1000));
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt === -1 ? 'both' : process.argv[onlyAt + 1];
  if (only !== 'both' && only !== 'small' && only !== 'large')
    throw new Error('--only takes small or large');
  const child = spawn(
    process.execPath,
    // The same node flags as ours (`--import tsx`, and `--cpu-prof` when profiling both ends).
    [...process.execArgv, fileURLToPath(import.meta.url), '--echo-peer'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`echo peer exited early (${code})`)));
    });
    const { rawPort, linkPort } = JSON.parse(firstLine) as { rawPort: number; linkPort: number };

    const small = outputsFor(sessions, 'm'.repeat(100));
    const smallBytes = payloadBytesOf(small);
    const large = outputsFor(4, 'L'.repeat(1024 * 1024));
    const largeBytes = payloadBytesOf(large);

    console.log(`Waystone link throughput: ${seconds} s per figure, echo peer in a child process`);
    console.log(`${''.padEnd(26)}${'raw TCP echo'.padEnd(37)}${'link'.padEnd(37)}link/raw`);
    if (only !== 'large') {
      const smallRaw = await measure(
        await rawLoad(rawPort, smallBytes, sessions),
        smallBytes,
        seconds,
      );
      const smallLink = await measure(await linkLoad(linkPort, small), smallBytes, seconds);
      console.log(show(`100 B text × ${sessions} sess.`, smallRaw, smallLink));
    }
    if (only === 'small') return;
    const largeRaw = await measure(
      await rawLoad(rawPort, largeBytes, large.length),
      largeBytes,
      seconds,
    );
    const largeLink = await measure(await linkLoad(linkPort, large), largeBytes, seconds);
    console.log(show('1 MiB text × 4 in flight', largeRaw, largeLink));
    console.log(
      `(a message is ${smallBytes} / ${largeBytes} bytes of JSON; MB/s counts one direction of each round trip)`,
    );
  } finally {
    child.stdin!.end();
  }
}

if (process.argv.includes('--echo-peer')) await runEchoPeer();
else await runBenchmark();
