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

  it('with shareOutput, sends a run of like outputs once, keeping every message in order', () => {
    const encoder = new FrameEncoder({ shareOutput: true });
    const say = 'Ann says, "hi"';
    const text = (sessid: number, t: string, kwargs = {}) => ({
      t: 'output',
      sessid,
      cmds: [['text', [t], kwargs]],
    });
    const messages: unknown[] = [
      text(1, 'You say, "hi"'),
      text(2, say),
      text(3, say),
      text(3, say),
      { t: 'disconnect', sessid: 9, reason: 'bye' },
      text(4, say),
      text(5, `Ann says, "hi"`.slice(0)),
      text(6, say, { type: 'say' }),
      text(7, say),
    ];
    const sent = roundTrip(encoder, messages);
    expect(sent.map((m) => (m as { t: string }).t)).toEqual([
      'output',
      'outputShared',
      'disconnect',
      'outputShared',
      'output',
      'output',
    ]);
    expect(sent[1]).toEqual({ t: 'outputShared', sessids: [2, 3, 3], cmds: [['text', [say], {}]] });
    // Expanded, the frame is exactly the messages sent.
    const expanded = sent.flatMap((m) => {
      const shared = m as { t: string; sessids?: number[]; cmds?: unknown };
      return shared.t === 'outputShared'
        ? shared.sessids!.map((sessid) => ({ t: 'output', sessid, cmds: shared.cmds }))
        : [m];
    });
    expect(expanded).toEqual(messages);
  });

  it('without shareOutput, never merges (the Portal end sends input, which has no shared form)', () => {
    const encoder = new FrameEncoder();
    const messages = [1, 2].map((sessid) => ({ t: 'output', sessid, cmds: [['text', ['x'], {}]] }));
    expect(roundTrip(encoder, messages)).toEqual(messages);
  });
});
