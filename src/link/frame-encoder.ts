/**
 * Writes a batch of messages as one frame (frame.ts), faster than one `JSON.stringify` of the
 * whole batch for the traffic the link mostly carries.
 *
 * A room-wide message (`say` in a room of 100) makes 100 `output` messages in one turn that
 * differ only in `sessid`; native JSON.stringify escapes the same text 100 times. Here an
 * `input`/`output` message is written by hand around its calls, and a call list that is a
 * single `text` with no kwargs reuses the JSON of the previous one when the text is the same
 * string (the 99 repeats cost a string comparison). Every other message, and any call list of
 * another shape, goes through JSON.stringify, so the bytes always parse to the same value.
 *
 * One encoder per link connection: the cache is that connection's, never a module global.
 */
import { FRAME_HEADER_BYTES } from './frame.ts';

/** `{}` as JSON.stringify sees it: a plain object with no keys. */
function isEmptyRecord(value: unknown): boolean {
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.getPrototypeOf(value) !== Object.prototype
  )
    return false;
  for (const _ in value) return false;
  return true;
}

export class FrameEncoder {
  private lastText: string | null = null;
  private lastTextJson = '';

  /** The frame (header and body) for `messages`, in one allocation. */
  encode(messages: readonly unknown[]): Buffer {
    let json = '[';
    for (let i = 0; i < messages.length; i++) {
      if (i > 0) json += ',';
      json += this.message(messages[i]);
    }
    json += ']';
    const bodyBytes = Buffer.byteLength(json, 'utf8');
    const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + bodyBytes);
    frame.writeUInt32BE(bodyBytes, 0);
    frame.write(json, FRAME_HEADER_BYTES, 'utf8');
    return frame;
  }

  private message(message: unknown): string {
    if (typeof message === 'object' && message !== null) {
      const m = message as { t?: unknown; sessid?: unknown; cmds?: unknown };
      if (
        (m.t === 'output' || m.t === 'input') &&
        Number.isSafeInteger(m.sessid) &&
        Array.isArray(m.cmds)
      )
        return `{"t":"${m.t}","sessid":${m.sessid as number},"cmds":${this.calls(m.cmds)}}`;
    }
    return JSON.stringify(message);
  }

  private calls(cmds: readonly unknown[]): string {
    const call: unknown = cmds.length === 1 ? cmds[0] : undefined;
    if (Array.isArray(call) && call.length === 3 && call[0] === 'text') {
      const args: unknown = call[1];
      const text: unknown = Array.isArray(args) && args.length === 1 ? args[0] : undefined;
      if (typeof text === 'string' && isEmptyRecord(call[2])) {
        if (text !== this.lastText) {
          this.lastText = text;
          this.lastTextJson = `[["text",[${JSON.stringify(text)}],{}]]`;
        }
        return this.lastTextJson;
      }
    }
    return JSON.stringify(cmds);
  }
}
