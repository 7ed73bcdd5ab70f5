/**
 * The link handshake: mutual proof of a shared secret, before anything else crosses.
 *
 *   client ── [hello {magic, version, role, pid, nonce₁}] ──────────────► Portal
 *   client ◄── [challenge {magic, version, nonce₂, proof_P, game}] ─────── Portal
 *   client ── [answer {proof_C, tokenProof?}] ─────────────────────────► Portal
 *   client ◄── [welcome {magic, version, bootId, …}]  or  [refused {code, reason}]
 *
 * proof_P = HMAC(secret, "portal" ‖ transcript) and proof_C = HMAC(secret, "client" ‖ role ‖
 * transcript), where the transcript binds both nonces and the client's role and pid: the secret
 * never crosses the wire, an answer cannot be replayed on another connection or for another
 * role, and a client tells a fake Portal (which cannot make proof_P) before it says anything.
 * A Server the Portal started also proves the one-time token the Portal handed it (tokenProof
 * = HMAC(token, transcript)), so holding the secret is not enough to take the Server role of a
 * running Portal; a Portal on another host (later) will accept a Server on the secret alone.
 *
 * The Portal checks, in order: the bytes are link frames at all (an HTTP client gets a plain
 * HTTP 400 instead, since it cannot read frames), the frame is one handshake message, the magic,
 * the protocol version (LINK_VERSION names both versions), the full hello shape; then the
 * answer's shape and proof (LINK_BAD_SECRET), then the caller's own rule (`accept`, e.g.
 * LINK_FOREIGN_SERVER). Any failure sends a `refused` frame and closes that socket only; the
 * listener and every other link carry on. The boot id in `welcome` lets a Server notice a
 * restarted Portal (REFERENCE.md §14).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { asErrorCode, WaystoneError, type ErrorCode } from '../shared/errors.ts';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame, looksLikeHttp } from './frame.ts';
import { ignoreSocketErrors, readFirstFrame } from './first-frame.ts';
import {
  answerSchema,
  challengeSchema,
  helloSchema,
  refusedSchema,
  welcomeSchema,
  type Answer,
  type Challenge,
  type Hello,
  type LinkRole,
  type Refused,
  type Welcome,
} from './messages.ts';
import { LINK_MAGIC, LINK_PROTOCOL_VERSION } from './version.ts';

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5000;
/** How long a refused peer gets to read the refusal before its socket is destroyed. */
const REFUSAL_GRACE_MS = 1000;

/** A socket past its handshake, paused, with the bytes that followed the handshake frames. */
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

/** Which game a Portal serves, sent in its challenge. */
export type ServedGame = Challenge['game'];

/** What the Portal's own rule (`accept`) is told of a client that proved the secret. */
export interface ProvenClient {
  hello: Hello;
  /** Whether the client proved it holds `token` (a one-time token the Portal handed out). */
  holdsToken(token: string): boolean;
}

export interface AcceptLinkOptions {
  bootId: string;
  portalPid: number;
  portalStartedAt: number;
  /** The link secret every peer must prove it holds. */
  secret: string;
  game: ServedGame;
  timeoutMs?: number;
  maxFrameBytes?: number;
  /** The caller's last word on a client that proved the secret: a refusal, or null to accept. */
  accept?: (client: ProvenClient) => Refused | null;
}

function newNonce(): string {
  return randomBytes(32).toString('base64url');
}

function transcript(hello: Hello, portalNonce: string): string {
  return [LINK_MAGIC, LINK_PROTOCOL_VERSION, hello.role, hello.pid, hello.nonce, portalNonce].join(
    '\n',
  );
}

function hmac(key: string, label: string, text: string): string {
  return createHmac('sha256', key).update(`${label}\n${text}`, 'utf8').digest('base64url');
}

/** Compares two proofs in constant time (they are fixed-length digests). */
function proofsMatch(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const portalProof = (secret: string, hello: Hello, nonce: string): string =>
  hmac(secret, 'portal', transcript(hello, nonce));
const clientProof = (secret: string, hello: Hello, nonce: string): string =>
  hmac(secret, `client ${hello.role}`, transcript(hello, nonce));
const tokenProof = (token: string, hello: Hello, nonce: string): string =>
  hmac(token, 'token', transcript(hello, nonce));

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
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const first = await readFirstFrame(socket, { maxFrameBytes, timeoutMs });
  if (!first.ok) {
    if (first.error.code === 'LINK_NOT_LINK' && looksLikeHttp(first.head)) answerHttp(socket);
    else refuse(socket, first.error);
    throw first.error;
  }
  const hello = checkHello(first.frame);
  if (hello instanceof WaystoneError) {
    refuse(socket, hello);
    throw hello;
  }
  const nonce = newNonce();
  const challenge: Challenge = {
    t: 'challenge',
    magic: LINK_MAGIC,
    version: LINK_PROTOCOL_VERSION,
    nonce,
    proof: portalProof(options.secret, hello, nonce),
    game: options.game,
  };
  socket.write(encodeFrame([challenge]));
  // The client said nothing more before our challenge, or it is not following the protocol;
  // either way what it sent is read as its answer.
  const second = await readFirstFrame(socket, {
    // An answer is two digests; nothing legitimate is larger.
    maxFrameBytes: Math.min(maxFrameBytes, 4096),
    timeoutMs: Math.max(1, deadline - Date.now()),
    initial: first.leftover,
  });
  if (!second.ok) {
    refuse(socket, second.error);
    throw second.error;
  }
  const answer = checkAnswer(second.frame);
  const proven =
    answer instanceof WaystoneError
      ? answer
      : proofsMatch(clientProof(options.secret, hello, nonce), answer.proof)
        ? answer
        : new WaystoneError('LINK_BAD_SECRET', 'the link secret is missing or wrong');
  if (proven instanceof WaystoneError) {
    refuse(socket, proven);
    throw proven;
  }
  const refusal =
    options.accept?.({
      hello,
      holdsToken: (token) => proofsMatch(tokenProof(token, hello, nonce), proven.tokenProof),
    }) ?? null;
  if (refusal !== null) {
    const error = new WaystoneError(refusalCode(refusal.code), refusal.reason);
    refuse(socket, error);
    throw error;
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
  return { hello, socket, leftover: second.leftover };
}

export interface ConnectLinkOptions {
  host: string;
  port: number;
  role: LinkRole;
  pid: number;
  /** The link secret; the handshake proves it is held without sending it. */
  secret: string;
  /** A one-time token the Portal handed this process (a Server it started). */
  token?: string;
  /**
   * The client's own rule on the Portal's challenge, before the Portal's proof is checked:
   * e.g. the launcher says "this Portal serves another game" instead of "wrong secret".
   */
  checkChallenge?: (challenge: Challenge) => WaystoneError | null;
  timeoutMs?: number;
  maxFrameBytes?: number;
}

/**
 * Runs the client's side: connects, says hello, checks the Portal's proof, answers, waits for
 * the welcome. Rejects with a WaystoneError: the Portal's refusal code and reason,
 * LINK_BAD_SECRET when the Portal cannot prove the secret, LINK_UNREACHABLE when nothing
 * listens, LINK_TIMEOUT when the whole exchange takes longer than `timeoutMs`.
 */
export async function connectLink(options: ConnectLinkOptions): Promise<ConnectedLink> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const socket = await openSocket(options.host, options.port, timeoutMs);
  socket.setNoDelay(true);
  const hello: Hello = {
    t: 'hello',
    magic: LINK_MAGIC,
    version: LINK_PROTOCOL_VERSION,
    role: options.role,
    pid: options.pid,
    nonce: newNonce(),
  };
  socket.write(encodeFrame([hello]));
  const fail = (error: WaystoneError): never => {
    socket.destroy();
    throw error;
  };
  const first = await readFirstFrame(socket, {
    maxFrameBytes: Math.min(maxFrameBytes, 64 * 1024),
    timeoutMs: Math.max(1, deadline - Date.now()),
  });
  if (!first.ok) return fail(first.error);
  const challenge = checkChallenge(first.frame);
  if (challenge instanceof WaystoneError) return fail(challenge);
  const ours = options.checkChallenge?.(challenge) ?? null;
  if (ours !== null) return fail(ours);
  if (!proofsMatch(portalProof(options.secret, hello, challenge.nonce), challenge.proof)) {
    return fail(
      new WaystoneError(
        'LINK_BAD_SECRET',
        `the Portal at ${options.host}:${options.port} could not prove it holds this game's link secret`,
      ),
    );
  }
  const answer: Answer = {
    t: 'answer',
    proof: clientProof(options.secret, hello, challenge.nonce),
    ...(options.token === undefined
      ? {}
      : { tokenProof: tokenProof(options.token, hello, challenge.nonce) }),
  };
  socket.write(encodeFrame([answer]));
  const second = await readFirstFrame(socket, {
    maxFrameBytes,
    timeoutMs: Math.max(1, deadline - Date.now()),
    initial: first.leftover,
  });
  if (!second.ok) return fail(second.error);
  const welcome = checkWelcome(second.frame);
  if (welcome instanceof WaystoneError) return fail(welcome);
  return { welcome, socket, leftover: second.leftover };
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

function checkHello(frame: unknown[]): Hello | WaystoneError {
  const message = soleMessage(frame);
  if (message instanceof WaystoneError) return message;
  if (message['t'] !== 'hello') {
    return new WaystoneError('LINK_BAD_HANDSHAKE', 'the first frame must be a hello');
  }
  const identity = checkIdentity(message, 'Portal');
  if (identity !== null) return identity;
  return parsedOr(helloSchema.safeParse(message), 'hello');
}

function checkAnswer(frame: unknown[]): Answer | WaystoneError {
  const message = soleMessage(frame);
  if (message instanceof WaystoneError) return message;
  if (message['t'] !== 'answer') {
    return new WaystoneError('LINK_BAD_HANDSHAKE', 'the second frame must be an answer');
  }
  return parsedOr(answerSchema.safeParse(message), 'answer');
}

/** A refusal from the Portal as the error it stands for, or null when it is not one. */
function refusalIn(message: Record<string, unknown>): WaystoneError | null {
  if (message['t'] !== 'refused') return null;
  const refused = refusedSchema.safeParse(message);
  if (!refused.success)
    return new WaystoneError('LINK_BAD_HANDSHAKE', 'the Portal refused the link without a reason');
  return new WaystoneError(
    refusalCode(refused.data.code),
    `the Portal refused the link: ${refused.data.reason}`,
  );
}

function checkChallenge(frame: unknown[]): Challenge | WaystoneError {
  const message = soleMessage(frame);
  if (message instanceof WaystoneError) return message;
  const refused = refusalIn(message);
  if (refused !== null) return refused;
  // Identity first: a Portal of another version may answer in another shape altogether.
  const identity = checkIdentity(message, 'client');
  if (identity !== null) return identity;
  if (message['t'] !== 'challenge') {
    return new WaystoneError(
      'LINK_BAD_HANDSHAKE',
      'the Portal answered neither a challenge nor refused',
    );
  }
  return parsedOr(challengeSchema.safeParse(message), 'challenge');
}

function checkWelcome(frame: unknown[]): Welcome | WaystoneError {
  const message = soleMessage(frame);
  if (message instanceof WaystoneError) return message;
  const refused = refusalIn(message);
  if (refused !== null) return refused;
  if (message['t'] !== 'welcome') {
    return new WaystoneError(
      'LINK_BAD_HANDSHAKE',
      'the Portal answered neither welcome nor refused',
    );
  }
  return parsedOr(welcomeSchema.safeParse(message), 'welcome');
}

function parsedOr<T>(
  parsed:
    | { success: true; data: T }
    | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } },
  what: string,
): T | WaystoneError {
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return new WaystoneError(
    'LINK_BAD_HANDSHAKE',
    `invalid ${what} at ${issue?.path.map(String).join('.') ?? '?'}: ${issue?.message}`,
  );
}

/** Refusal codes cross the wire as strings; an unknown one (a newer peer's) reads as "bad handshake". */
const refusalCode = (code: string): ErrorCode => asErrorCode(code, 'LINK_BAD_HANDSHAKE');

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
