import { describe, expect, it } from 'vitest';
import { nearestAnsi16, nearestXterm256, rgbToHex, xtermToRgb } from './palette.ts';

const rgb = (hex: string): { r: number; g: number; b: number } => ({
  r: parseInt(hex.slice(1, 3), 16),
  g: parseInt(hex.slice(3, 5), 16),
  b: parseInt(hex.slice(5, 7), 16),
});

describe('xtermToRgb', () => {
  it('gives xterm’s cube and greyscale values', () => {
    expect(rgbToHex(xtermToRgb(16))).toBe('#000000');
    expect(rgbToHex(xtermToRgb(196))).toBe('#ff0000');
    expect(rgbToHex(xtermToRgb(67))).toBe('#5f87af');
    expect(rgbToHex(xtermToRgb(231))).toBe('#ffffff');
    expect(rgbToHex(xtermToRgb(232))).toBe('#080808');
    expect(rgbToHex(xtermToRgb(255))).toBe('#eeeeee');
  });
});

describe('nearestXterm256', () => {
  it.each([
    ['#ff0000', 196],
    ['#000000', 16],
    ['#ffffff', 231],
    ['#5f87af', 67],
    ['#808080', 244],
    ['#767676', 243],
    ['#fe0101', 196],
    ['#ff8800', 208],
    ['#121212', 233],
  ])('%s → %i', (hex, index) => {
    expect(nearestXterm256(rgb(hex))).toBe(index);
  });

  it('maps every palette colour above 15 to itself', () => {
    for (let index = 16; index < 256; index++) {
      expect(nearestXterm256(xtermToRgb(index))).toBe(index);
    }
  });
});

describe('nearestAnsi16', () => {
  it.each([
    ['#ff0000', 9],
    ['#af0000', 1],
    ['#0000ff', 12],
    ['#00005f', 4],
    ['#00ff00', 10],
    ['#ffff00', 11],
    ['#000000', 0],
    ['#ffffff', 15],
    ['#878787', 8],
    ['#bcbcbc', 7],
    ['#1c1c1c', 0],
    ['#d787ff', 13], // Evennia's pink |425 keeps its hue instead of turning light grey
    ['#5f5f00', 3],
  ])('%s → %i', (hex, index) => {
    expect(nearestAnsi16(rgb(hex))).toBe(index);
  });
});
