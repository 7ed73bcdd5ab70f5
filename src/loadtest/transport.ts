/**
 * How a simulated player reaches the game: a telnet connection (our own small client parser,
 * options refused) or a WebSocket (via `ws`). Both hand the player plain bytes and prompt
 * marks; neither keeps a timer or a buffer of its own, so thousands fit in one process.
 */
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { TelnetParser } from './telnet-parser.ts';

export interface TransportEvents {
  open(): void;
  data(bytes: Buffer): void;
  prompt(): void;
  close(error: string | null): void;
}

export interface Transport {
  send(line: string): void;
  close(): void;
}

export type TransportKind = 'telnet' | 'websocket';

export interface Target {
  host: string;
  port: number;
  protocol: TransportKind;
  /** WebSocket only. */
  path?: string;
  subprotocol?: string | null;
}

/**
 * A source address of its own for player `index` when the game is on this machine's IPv4
 * loopback (all of 127.0.0.0/8 is local on Linux): a game caps connections per address, and a
 * thousand simulated players are not one household behind a NAT. Elsewhere, none (the
 * machine's own address; the report counts what the game refuses as throttling).
 */
export function loopbackSource(host: string, index: number): string | undefined {
  if (!/^127\.\d+\.\d+\.\d+$/.test(host)) return undefined;
  // 127.1.0.1 upwards, skipping .0 and .255 in the last place.
  const n = index % (250 * 256 * 64);
  return `127.${1 + Math.floor(n / (250 * 256))}.${Math.floor(n / 250) % 256}.${(n % 250) + 1}`;
}

class TelnetTransport implements Transport {
  private readonly socket: Socket;
  private readonly parser: TelnetParser;

  constructor(target: Target, events: TransportEvents, localAddress: string | undefined) {
    this.socket = connect({
      host: target.host,
      port: target.port,
      noDelay: true,
      ...(localAddress === undefined ? {} : { localAddress }),
    });
    this.parser = new TelnetParser({
      data: (b) => events.data(b),
      prompt: () => events.prompt(),
      reply: (b) => this.socket.write(b),
    });
    let error: string | null = null;
    this.socket.once('connect', () => events.open());
    this.socket.on('data', (chunk: Buffer) => this.parser.push(chunk));
    this.socket.on('error', (err) => (error = err.message));
    this.socket.once('close', () => events.close(error));
  }

  send(line: string): void {
    if (this.socket.writable) this.socket.write(`${line}\r\n`);
  }

  close(): void {
    this.socket.destroy();
  }
}

class WebSocketTransport implements Transport {
  private readonly ws: WebSocket;

  constructor(target: Target, events: TransportEvents, localAddress: string | undefined) {
    const url = `ws://${target.host}:${target.port}${target.path ?? '/ws'}`;
    this.ws = new WebSocket(url, target.subprotocol ? [target.subprotocol] : [], {
      perMessageDeflate: false,
      handshakeTimeout: 30_000,
      ...(localAddress === undefined ? {} : { localAddress }),
    });
    let error: string | null = null;
    this.ws.once('open', () => events.open());
    this.ws.on('message', (data: WebSocket.RawData) => {
      if (Buffer.isBuffer(data)) events.data(data);
      else if (Array.isArray(data)) events.data(Buffer.concat(data));
      else events.data(Buffer.from(data));
    });
    this.ws.on('error', (err) => (error = err.message));
    this.ws.once('close', () => events.close(error));
  }

  send(line: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(line);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Opens player `index`'s connection (from a loopback address of its own where it can). */
export function openTransport(target: Target, events: TransportEvents, index = 0): Transport {
  const localAddress = loopbackSource(target.host, index);
  return target.protocol === 'telnet'
    ? new TelnetTransport(target, events, localAddress)
    : new WebSocketTransport(target, events, localAddress);
}
