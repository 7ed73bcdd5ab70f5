/**
 * The token stream every renderer shares (parse.ts reads markup into it): text, the colour and
 * attribute codes, and clickable links. Types only.
 */

/** A 24-bit colour. */
export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

/**
 * A colour as the markup named it, so each renderer can keep or degrade it:
 * `ansi` is one of the eight basic colours (0 black … 7 white, brightness comes from intensity),
 * `xterm` a 256-colour palette index 16–255 (cube and greyscale ramp),
 * `rgb` a true colour.
 */
export type Colour =
  | { readonly kind: 'ansi'; readonly index: number }
  | { readonly kind: 'xterm'; readonly index: number }
  | { readonly kind: 'rgb'; readonly rgb: Rgb };

export type MarkupToken =
  /** Visible text; adjacent text (including `||`, `|/`, `|-`, `|_`, `|>`) is merged. */
  | { readonly kind: 'text'; readonly text: string }
  /**
   * Foreground colour. `bright` set means the code also sets the intensity (`|r` on, `|R`
   * off); absent (`|!R`, `|500`, `|#…`) leaves the intensity as it is.
   */
  | { readonly kind: 'fg'; readonly colour: Colour; readonly bright?: boolean }
  | { readonly kind: 'bg'; readonly colour: Colour }
  /** `|h` (on) and `|H` (off). */
  | { readonly kind: 'bright'; readonly on: boolean }
  | { readonly kind: 'underline' }
  | { readonly kind: 'blink' }
  | { readonly kind: 'inverse' }
  /** `|n`: every attribute back to the client's default. */
  | { readonly kind: 'reset' }
  /**
   * `|lc<command>|lt`: the text up to the matching `linkEnd` is a link that, clicked, sends
   * `command` as if typed. Links never nest, and a `linkStart` always has its `linkEnd`.
   */
  | { readonly kind: 'linkStart'; readonly command: string }
  /** `|le`: the end of the link. */
  | { readonly kind: 'linkEnd' };

/**
 * What the first pass of the parser makes of `|lc`, `|lt` and `|le` before they are paired
 * (links.ts): a mark that becomes part of a link, or its own source text when it pairs with
 * nothing.
 */
export interface LinkMark {
  readonly kind: 'mark';
  readonly which: 'lc' | 'lt' | 'le';
}
