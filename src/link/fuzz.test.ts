/**
 * Seeded fuzzing of what a stranger on the link port reaches: the frame decoder, and the
 * Portal's side of the handshake on a real listener.
 *
 * Properties checked:
 * - the decoder only ever throws its own coded errors, and holds no more than one frame plus
 *   the chunk being read;
 * - random and mutated handshakes (valid-looking hellos, answers with made-up proofs, other
 *   messages, cut-off and oversized frames, raw bytes) are never accepted, each ends in a
 *   refusal with a known code or a close, and the listener serves a real client afterwards.
 *
 * The PRNG is seeded so any failure replays exactly: the failing seed is in the message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWaystoneError, type WaystoneError } from '../shared/errors.ts';
import { FRAME_HEADER_BYTES, FrameDecoder, encodeFrame } from './frame.ts';
import { connectLink } from './handshake.ts';
import { LinkListener } from './listener.ts';
import { HOST, portalIdentity, rawConnect, readUntilClosed, TEST_SECRET } from './test-support.ts';
import { LINK_MAGIC, LINK_PROTOCOL_VERSION } from './version.ts';
import { seededRandom } from '../shared/seeded-random.ts';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

function randomBytes(random: Random, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += 1) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

function randomString(random: Random, length: number): string {
  const alphabet = 'AZaz09-_=+/ \u00e9\u4e2d\u0000"\\{}[]';
  let out = '';
  for (let i = 0; i < length; i += 1) out += pick(random, [...alphabet]);
  return out;
}

/** A value of a random JSON type, for fields that should hold something else. */
function randomValue(random: Random): unknown {
  return pick(random, [
    () => null,
    () => Math.floor(random() * 2 ** 40) - 2 ** 39,
    () => randomString(random, Math.floor(random() * 60)),
    () => [randomString(random, 3)],
    () => ({ nested: randomString(random, 5) }),
    () => random() < 0.5,
  ])();
}

const nonce = (random: Random): string => randomBytes(random, 32).toString('base64url');

/** A hello that is right, then maybe one field broken. */
function mutatedHello(random: Random): Record<string, unknown> {
  const hello: Record<string, unknown> = {
    t: 'hello',
    magic: LINK_MAGIC,
    version: LINK_PROTOCOL_VERSION,
    role: pick(random, ['server', 'launcher']),
    pid: Math.floor(random() * 100_000),
    nonce: nonce(random),
  };
  if (random() < 0.5) {
    const field = pick(random, [...Object.keys(hello), 'secret', 'token', 'extra']);
    hello[field] = randomValue(random);
  }
  return hello;
}

/** An answer that looks right but cannot prove anything (its proofs are made up). */
function forgedAnswer(random: Random): Record<string, unknown> {
  const answer: Record<string, unknown> = { t: 'answer', proof: nonce(random) };
  if (random() < 0.5) answer['tokenProof'] = nonce(random);
  if (random() < 0.3) answer[pick(random, ['proof', 't', 'secret'])] = randomValue(random);
  return answer;
}

/** What a stranger sends: a mix of plausible frames, broken frames and raw bytes. */
function strangerBytes(random: Random): Buffer {
  const parts: Buffer[] = [];
  const count = 1 + Math.floor(random() * 4);
  for (let i = 0; i < count; i += 1) {
    parts.push(
      pick(random, [
        () => encodeFrame([mutatedHello(random)]),
        () => encodeFrame([forgedAnswer(random)]),
        () => encodeFrame([{ t: pick(random, ['welcome', 'challenge', 'adminStopAll', 'input']) }]),
        () => encodeFrame([mutatedHello(random), forgedAnswer(random)]),
        () => {
          const frame = encodeFrame([mutatedHello(random)]);
          return frame.subarray(0, Math.floor(random() * frame.length));
        },
        () => {
          const header = Buffer.alloc(FRAME_HEADER_BYTES);
          header.writeUInt32BE(Math.floor(random() * 2 ** 32));
          return header;
        },
        () => randomBytes(random, Math.floor(random() * 300)),
      ])(),
    );
  }
  return Buffer.concat(parts);
}

describe('link frame decoder fuzz', () => {
  it('throws only its coded errors and buffers at most a frame plus a chunk', () => {
    const maxFrameBytes = 4096;
    for (let seed = 1; seed <= 400; seed += 1) {
      const random = seededRandom(seed);
      const decoder = new FrameDecoder({ maxFrameBytes, connectionStart: random() < 0.5 });
      const input = Buffer.concat([strangerBytes(random), strangerBytes(random)]);
      let offset = 0;
      try {
        while (offset < input.length) {
          const size = pick(random, [1, 2, 3, 7, 64, 1024, 65_536]);
          const chunk = input.subarray(offset, offset + size);
          offset += size;
          decoder.push(chunk);
          expect(decoder.buffered, `seed ${seed}`).toBeLessThanOrEqual(
            FRAME_HEADER_BYTES + maxFrameBytes + chunk.length,
          );
        }
      } catch (err) {
        expect(isWaystoneError(err), `seed ${seed}: ${String(err)}`).toBe(true);
        expect(['LINK_NOT_LINK', 'LINK_FRAME_TOO_LARGE', 'LINK_BAD_MESSAGE']).toContain(
          (err as WaystoneError).code,
        );
      }
    }
  });
});

describe('link handshake fuzz', () => {
  let listener: LinkListener;
  const accepted: string[] = [];
  const refusals = new Map<string, number>();

  beforeAll(async () => {
    listener = await LinkListener.listen({
      ...portalIdentity,
      port: 0,
      timeoutMs: 300,
      maxFrameBytes: 64 * 1024,
      onLink: {
        server: (link) => {
          accepted.push(`server pid ${link.hello.pid}`);
          link.socket.destroy();
        },
        launcher: (link) => {
          accepted.push(`launcher pid ${link.hello.pid}`);
          link.socket.destroy();
        },
      },
      onRefused: (error) => refusals.set(error.code, (refusals.get(error.code) ?? 0) + 1),
    });
  });

  afterAll(async () => {
    await listener.close();
  });

  it('never accepts a stranger without the secret, and keeps serving', async () => {
    const runs = 240;
    const batch = 24;
    for (let start = 1; start <= runs; start += batch) {
      await Promise.all(
        Array.from({ length: batch }, async (_, i) => {
          const seed = start + i;
          const random = seededRandom(seed * 7919);
          const socket = await rawConnect(listener.port);
          const closed = readUntilClosed(socket);
          const bytes = strangerBytes(random);
          // Sometimes all at once, sometimes in pieces, sometimes after the challenge came.
          for (let offset = 0; offset < bytes.length;) {
            const size = pick(random, [1, 5, 64, bytes.length]);
            socket.write(bytes.subarray(offset, offset + size));
            offset += size;
            if (random() < 0.2) await new Promise((r) => setTimeout(r, 5));
          }
          const answer = await Promise.race([
            closed,
            new Promise<null>((r) => setTimeout(() => r(null), 3000)),
          ]);
          expect(answer, `seed ${seed}: the Portal never closed`).not.toBeNull();
          let frames: unknown[][] = [];
          try {
            frames = new FrameDecoder().push(answer!);
          } catch {
            // An HTTP answer (random bytes that start like a method) is not frames.
          }
          for (const frame of frames)
            expect(['challenge', 'refused'], `seed ${seed}: ${JSON.stringify(frame)}`).toContain(
              (frame[0] as { t: string }).t,
            );
        }),
      );
    }
    expect(accepted).toEqual([]);
    for (const code of refusals.keys())
      expect([
        'LINK_NOT_LINK',
        'LINK_BAD_HANDSHAKE',
        'LINK_BAD_MESSAGE',
        'LINK_FRAME_TOO_LARGE',
        'LINK_VERSION',
        'LINK_BAD_SECRET',
        'LINK_TIMEOUT',
        'LINK_CLOSED',
      ]).toContain(code);
    expect(refusals.get('LINK_BAD_SECRET') ?? 0).toBeGreaterThan(0);

    // A real client still gets in.
    const real = await connectLink({
      host: HOST,
      port: listener.port,
      role: 'launcher',
      pid: 42,
      secret: TEST_SECRET,
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(accepted).toEqual(['launcher pid 42']);
    real.socket.destroy();
  });
});
