import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, FrameDecoder } from './frame.ts';
import { FrameEncoder } from './frame-encoder.ts';

/** What the peer decodes from the encoder's frame. */
function roundTrip(encoder: FrameEncoder, messages: unknown[]): unknown[] {
  const frames = new FrameDecoder().push(encoder.encode(messages));
  expect(frames).toHaveLength(1);
  return frames[0]!;
}

describe('FrameEncoder', () => {
  it('writes a length header that matches the body', () => {
    const frame = new FrameEncoder().encode([{ t: 'output', sessid: 1, cmds: [] }]);
    expect(frame.readUInt32BE(0)).toBe(frame.length - FRAME_HEADER_BYTES);
  });

  it('encodes every message to the value JSON.stringify would give', () => {
    const encoder = new FrameEncoder();
    const shared = 'Ann says, "hi \\ there" 😀\n\u0000\u2028';
    const messages: unknown[] = [
      { t: 'output', sessid: 1, cmds: [['text', [shared], {}]] },
      { t: 'output', sessid: 2, cmds: [['text', [shared], {}]] },
      { t: 'output', sessid: 3, cmds: [['text', ['other'], {}]] },
      { t: 'output', sessid: 3, cmds: [['text', [shared], { type: 'say' }]] },
      { t: 'output', sessid: 4, cmds: [['text', [shared, 'two'], {}]] },
      { t: 'output', sessid: 5, cmds: [['prompt', ['> '], {}]] },
      { t: 'output', sessid: 6, cmds: [['text', 'x', {}]] },
      { t: 'output', sessid: 7, cmds: [['text', [7], {}]] },
      { t: 'output', sessid: 8, cmds: [['text', [shared], []]] },
      {
        t: 'output',
        sessid: 9,
        cmds: [
          ['text', [shared], {}],
          ['text', [shared], {}],
        ],
      },
      { t: 'output', sessid: 10, cmds: ['text'] },
      { t: 'input', sessid: 11, cmds: [['text', ['look'], {}]], extra: true },
      { t: 'output', sessid: Number.NaN, cmds: [] },
      { t: 'output', sessid: 12, cmds: undefined },
      { t: 'output', sessid: 12.5, cmds: [] },
      { t: 'sessionClosed', sessid: 13, reason: 'bye' },
      { t: 'output', sessid: 14, cmds: [['text', [shared], Object.create({ inherited: 1 })]] },
      null,
      'plain',
      [1, 2],
    ];
    const expected = JSON.parse(JSON.stringify(messages)) as unknown[];
    // The fast path drops keys the schema does not have, as the receiving check would.
    delete (expected[11] as Record<string, unknown>)['extra'];
    expect(roundTrip(encoder, messages)).toEqual(expected);
    // And again with the cache warm.
    expect(roundTrip(encoder, messages)).toEqual(expected);
  });

  it('encodes an empty batch', () => {
    expect(roundTrip(new FrameEncoder(), [])).toEqual([]);
  });
});
