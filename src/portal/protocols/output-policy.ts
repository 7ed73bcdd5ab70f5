/**
 * What happens when a client stops reading. Every protocol checks its socket's unsent bytes
 * after a write; past `maxOutputBufferBytes` the connection is closed: a client that lets a
 * megabyte of game text pile up is gone or stuck, and keeping its output would let one player
 * grow the Portal's memory without bound. Closing is logged with the figure, and the Server
 * hears of it as an ordinary disconnect.
 */
import type { ProtocolFlags } from '../../shared/session-data.ts';
import { renderForFlags, type RenderTarget } from '../../shared/markup/index.ts';

export const OUTPUT_OVERFLOW_REASON = 'output buffer overflow: the client stopped reading';

export function outputOverflowed(writableLength: number, maxOutputBufferBytes: number): boolean {
  return writableLength > maxOutputBufferBytes;
}

/** Text from `text` outputfuncs gains a line end unless it already has one. */
export function withLineEnd(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function textOf(args: readonly unknown[]): string {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (first === undefined || first === null) return '';
  return String(first);
}

export { LINE_TOO_LONG_MESSAGE } from '../../shared/input-notices.ts';

/**
 * Game text carries colour markup (`|r`, `|555`, `||`…); each client gets it rendered for what
 * it can show — ANSI depth or HTML, or plain for NOCOLOR and screen readers — per its flags.
 */
export function renderText(
  text: string,
  flags: Readonly<ProtocolFlags>,
  target: RenderTarget,
): string {
  return renderForFlags(text, flags, target);
}
