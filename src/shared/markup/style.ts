/**
 * The running text style while a renderer walks the tokens: what the markup asked for so far,
 * before any client's limits. Each renderer turns a style into its own output (SGR parameters,
 * an HTML span) and compares those, so two styles that look the same on a client (two true
 * colours that degrade to one ANSI colour) emit nothing between them.
 */
import type { Colour, MarkupToken } from './tokens.ts';

export interface TextStyle {
  readonly fg: Colour | null;
  readonly bg: Colour | null;
  /** Intensity: `|h`, and the lower-case colour letters. */
  readonly bright: boolean;
  readonly underline: boolean;
  readonly blink: boolean;
  readonly inverse: boolean;
}

/** The client's default: no colour, no attributes. */
export const PLAIN_STYLE: TextStyle = Object.freeze({
  fg: null,
  bg: null,
  bright: false,
  underline: false,
  blink: false,
  inverse: false,
});

/** The style after a non-text token. Text and links leave it unchanged. */
export function applyToken(style: TextStyle, token: MarkupToken): TextStyle {
  switch (token.kind) {
    case 'text':
    case 'linkStart':
    case 'linkEnd':
      return style;
    case 'reset':
      return PLAIN_STYLE;
    case 'fg':
      return {
        ...style,
        fg: token.colour,
        bright: token.bright === undefined ? style.bright : token.bright,
      };
    case 'bg':
      return { ...style, bg: token.colour };
    case 'bright':
      return { ...style, bright: token.on };
    case 'underline':
      return { ...style, underline: true };
    case 'blink':
      return { ...style, blink: true };
    case 'inverse':
      return { ...style, inverse: true };
    default: {
      const unreachable: never = token;
      return unreachable;
    }
  }
}
