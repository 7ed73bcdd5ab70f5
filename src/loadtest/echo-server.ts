/**
 * The raw-echo baseline: the least work a line-based server can do per command — read a line,
 * write it back — on plain Node TCP. Driven by the same load tester in the same run, it is the
 * ceiling this machine, this runtime and this driver allow; the game's figures are reported as
 * ratios against it. It greets like a game so the same player code can log in to it.
 *
 * Run it as its own process (`echo-server-main.ts`) so it never shares the driver's CPU.
 */
import { createServer, type Server, type Socket } from 'node:net';

export const ECHO_GREETING = 'raw-echo ready';
/** A line longer than this is cut off (the buffer has a bound, like every buffer here). */
const MAX_LINE_BYTES = 8192;

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  socket.write(`${ECHO_GREETING}\r\n`);
  let partial: Buffer | null = null;
  socket.on('data', (chunk: Buffer) => {
    let data = partial ? Buffer.concat([partial, chunk]) : chunk;
    partial = null;
    const lastNewline = data.lastIndexOf(10);
    if (lastNewline === -1) {
      partial = data.length > MAX_LINE_BYTES ? null : data;
      return;
    }
    // Complete lines go back as they came (CRLF included), in one write.
    socket.write(data.subarray(0, lastNewline + 1));
    data = data.subarray(lastNewline + 1);
    if (data.length > 0 && data.length <= MAX_LINE_BYTES) partial = Buffer.from(data);
  });
}

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(serve);
    server.maxConnections = 100_000;
    server.once('error', reject);
    server.listen({ port, host, backlog: 4096 }, () => resolve(server));
  });
}
