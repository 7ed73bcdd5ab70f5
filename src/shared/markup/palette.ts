/**
 * Colour arithmetic for degrading a colour to what a client can show: true colour to the
 * xterm-256 palette, and either of those to the sixteen ANSI colours.
 *
 * The xterm-256 palette (indexes 16–255) is fixed by xterm's own `256colres.h`: a 6×6×6 cube
 * whose channel levels are 0, 95, 135, 175, 215, 255, then a 24-step greyscale ramp 8, 18 … 238.
 * The sixteen ANSI colours have no fixed values (every terminal theme differs), so degrading
 * measures against the classic VGA palette, where the normal colours are at half strength:
 * that is what makes `|500` bright red and `|300` dark red.
 */
import type { Rgb } from './tokens.ts';

/** Channel levels of the xterm 6×6×6 colour cube. */
const CUBE_LEVELS = [0, 95, 135, 175, 215, 255] as const;

/** The sixteen ANSI colours as measured for degrading (VGA), by index 0–15. */
export const ANSI16_RGB: readonly Rgb[] = [
  [0, 0, 0],
  [128, 0, 0],
  [0, 128, 0],
  [128, 128, 0],
  [0, 0, 128],
  [128, 0, 128],
  [0, 128, 128],
  [192, 192, 192],
  [128, 128, 128],
  [255, 0, 0],
  [0, 255, 0],
  [255, 255, 0],
  [0, 0, 255],
  [255, 0, 255],
  [0, 255, 255],
  [255, 255, 255],
].map(([r, g, b]) => Object.freeze({ r: r ?? 0, g: g ?? 0, b: b ?? 0 }));

/** Black, dark grey, light grey, white: the candidates for a colour without a clear hue. */
const ANSI16_GREYS = [0, 8, 7, 15] as const;
/** Black and the twelve colours with a hue: the candidates for any other colour. */
const ANSI16_HUES = [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14] as const;
/**
 * A colour whose channels spread less than this is treated as a grey. Without the split, a
 * pastel such as pink (`|425`) lies nearer light grey than magenta and would lose its hue.
 */
const GREY_SPREAD = 48;

function distance(a: Rgb, b: Rgb): number {
  const dr = a.r - b.r;
  const dg = a.g - b.g;
  const db = a.b - b.b;
  return dr * dr + dg * dg + db * db;
}

/** The RGB value of an xterm-256 palette index (0–15 give the VGA values above). */
export function xtermToRgb(index: number): Rgb {
  if (index < 16) return ANSI16_RGB[index] ?? { r: 0, g: 0, b: 0 };
  if (index >= 232) {
    const v = 8 + 10 * (index - 232);
    return { r: v, g: v, b: v };
  }
  const i = index - 16;
  const level = (n: number): number => CUBE_LEVELS[n] ?? 0;
  return { r: level(Math.floor(i / 36)), g: level(Math.floor(i / 6) % 6), b: level(i % 6) };
}

/** `#rrggbb`, lower case. */
export function rgbToHex(rgb: Rgb): string {
  const hex = (v: number): string => v.toString(16).padStart(2, '0');
  return `#${hex(rgb.r)}${hex(rgb.g)}${hex(rgb.b)}`;
}

/**
 * The nearest of the sixteen ANSI colours (0–15). Greys go to black, dark grey, light grey
 * or white; colours with a hue to the nearest colour with a hue (or black, for the very dark).
 * Ties go to the lower index.
 */
export function nearestAnsi16(rgb: Rgb): number {
  const spread = Math.max(rgb.r, rgb.g, rgb.b) - Math.min(rgb.r, rgb.g, rgb.b);
  const candidates = spread < GREY_SPREAD ? ANSI16_GREYS : ANSI16_HUES;
  let best = 0;
  let bestDistance = Infinity;
  for (const index of candidates) {
    const d = distance(rgb, ANSI16_RGB[index] as Rgb);
    if (d < bestDistance || (d === bestDistance && index < best)) {
      best = index;
      bestDistance = d;
    }
  }
  return best;
}

/** Index (0–5) of the cube level nearest to a channel value. */
function nearestCubeLevel(v: number): number {
  // Midpoints between adjacent levels: 47.5, 115, 155, 195, 235.
  if (v < 48) return 0;
  if (v < 115) return 1;
  return Math.min(5, Math.floor((v - 115) / 40) + 2);
}

/**
 * The nearest xterm-256 colour (16–255) to a true colour: the nearest cube colour or the
 * nearest step of the greyscale ramp, whichever is closer (the cube on a tie).
 */
export function nearestXterm256(rgb: Rgb): number {
  const r = nearestCubeLevel(rgb.r);
  const g = nearestCubeLevel(rgb.g);
  const b = nearestCubeLevel(rgb.b);
  const cube = 16 + 36 * r + 6 * g + b;
  const average = (rgb.r + rgb.g + rgb.b) / 3;
  const step = Math.min(23, Math.max(0, Math.round((average - 8) / 10)));
  const grey = 232 + step;
  return distance(rgb, xtermToRgb(grey)) < distance(rgb, xtermToRgb(cube)) ? grey : cube;
}
