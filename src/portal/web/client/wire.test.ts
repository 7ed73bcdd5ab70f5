import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './connection.ts';
import { decodeServerFrame, encodeClientFrame } from './wire.ts';

describe('wire format', () => {
  it('decodes ["name", [args], {kwargs}] and fills in missing parts', () => {
    expect(decodeServerFrame('["text", ["hi<br>"], {"type": "say"}]')).toEqual({
      name: 'text',
      args: ['hi<br>'],
      kwargs: { type: 'say' },
    });
    expect(decodeServerFrame('["logged_in"]')).toEqual({ name: 'logged_in', args: [], kwargs: {} });
  });

  it('refuses anything else', () => {
    for (const raw of ['nope', '{}', '[]', '[""]', '[1]', '["x", {}]', '["x", [], []]'])
      expect(decodeServerFrame(raw)).toBeNull();
  });

  it('encodes client frames', () => {
    expect(encodeClientFrame('text', ['look'])).toBe('["text",["look"],{}]');
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from one second to a 30 s cap, with ±25 % jitter', () => {
    expect([1, 2, 3, 6, 7, 20].map((a) => reconnectDelayMs(a, () => 0.5))).toEqual([
      1000, 2000, 4000, 30000, 30000, 30000,
    ]);
    expect(reconnectDelayMs(1, () => 0)).toBe(750);
    expect(reconnectDelayMs(1, () => 1)).toBe(1250);
  });
});
