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

class TelnetTransport implements Transport {
  private readonly socket: Socket;
  private readonly parser: TelnetParser;

  constructor(target: Target, events: TransportEvents) {
    this.socket = connect({ host: target.host, port: target.port, noDelay: true });
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

  constructor(target: Target, events: TransportEvents) {
    const url = `ws://${target.host}:${target.port}${target.path ?? '/ws'}`;
    this.ws = new WebSocket(url, target.subprotocol ? [target.subprotocol] : [], {
      perMessageDeflate: false,
      handshakeTimeout: 30_000,
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

export function openTransport(target: Target, events: TransportEvents): Transport {
  return target.protocol === 'telnet'
    ? new TelnetTransport(target, events)
    : new WebSocketTransport(target, events);
}
