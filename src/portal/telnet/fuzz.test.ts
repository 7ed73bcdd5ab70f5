/**
 * Seeded fuzzing of the telnet input path: parser → negotiator → line reader, as a session
 * wires them, fed random bytes in random chunk sizes.
 *
 * Properties checked on every run:
 * - nothing throws;
 * - the parser and the line reader never hold more than their caps;
 * - the negotiator (supporting nothing) sends at most one reply per negotiation received,
 *   and never ends up with an option on;
 * - afterwards, a terminator and one good line read back as that line: the path never wedges.
 *
 * The terminator is `IAC SE IAC SE CR LF`. Garbage can leave the parser inside a
 * subnegotiation, and only IAC SE leaves one: that is telnet itself, every client that sends a
 * broken SB has to finish it. Two are needed because the garbage may end on an IAC inside the
 * SB, which makes the first IAC of the terminator an escaped 0xFF data byte (IAC IAC); the
 * second IAC SE then ends the SB. In every other state the extra bytes are harmless commands or
 * line content, and CR LF then ends whatever line the garbage left open.
 *
 * The PRNG is seeded so any failure replays exactly: the failing seed is in the message.
 */
import { describe, expect, it } from 'vitest';
import { CMD } from './constants.ts';
import { LineReader } from './line-reader.ts';
import { OptionNegotiator } from './negotiation.ts';
import { TelnetParser } from './parser.ts';
import { seededRandom } from '../../shared/seeded-random.ts';

/** Bytes that steer the parser and line reader between states; drawn far more often. */
// prettier-ignore
const INTERESTING = [
  CMD.IAC, CMD.IAC, CMD.IAC, CMD.SB, CMD.SE, CMD.WILL, CMD.WONT, CMD.DO, CMD.DONT, CMD.NOP,
  CMD.GA, 0x0d, 0x0a, 0x00, 0x01, 0x1f, 0x56, 0xc9,
];

function randomBytes(random: () => number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  // Each run has its own mix, from mostly text (long lines, long SBs) to mostly control bytes.
  const interestingShare = random() * 0.6;
  for (let i = 0; i < length; i += 1) {
    bytes[i] =
      random() < interestingShare
        ? INTERESTING[Math.floor(random() * INTERESTING.length)]!
        : Math.floor(random() * 256);
  }
  return bytes;
}

function* randomChunks(random: () => number, bytes: Buffer): Generator<Buffer> {
  const sizes = [1, 2, 3, 17, 512, 4096, 65_536];
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(random() * sizes[Math.floor(random() * sizes.length)]!);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

const RUNS = 300;
const MAX_RUN_BYTES = 64 * 1024;
const TERMINATOR = Buffer.from([CMD.IAC, CMD.SE, CMD.IAC, CMD.SE, 0x0d, 0x0a]);
const GOOD_LINE = Buffer.from('look\r\n');

function fuzzRun(seed: number): void {
  const random = seededRandom(seed);
  const sbCap = [0, 16, 1024, 65_536][Math.floor(random() * 4)]!;
  const lineCap = [4, 80, 1024, 24_000][Math.floor(random() * 4)]!;
  const parser = new TelnetParser({ maxSubnegotiationBytes: sbCap });
  const reader = new LineReader({ maxLineBytes: lineCap });
  let sends = 0;
  const negotiator = new OptionNegotiator({
    send: () => {
      sends += 1;
    },
    policy: () => ({ local: false, remote: false }),
  });
  let lastLine: string | null = null;

  const fail = (what: string): never => {
    throw new Error(`seed ${seed}: ${what}`);
  };
  const feed = (chunk: Buffer): void => {
    for (const event of parser.push(chunk)) {
      if (parser.bufferedBytes > sbCap) fail(`parser holds ${parser.bufferedBytes} > ${sbCap}`);
      if (event.kind === 'negotiate') {
        const before = sends;
        negotiator.receive(event.verb, event.option);
        if (sends - before > 1) fail(`${sends - before} replies to one negotiation`);
      } else if (event.kind === 'data') {
        for (const lineEvent of reader.push(event.data)) {
          lastLine = lineEvent.kind === 'line' ? lineEvent.line.toString('latin1') : null;
        }
        if (reader.bufferedBytes > lineCap) fail(`reader holds ${reader.bufferedBytes}`);
      } else if (event.kind === 'remainder') {
        fail('remainder without a pause rule');
      }
    }
    if (parser.bufferedBytes > sbCap) fail(`parser holds ${parser.bufferedBytes} > ${sbCap}`);
  };

  const length = Math.floor(random() * random() * MAX_RUN_BYTES);
  for (const chunk of randomChunks(random, randomBytes(random, length))) feed(chunk);
  const tail = Buffer.concat([TERMINATOR, GOOD_LINE]);
  for (const chunk of randomChunks(random, tail)) feed(chunk);

  if (lastLine !== 'look') fail(`last line was ${JSON.stringify(lastLine)}, not "look"`);
  for (let option = 0; option < 256; option += 1) {
    if (negotiator.isLocalEnabled(option) || negotiator.isRemoteEnabled(option)) {
      fail(`option ${option} was enabled`);
    }
  }
}

describe('telnet input path fuzz', () => {
  it(`survives ${RUNS} seeded runs of random bytes`, () => {
    for (let seed = 1; seed <= RUNS; seed += 1) fuzzRun(seed);
  });

  // Random runs rarely end in some states (inside SB right after an IAC, say), so each parser
  // and line reader state is also reached on purpose before the terminator.
  it.each([
    ['data', ''],
    ['after IAC', 'ff'],
    ['after IAC WILL', 'ff fb'],
    ['after IAC WONT', 'ff fc'],
    ['after IAC DO', 'ff fd'],
    ['after IAC DONT', 'ff fe'],
    ['after IAC SB', 'ff fa'],
    ['inside SB', 'ff fa 18 41'],
    ['after IAC inside SB', 'ff fa 18 41 ff'],
    ['after IAC SB IAC', 'ff fa ff'],
    ['overflowed SB', `ff fa c9 ${'41'.repeat(40)}`],
    ['overflowed SB after IAC', `ff fa c9 ${'41'.repeat(40)} ff`],
    ['unfinished line', '61 62'],
    ['after CR', '61 0d'],
    ['after LF', '61 0a'],
    ['overflowed line', '61'.repeat(40)],
  ])('the terminator leaves the state %s', (_state, prefix) => {
    const parser = new TelnetParser({ maxSubnegotiationBytes: 16 });
    const reader = new LineReader({ maxLineBytes: 16 });
    const input = Buffer.concat([
      Buffer.from(prefix.replace(/\s+/g, ''), 'hex'),
      TERMINATOR,
      GOOD_LINE,
    ]);
    const lines: string[] = [];
    for (const event of parser.push(input)) {
      if (event.kind !== 'data') continue;
      for (const lineEvent of reader.push(event.data)) {
        if (lineEvent.kind === 'line') lines.push(lineEvent.line.toString('latin1'));
      }
    }
    expect(lines.at(-1)).toBe('look');
  });

  it('checks itself: the PRNG is deterministic', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((n) => n >= 0 && n < 1)).toBe(true);
  });
});
