/**
 * Properties of every rendering over random input from a seeded PRNG (so a failure replays):
 * nothing throws, output stays within a constant factor of the input, the visible text of every
 * rendering is the markup's plain text, every line ends reset, HTML is well-formed, MXP tags
 * come in pairs on one line, and neutralised text never carries a code.
 */
import { describe, expect, it } from 'vitest';
import { renderAnsi, renderTerminal, type AnsiDepth } from './ansi.ts';
import { stripAnsi } from './escapes.ts';
import { renderHtml } from './html.ts';
import { neutralise } from './neutralise.ts';
import { parseMarkup } from './parse.ts';
import { stripMarkup } from './plain.ts';
import { renderForFlags } from './render.ts';
import { seededRandom } from '../seeded-random.ts';

/** Characters that matter to the markup, escapes, HTML and neutralising, bars weighted up. */
const ALPHABET = [
  ...'||||||||[[[##===!!',
  ...'0123455555abcdefhnuxrgybmcwRGYBMCWXHz',
  ...'/-_>*^ \n\r\t',
  'l',
  't',
  '|lc',
  '|lt',
  '|le',
  '\u001b',
  '\u001b[',
  '\u001b]',
  '\u009b',
  '\u0007',
  '\\',
  ...'&<>"\'',
  'ÿ',
  'é',
  '😀',
  '\ud800',
  '\u202e',
  '\u200b',
  '\u0000',
];
const DEPTHS: readonly AnsiDepth[] = ['ansi16', 'xterm256', 'truecolor'];

function randomText(rand: () => number, maxLength: number): string {
  const length = Math.floor(rand() * maxLength);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return text;
}

/** HTML back to its text: tags out, `<br>` a newline, the five entities decoded. */
function htmlToText(html: string): string {
  return html
    .replace(/<span[^>]*>|<\/span>|<a [^>]*>|<\/a>/g, '')
    .replaceAll('<br>', '\n')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_m, name: string) =>
      name === 'lt'
        ? '<'
        : name === 'gt'
          ? '>'
          : name === 'quot'
            ? '"'
            : name === '#39'
              ? "'"
              : '&',
    );
}

/**
 * Throws unless the HTML is flat spans, links holding flat spans, and <br>s outside both, every
 * element closed, all text escaped.
 */
function assertWellFormedHtml(html: string): void {
  let span = false;
  let link = false;
  for (const part of html.match(/<[^>]*>|[^<]+/g) ?? []) {
    if (part.startsWith('<')) {
      if (part === '<br>') {
        expect(span || link).toBe(false);
      } else if (part === '</span>') {
        expect(span).toBe(true);
        span = false;
      } else if (part === '</a>') {
        expect([span, link]).toEqual([false, true]);
        link = false;
      } else if (part.startsWith('<a ')) {
        expect(part).toMatch(/^<a data-command="[^"<>]+">$/);
        expect([span, link]).toEqual([false, false]);
        link = true;
      } else {
        expect(part).toMatch(/^<span(?: class="[a-z0-9 -]+")?(?: style="[a-z:#0-9;-]+")?>$/);
        expect(span).toBe(false);
        span = true;
      }
    } else {
      expect(part).not.toMatch(/[>"']|&(?!(?:lt|gt|quot|#39|amp);)/);
    }
  }
  expect([span, link]).toEqual([false, false]);
}

/** MXP's link tags as renderTerminal writes them. */
// eslint-disable-next-line no-control-regex
const MXP_TAG = /\u001b\[4z<SEND HREF="[^"<>]*">|\u001b\[4z<\/SEND>/g;

/** Throws unless every line opens and closes its MXP links in turn. */
function assertMxpPaired(out: string): void {
  for (const line of out.split('\n')) {
    const tags = line.match(MXP_TAG) ?? [];
    tags.forEach((tag, i) => expect(tag.endsWith('</SEND>')).toBe(i % 2 === 1));
    expect(tags.length % 2).toBe(0);
  }
}

/** Throws unless the only escapes are SGRs and each line's last one is a reset. */
function assertEndsReset(out: string): void {
  // eslint-disable-next-line no-control-regex
  const SGR = /\u001b\[[0-9;]*m/g;
  expect(out.replace(SGR, '')).not.toContain('\u001b');
  for (const line of out.split('\n')) {
    const codes = line.match(SGR);
    if (codes !== null) expect(codes[codes.length - 1]).toBe('\u001b[0m');
  }
}

describe('markup properties over random input', () => {
  const rand = seededRandom(0x5eed);
  const samples = Array.from({ length: 1500 }, () => randomText(rand, 120));
  samples.push(randomText(rand, 20_000), '', '|', '||', '|[', '\u001b');

  it('renders everything without throwing, within bounded output', () => {
    for (const text of samples) {
      const n = text.length;
      expect(stripMarkup(text).length).toBeLessThanOrEqual(2 * n);
      expect(neutralise(text).length).toBeLessThanOrEqual(2 * n);
      expect(stripAnsi(text).length).toBeLessThanOrEqual(n);
      for (const depth of DEPTHS) {
        expect(renderAnsi(text, depth).length).toBeLessThanOrEqual(32 * n + 16);
      }
      expect(renderHtml(text).length).toBeLessThanOrEqual(64 * n + 16);
      for (const flag of ['RAW', 'NOCOLOR', 'ANSI', 'XTERM256', 'TRUECOLOR']) {
        renderForFlags(text, { [flag]: true });
        renderForFlags(text, { [flag]: true, MXP: true });
        renderForFlags(text, { [flag]: true }, 'html');
      }
    }
  });

  it('keeps the visible text: stripping a rendering gives stripMarkup of the source', () => {
    for (const text of samples) {
      const plain = stripMarkup(text);
      for (const depth of DEPTHS) expect(stripAnsi(renderAnsi(text, depth))).toBe(plain);
      expect(htmlToText(renderHtml(text))).toBe(plain.replaceAll('\r', ''));
    }
  });

  it('round-trips plain text unchanged through every renderer', () => {
    for (const text of samples) {
      const plain = stripMarkup(text).replaceAll('|', '');
      expect(stripMarkup(plain)).toBe(plain);
      for (const depth of DEPTHS) expect(renderAnsi(plain, depth)).toBe(plain);
      expect(htmlToText(renderHtml(plain))).toBe(plain.replaceAll('\r', ''));
    }
  });

  it('ends every line of an ANSI rendering reset, and writes no other escapes', () => {
    for (const text of samples) {
      for (const depth of DEPTHS) assertEndsReset(renderAnsi(text, depth));
    }
  });

  it('writes MXP links in pairs on each line, and nothing else but the visible text', () => {
    for (const text of samples) {
      const plain = stripMarkup(text);
      for (const depth of [...DEPTHS, null]) {
        const out = renderTerminal(text, depth, { mxp: true });
        assertMxpPaired(out);
        const withoutTags = out.replace(MXP_TAG, '');
        assertEndsReset(withoutTags);
        expect(stripAnsi(withoutTags)).toBe(plain);
      }
    }
  });

  it('writes well-formed HTML', () => {
    for (const text of samples) assertWellFormedHtml(renderHtml(text));
  });

  it('neutralises any input to text with no codes, escapes or line breaks', () => {
    for (const text of samples) {
      const safe = neutralise(text);
      expect(parseMarkup(safe).every((token) => token.kind === 'text')).toBe(true);
      // eslint-disable-next-line no-control-regex
      expect(stripMarkup(safe)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e\u200b]/);
    }
  });

  it('renders a megabyte of hostile fragments for every client in bounded time', () => {
    const fragments = ['|', '|[', '|[#', '|#ff', '|r', '|[r', '\u001b[', '|/', '<&', '|lc', '|lt'];
    let hostile = '';
    while (hostile.length < 1_048_576) {
      hostile += fragments[Math.floor(rand() * fragments.length)];
    }
    const started = performance.now();
    for (const flag of ['ANSI', 'XTERM256', 'TRUECOLOR', 'NOCOLOR']) {
      const out = renderForFlags(hostile, { [flag]: true, MXP: true });
      expect(out.length).toBeLessThanOrEqual(32 * hostile.length + 16);
    }
    expect(renderHtml(hostile).length).toBeLessThanOrEqual(64 * hostile.length + 16);
    expect(neutralise(hostile).length).toBeLessThanOrEqual(2 * hostile.length);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('renderForFlags on text without markup', () => {
  it('gives exactly what the full renderers give, for every client', () => {
    const rand = seededRandom(7);
    const depthFlags = {
      ansi16: { ANSI: true },
      xterm256: { XTERM256: true },
      truecolor: { TRUECOLOR: true },
    };
    for (let i = 0; i < 2000; i++) {
      const text = randomText(rand, 40).replaceAll('|', '');
      for (const depth of DEPTHS)
        expect(renderForFlags(text, depthFlags[depth], 'terminal')).toBe(renderAnsi(text, depth));
      expect(renderForFlags(text, {}, 'terminal')).toBe(stripMarkup(text));
      expect(renderForFlags(text, { RAW: true }, 'terminal')).toBe(stripAnsi(text));
      expect(renderForFlags(text, {}, 'html')).toBe(renderHtml(text));
      expect(renderForFlags(text, { NOCOLOR: true }, 'html')).toBe(renderHtml(stripMarkup(text)));
    }
  });
});
