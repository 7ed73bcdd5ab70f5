/**
 * Colour markup: Evennia-style `|r…|n` codes and `|lc…|lt…|le` links, parsed once and rendered
 * per client (plain, ANSI 16, xterm 256, true colour, MXP, HTML), and the neutralising of
 * player-supplied text.
 * Pure functions, shared by the Portal (rendering) and the Server (neutralising).
 */
export { parseMarkup, type Colour, type MarkupToken, type Rgb } from './parse.ts';
export { renderAnsi, renderTerminal, type AnsiDepth, type TerminalOptions } from './ansi.ts';
export { escapeHtml, renderHtml } from './html.ts';
export { stripMarkup } from './plain.ts';
export { stripAnsi } from './escapes.ts';
export { neutralise } from './neutralise.ts';
export {
  neutraliseExceptColour,
  playerText,
  PLAYER_MARKUP_MODES,
  type PlayerMarkup,
} from './player-text.ts';
export { nearestAnsi16, nearestXterm256, xtermToRgb } from './palette.ts';
export {
  colourModeForFlags,
  mxpLinksForFlags,
  renderForFlags,
  type ColourMode,
  type RenderTarget,
} from './render.ts';
