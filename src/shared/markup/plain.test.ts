import { describe, expect, it } from 'vitest';
import { stripMarkup } from './plain.ts';

describe('stripMarkup', () => {
  it('removes every kind of code and keeps the text', () => {
    expect(
      stripMarkup('|rred|n |[Bon blue|n |h|u|^|*x|H |500cube |[=mgrey |#ff0000hex |!Gg|n'),
    ).toBe('red on blue x cube grey hex g');
  });

  it('turns the text codes into their characters', () => {
    expect(stripMarkup('a||b|/c|-d|_e|>f')).toBe('a|b\nc\td e    f');
  });

  it('keeps unknown codes as written', () => {
    expect(stripMarkup('50|% |q |[ |#12 end|')).toBe('50|% |q |[ |#12 end|');
  });

  it('removes raw escape sequences too', () => {
    expect(stripMarkup('\u001b[31mred|n\u001b[0m')).toBe('red');
  });

  it('keeps the text of a link and drops its command', () => {
    expect(stripMarkup('Go |lclook|lt|wLook around|n|le.')).toBe('Go Look around.');
  });

  it('returns text without markup as it is', () => {
    expect(stripMarkup('just words')).toBe('just words');
  });
});
