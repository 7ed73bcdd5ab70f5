/**
 * Test support for the IRC kind's unit tests: a scripted IRC server on a loopback port. It
 * records every line each client sends and lets the test answer as a server would (or would
 * not: a silent server, a nick always taken, a connection cut). The real-server tests run
 * against ngircd (test/e2e/irc-bridge.test.ts).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

export interface FakeClient {
  readonly socket: Socket;
  readonly lines: string[];
  send(line: string): void;
}

export class FakeIrcServer {
  readonly clients: FakeClient[] = [];
  private readonly server: Server;
  /** Called for each line a client sends (after it is recorded). */
  onLine: (client: FakeClient, line: string) => void = () => undefined;

  private constructor(tls?: { cert: Buffer; key: Buffer }) {
    const onSocket = (socket: Socket): void => {
      let buffer = '';
      const client: FakeClient = {
        socket,
        lines: [],
        send: (line) => {
          if (!socket.destroyed) socket.write(`${line}\r\n`);
        },
      };
      this.clients.push(client);
      socket.setEncoding('utf8');
      socket.on('error', () => undefined);
      socket.on('data', (data: string) => {
        buffer += data;
        let end: number;
        while ((end = buffer.indexOf('\r\n')) >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          client.lines.push(line);
          this.onLine(client, line);
        }
      });
    };
    this.server = tls ? createTlsServer(tls, onSocket) : createServer(onSocket);
  }

  /** Plain TCP, or TLS with `tls` (a certificate and its key). */
  static async start(tls?: { cert: Buffer; key: Buffer }): Promise<FakeIrcServer> {
    const fake = new FakeIrcServer(tls);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /**
   * Answer like a friendly server: 001 to the first free NICK (`taken` are in use), the JOIN
   * echoed back, PONG to PING.
   */
  behaveWell(taken: readonly string[] = []): void {
    this.onLine = (client, line) => {
      const [command, ...rest] = line.split(' ');
      const nick = rest[0] ?? '';
      if (command === 'NICK') {
        if (taken.includes(nick)) client.send(`:irc.fake 433 * ${nick} :Nickname already in use`);
        else client.send(`:irc.fake 001 ${nick} :Welcome ${nick}!~waystone@127.0.0.1`);
      }
      if (command === 'JOIN') {
        const registered = [...client.lines].reverse().find((l) => l.startsWith('NICK '));
        const me = registered?.slice(5) ?? 'bot';
        client.send(`:${me}!~waystone@127.0.0.1 JOIN :${nick}`);
      }
      if (command === 'PING') client.send(`:irc.fake PONG irc.fake :${rest.join(' ')}`);
    };
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
