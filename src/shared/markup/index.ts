/**
 * Colour markup: Evennia-style `|r…|n` codes, parsed once and rendered per client (plain,
 * ANSI 16, xterm 256, true colour, HTML), and the neutralising of player-supplied text.
 * Pure functions, shared by the Portal (rendering) and the Server (neutralising).
 */
export { parseMarkup, type Colour, type MarkupToken, type Rgb } from './parse.ts';
export { renderAnsi, type AnsiDepth } from './ansi.ts';
export { escapeHtml, renderHtml } from './html.ts';
export { stripMarkup } from './plain.ts';
export { stripAnsi } from './escapes.ts';
export { neutralise } from './neutralise.ts';
export { nearestAnsi16, nearestXterm256, xtermToRgb } from './palette.ts';
export {
  colourModeForFlags,
  renderForFlags,
  type ColourMode,
  type RenderTarget,
} from './render.ts';
