/**
 * The link handshake: the first frame each way is a one-message array.
 *
 *   client ── [hello {magic, version, role, pid, secret?}] ──► Portal
 *   client ◄── [welcome {magic, version, bootId, …}]  or  [refused {code, reason}] ── Portal
 *
 * The Portal checks, in order: the bytes are link frames at all (an HTTP client gets a plain
 * HTTP 400 instead, since it cannot read frames), the frame is one handshake message, the magic,
 * the protocol version (LINK_VERSION names both versions), the full hello shape, the shared
 * secret, then the caller's own rule (`accept`, e.g. LINK_SERVER_TAKEN). Any failure sends a
 * `refused` frame and closes that socket only; the listener and every other link carry on.
 * The boot id in `welcome` lets a Server notice a restarted Portal (REFERENCE.md §14).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { ERROR_CODES, WaystoneError, type ErrorCode } from '../shared/errors.ts';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame, looksLikeHttp } from './frame.ts';
import { ignoreSocketErrors, readFirstFrame } from './first-frame.ts';
import {
  helloSchema,
  refusedSchema,
  welcomeSchema,
  type Hello,
  type LinkRole,
  type Refused,
  type Welcome,
} from './messages.ts';
import { LINK_MAGIC, LINK_PROTOCOL_VERSION } from './version.ts';

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5000;
/** How long a refused peer gets to read the refusal before its socket is destroyed. */
const REFUSAL_GRACE_MS = 1000;

/** A socket past its handshake, paused, with the bytes that followed the handshake frame. */
export interface HandshakeResult {
  socket: Socket;
  leftover: Buffer;
}

export interface AcceptedLink extends HandshakeResult {
  hello: Hello;
}

export interface ConnectedLink extends HandshakeResult {
  welcome: Welcome;
}

export interface AcceptLinkOptions {
  bootId: string;
  portalPid: number;
  portalStartedAt: number;
  /** When set, a hello must carry the same secret. */
  secret?: string;
  timeoutMs?: number;
  maxFrameBytes?: number;
  /** The caller's last word on a valid hello: a refusal, or null to accept. */
  accept?: (hello: Hello) => Refused | null;
}

/**
 * Runs the Portal's side of the handshake on a freshly accepted socket. Resolves once the
 * welcome is written; rejects with the refusal's WaystoneError after refusing (the socket is
 * then already closing and needs nothing more from the caller).
 */
export async function acceptLink(
  socket: Socket,
  options: AcceptLinkOptions,
): Promise<AcceptedLink> {
  socket.setNoDelay(true);
  const first = await readFirstFrame(socket, {
    maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    timeoutMs: options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
  });
  if (!first.ok) {
    if (first.error.code === 'LINK_NOT_LINK' && looksLikeHttp(first.head)) answerHttp(socket);
    else refuse(socket, first.error);
    throw first.error;
  }
  const checked = checkHello(first.frame, options);
  if (checked instanceof WaystoneError) {
    refuse(socket, checked);
    throw checked;
  }
  const welcome: Welcome = {
    t: 'welcome',
    magic: LINK_MAGIC,
    version: LINK_PROTOCOL_VERSION,
    bootId: options.bootId,
    portalPid: options.portalPid,
    portalStartedAt: options.portalStartedAt,
  };
  socket.write(encodeFrame([welcome]));
  return { hello: checked, socket, leftover: first.leftover };
}

export interface ConnectLinkOptions {
  host: string;
  port: number;
  role: LinkRole;
  pid: number;
  secret?: string;
  timeoutMs?: number;
  maxFrameBytes?: number;
}

/**
 * Runs the client's side: connects, says hello, waits for the answer. Rejects with a
 * WaystoneError: the Portal's refusal code and reason, LINK_UNREACHABLE when nothing listens,
 * LINK_TIMEOUT when the whole exchange takes longer than `timeoutMs`.
 */
export async function connectLink(options: ConnectLinkOptions): Promise<ConnectedLink> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const socket = await openSocket(options.host, options.port, timeoutMs);
  socket.setNoDelay(true);
  const hello: Hello = {
    t: 'hello',
    magic: LINK_MAGIC,
    version: LINK_PROTOCOL_VERSION,
    role: options.role,
    pid: options.pid,
    ...(options.secret === undefined ? {} : { secret: options.secret }),
  };
  socket.write(encodeFrame([hello]));
  const first = await readFirstFrame(socket, {
    maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    timeoutMs: Math.max(1, deadline - Date.now()),
  });
  if (!first.ok) {
    socket.destroy();
    throw first.error;
  }
  const checked = checkWelcome(first.frame);
  if (checked instanceof WaystoneError) {
    socket.destroy();
    throw checked;
  }
  return { welcome: checked, socket, leftover: first.leftover };
}

function openSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const onError = (err: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      const why = err.code ?? err.message;
      reject(
        new WaystoneError('LINK_UNREACHABLE', `cannot reach the link at ${host}:${port}: ${why}`, {
          cause: err,
        }),
      );
    };
    const timer = setTimeout(() => {
      socket.off('error', onError);
      socket.on('error', ignoreSocketErrors);
      socket.destroy();
      reject(
        new WaystoneError(
          'LINK_TIMEOUT',
          `no answer from the link at ${host}:${port} within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** The one message of a handshake frame, or an error saying why there is not exactly one. */
function soleMessage(frame: unknown[]): Record<string, unknown> | WaystoneError {
  const message = frame[0];
  if (
    frame.length !== 1 ||
    typeof message !== 'object' ||
    message === null ||
    Array.isArray(message)
  ) {
    return new WaystoneError(
      'LINK_BAD_HANDSHAKE',
      'the first frame must hold exactly one handshake message',
    );
  }
  return message as Record<string, unknown>;
}

/**
 * Magic then version, before the full shape: a peer of another version may well send a
 * handshake of another shape, and it deserves to hear about the version, not a field.
 */
function checkIdentity(message: Record<string, unknown>, ours: string): WaystoneError | null {
  if (message['magic'] !== LINK_MAGIC) {
    return new WaystoneError(
      'LINK_NOT_LINK',
      `the peer's handshake is not a Waystone link handshake`,
    );
  }
  if (message['version'] !== LINK_PROTOCOL_VERSION) {
    return new WaystoneError(
      'LINK_VERSION',
      `the peer speaks link protocol version ${String(message['version'])}; ` +
        `this ${ours} speaks version ${LINK_PROTOCOL_VERSION}`,
    );
  }
  return null;
}

function checkHello(frame: unknown[], options: AcceptLinkOptions): Hello | WaystoneError {
  const message = soleMessage(frame);
  if (message instanceof WaystoneError) return message;
  if (message['t'] !== 'hello') {
    return new WaystoneError('LINK_BAD_HANDSHAKE', 'the first frame must be a hello');
  }
  const identity = checkIdentity(message, 'Portal');
  if (identity !== null) return identity;
  const parsed = helloSchema.safeParse(message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return new WaystoneError(
      'LINK_BAD_HANDSHAKE',
      `invalid hello at ${issue?.path.join('.') ?? '?'}: ${issue?.message}`,
    );
  }
  const hello = parsed.data;
  if (options.secret !== undefined && !secretsMatch(options.secret, hello.secret)) {
    return new WaystoneError('LINK_BAD_SECRET', 'the link secret is missing or wrong');
  }
  const refusal = options.accept?.(hello) ?? null;
  if (refusal !== null) return new WaystoneError(asErrorCode(refusal.code), refusal.reason);
  return hello;
}

function checkWelcome(frame: unknown[]): Welcome | WaystoneError {
  const message = soleMessage(frame);
  if (message instanceof WaystoneError) return message;
  if (message['t'] === 'refused') {
    const refused = refusedSchema.safeParse(message);
    if (!refused.success)
      return new WaystoneError(
        'LINK_BAD_HANDSHAKE',
        'the Portal refused the link without a reason',
      );
    return new WaystoneError(
      asErrorCode(refused.data.code),
      `the Portal refused the link: ${refused.data.reason}`,
    );
  }
  if (message['t'] !== 'welcome') {
    return new WaystoneError(
      'LINK_BAD_HANDSHAKE',
      'the Portal answered neither welcome nor refused',
    );
  }
  const identity = checkIdentity(message, 'client');
  if (identity !== null) return identity;
  const parsed = welcomeSchema.safeParse(message);
  if (!parsed.success)
    return new WaystoneError('LINK_BAD_HANDSHAKE', 'the Portal sent an invalid welcome');
  return parsed.data;
}

/** Compares digests, so the time taken says nothing about how much of the secret matched. */
function secretsMatch(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** Refusal codes cross the wire as strings; an unknown one (a newer peer's) keeps its meaning as "bad handshake". */
function asErrorCode(code: string): ErrorCode {
  return Object.hasOwn(ERROR_CODES, code) ? (code as ErrorCode) : 'LINK_BAD_HANDSHAKE';
}

/** Sends the refusal frame, then ends; a peer that lingers is destroyed after a grace period. */
function refuse(socket: Socket, error: WaystoneError): void {
  if (error.code === 'LINK_CLOSED') {
    socket.destroy();
    return;
  }
  const refused: Refused = { t: 'refused', code: error.code, reason: error.message };
  closeAfter(socket, encodeFrame([refused]));
}

/** An HTTP client cannot read link frames; tell its user, in its own protocol, where they are. */
function answerHttp(socket: Socket): void {
  const body =
    'This is the Waystone link port, used by the Portal, the Server and the waystone launcher.\n' +
    'It is not a web port: open the web port instead (4001 by default).\n';
  const response =
    'HTTP/1.1 400 Bad Request\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n` +
    'Connection: close\r\n' +
    '\r\n' +
    body;
  closeAfter(socket, Buffer.from(response, 'utf8'));
}

function closeAfter(socket: Socket, lastWords: Buffer): void {
  socket.on('error', ignoreSocketErrors);
  // Keep reading (and discarding) so the peer's FIN is seen and the socket can close.
  socket.on('data', () => {});
  socket.resume();
  if (!socket.destroyed) socket.end(lastWords);
  setTimeout(() => socket.destroy(), REFUSAL_GRACE_MS).unref();
}
