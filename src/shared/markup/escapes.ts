/**
 * Removing terminal escape sequences from text: colour changes, cursor moves, window-title and
 * hyperlink commands (OSC), device control strings, and the C1 control characters that some
 * terminals treat as escapes of their own. Renderers use it so that the only escapes a client
 * receives are the renderer's own; `neutralise` uses it on player text.
 *
 * The grammar is ECMA-48 §5.3–5.6 (as terminals implement it):
 *   ESC [ parameters(0x30–0x3F)* intermediates(0x20–0x2F)* final(0x40–0x7E)   CSI
 *   ESC ] | P | X | ^ | _  …string…  BEL | ESC \ | 0x9C                          control string
 *   ESC intermediates(0x20–0x2F)* final(0x30–0x7E)                              other escapes
 * and the single-character C1 forms 0x9B (CSI), 0x9D/0x90/0x98/0x9E/0x9F (strings).
 * An explicit state machine, one pass, each character looked at once: linear on any input.
 * A sequence cut short (by the end, or a character that cannot continue it) is dropped up to
 * that point; an unterminated control string is dropped to the end, as a terminal would swallow
 * it. Every ESC and C1 character is removed, so the result never holds the start of a sequence
 * and stripping twice changes nothing.
 */

const ESC = 0x1b;
const BEL = 0x07;
const C1_CSI = 0x9b;
const C1_ST = 0x9c;

type State =
  | 'text'
  /** Just after ESC. */
  | 'escape'
  /** ESC followed by intermediates, waiting for the final character. */
  | 'escapeIntermediates'
  | 'csiParameters'
  | 'csiIntermediates'
  /** Inside OSC, DCS, SOS, PM or APC. */
  | 'controlString'
  /** ESC inside a control string: `\` ends it, anything else aborts it and starts anew. */
  | 'controlStringEscape';

function isC1(c: number): boolean {
  return c >= 0x80 && c <= 0x9f;
}

/** 0x90 DCS, 0x98 SOS, 0x9D OSC, 0x9E PM, 0x9F APC. */
function isC1StringIntroducer(c: number): boolean {
  return c === 0x90 || c === 0x98 || c === 0x9d || c === 0x9e || c === 0x9f;
}

/** `]` OSC, `P` DCS, `X` SOS, `^` PM, `_` APC after ESC. */
function isStringIntroducer(c: number): boolean {
  return c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f;
}

// eslint-disable-next-line no-control-regex
const MAY_HOLD_ESCAPES = /[\u001b\u0080-\u009f]/;

/** Whether the text holds an ESC or a C1 control, i.e. anything `stripAnsi` would touch. */
export function hasEscapes(text: string): boolean {
  return MAY_HOLD_ESCAPES.test(text);
}

/** The text without escape sequences and C1 controls; every other character is kept. */
export function stripAnsi(text: string): string {
  if (!hasEscapes(text)) return text;
  const parts: string[] = [];
  let state: State = 'text';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (state) {
      case 'text':
        if (c === ESC || isC1(c)) {
          if (i > runStart) parts.push(text.slice(runStart, i));
          state = c === ESC ? 'escape' : c === C1_CSI ? 'csiParameters' : 'text';
          if (isC1StringIntroducer(c)) state = 'controlString';
          runStart = i + 1;
        }
        continue;
      case 'escape':
        if (c === 0x5b) state = 'csiParameters';
        else if (isStringIntroducer(c)) state = 'controlString';
        else if (c >= 0x20 && c <= 0x2f) state = 'escapeIntermediates';
        else if (c >= 0x30 && c <= 0x7e) state = 'text';
        else {
          // A lone ESC: drop it and read this character afresh.
          state = 'text';
          i--;
          continue;
        }
        runStart = i + 1;
        continue;
      case 'escapeIntermediates':
        if (c >= 0x20 && c <= 0x2f) {
          runStart = i + 1;
          continue;
        }
        state = 'text';
        if (c >= 0x30 && c <= 0x7e) runStart = i + 1;
        else i--;
        continue;
      case 'csiParameters':
      case 'csiIntermediates':
        if (state === 'csiParameters' && c >= 0x30 && c <= 0x3f) {
          runStart = i + 1;
          continue;
        }
        if (c >= 0x20 && c <= 0x2f) {
          state = 'csiIntermediates';
          runStart = i + 1;
          continue;
        }
        state = 'text';
        if (c >= 0x40 && c <= 0x7e) runStart = i + 1;
        else i--; // cut short: this character is not part of it
        continue;
      case 'controlString':
        if (c === BEL || c === C1_ST) {
          state = 'text';
        } else if (c === ESC) {
          state = 'controlStringEscape';
        }
        runStart = i + 1;
        continue;
      case 'controlStringEscape':
        if (c === 0x5c) {
          state = 'text';
          runStart = i + 1;
        } else {
          // Aborted by a new escape: that ESC starts a sequence of its own.
          state = 'escape';
          i--;
        }
        continue;
      default: {
        const unreachable: never = state;
        return unreachable;
      }
    }
  }
  if (state === 'text' && runStart < text.length) parts.push(text.slice(runStart));
  return parts.join('');
}
