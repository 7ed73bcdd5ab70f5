import { describe, expect, it } from 'vitest';
import { applyToken, PLAIN_STYLE } from './style.ts';

describe('applyToken', () => {
  const red = { kind: 'ansi', index: 1 } as const;

  it('sets the intensity with a small or capital colour and leaves it for |!R', () => {
    const bright = applyToken(PLAIN_STYLE, { kind: 'fg', colour: red, bright: true });
    expect(bright).toMatchObject({ fg: red, bright: true });
    expect(applyToken(bright, { kind: 'fg', colour: red })).toMatchObject({ bright: true });
    expect(applyToken(bright, { kind: 'fg', colour: red, bright: false }).bright).toBe(false);
  });

  it('turns attributes on, and a reset brings back the plain style', () => {
    let style = PLAIN_STYLE;
    for (const kind of ['underline', 'blink', 'inverse'] as const)
      style = applyToken(style, { kind });
    style = applyToken(style, { kind: 'bg', colour: red });
    expect(style).toMatchObject({ underline: true, blink: true, inverse: true, bg: red });
    expect(applyToken(style, { kind: 'reset' })).toBe(PLAIN_STYLE);
  });

  it('leaves the style alone for text', () => {
    expect(applyToken(PLAIN_STYLE, { kind: 'text', text: 'x' })).toBe(PLAIN_STYLE);
  });
});
