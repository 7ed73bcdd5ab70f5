/**
 * Test support: a small IRC client over a raw socket, as a person on IRC would be, for tests
 * of the IRC bridge against a real server (ngircd.ts) or a scripted one. It registers, joins,
 * says things and keeps every line it receives so a test can wait for one.
 */
import { connect, type Socket } from 'node:net';
import { waitUntil } from './game-process.ts';

export interface IrcLine {
  readonly raw: string;
  readonly prefix: string | null;
  readonly command: string;
  readonly params: readonly string[];
}

/** A received line split into prefix, command and parameters (enough for tests). */
export function splitIrcLine(raw: string): IrcLine {
  let rest = raw;
  let prefix: string | null = null;
  if (rest.startsWith(':')) {
    const space = rest.indexOf(' ');
    prefix = rest.slice(1, space);
    rest = rest.slice(space + 1);
  }
  const trailingAt = rest.indexOf(' :');
  const head = trailingAt >= 0 ? rest.slice(0, trailingAt) : rest;
  const words = head.split(' ').filter((w) => w !== '');
  const params = words.slice(1);
  if (trailingAt >= 0) params.push(rest.slice(trailingAt + 2));
  return { raw, prefix, command: (words[0] ?? '').toUpperCase(), params };
}

export class IrcTestClient {
  readonly lines: IrcLine[] = [];
  private buffer = '';
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    readonly nick: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => this.received(data));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  /** Connect to `host:port`, register as `nick` and wait for the welcome (001). */
  static async connect(port: number, nick: string, host = '127.0.0.1'): Promise<IrcTestClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(s));
      s.once('error', reject);
    });
    const client = new IrcTestClient(socket, nick);
    client.send(`NICK ${nick}`);
    client.send(`USER ${nick} 0 * :Test ${nick}`);
    await client.waitFor((l) => l.command === '001', 'the welcome (001)');
    return client;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  async join(channel: string): Promise<void> {
    const from = this.lines.length;
    this.send(`JOIN ${channel}`);
    await this.waitFor(
      (l) => l.command === '366' && l.params[1]?.toLowerCase() === channel.toLowerCase(),
      `the end of NAMES for ${channel}`,
      from,
    );
  }

  say(channel: string, text: string): void {
    this.send(`PRIVMSG ${channel} :${text}`);
  }

  /** Who is on `channel` now (NAMES), without mode prefixes. */
  async names(channel: string): Promise<string[]> {
    const from = this.lines.length;
    this.send(`NAMES ${channel}`);
    await this.waitFor((l) => l.command === '366', 'the end of NAMES', from);
    return this.lines
      .slice(from)
      .filter((l) => l.command === '353')
      .flatMap((l) => (l.params.at(-1) ?? '').split(' '))
      .map((n) => n.replace(/^[~&@%+]/, ''))
      .filter((n) => n !== '');
  }

  /** The first line from index `from` on that `match` accepts. */
  waitFor(
    match: (line: IrcLine) => boolean,
    what: string,
    from = 0,
    timeoutMs = 20_000,
  ): Promise<IrcLine> {
    return waitUntil(
      `IRC ${this.nick} to get ${what}`,
      () => this.lines.slice(from).find(match) ?? null,
      timeoutMs,
    );
  }

  /** The first PRIVMSG to `channel` from index `from` whose text is `text`. */
  waitForPrivmsg(channel: string, text: string, from = 0, timeoutMs = 20_000): Promise<IrcLine> {
    return this.waitFor(
      (l) =>
        l.command === 'PRIVMSG' &&
        l.params[0]?.toLowerCase() === channel.toLowerCase() &&
        l.params[1] === text,
      `PRIVMSG ${channel} :${text}`,
      from,
      timeoutMs,
    );
  }

  close(): void {
    if (this.closed) return;
    this.send('QUIT :bye');
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 500).unref();
  }

  private received(data: string): void {
    this.buffer += data;
    let end: number;
    while ((end = this.buffer.indexOf('\n')) >= 0) {
      const raw = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      const line = splitIrcLine(raw);
      // Answer the server's keepalive, as every client must.
      if (line.command === 'PING') this.send(`PONG :${line.params.at(-1) ?? ''}`);
      this.lines.push(line);
    }
  }
}
