/**
 * Writes a batch of messages as one frame (frame.ts), faster than one `JSON.stringify` of the
 * whole batch for the traffic the link mostly carries.
 *
 * A room-wide message (`say` in a room of 100) makes 100 `output` messages in one turn that
 * differ only in `sessid`; native JSON.stringify escapes the same text 100 times. Here an
 * `input`/`output` message is written by hand around its calls, and a call list that is a
 * single `text` with no kwargs reuses the JSON of one of the last two when the text is the same
 * string (the 99 repeats cost a string comparison). Every other message, and any call list of
 * another shape, goes through JSON.stringify, so the bytes always parse to the same value.
 *
 * With `shareOutput` (the Server's end only: `outputShared` is a Server → Portal message), a run
 * of consecutive `output` messages with the same single text goes out as ONE `outputShared`
 * listing their sessids, so the Portal parses and checks the text once, not once per session.
 * Only consecutive messages are merged, so the order of everything in the frame is kept.
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

export interface FrameEncoderOptions {
  /** Merge runs of identical single-text `output` messages into `outputShared`. */
  shareOutput?: boolean;
}

export class FrameEncoder {
  // The last two texts' JSON: looking one message ahead for a run must not evict the text of
  // the message about to be written.
  private textA: string | null = null;
  private jsonA = '';
  private textB: string | null = null;
  private jsonB = '';
  private readonly shareOutput: boolean;

  constructor(options: FrameEncoderOptions = {}) {
    this.shareOutput = options.shareOutput ?? false;
  }

  /** The frame (header and body) for `messages`, in one allocation. */
  encode(messages: readonly unknown[]): Buffer {
    let json = '[';
    for (let i = 0; i < messages.length;) {
      if (i > 0) json += ',';
      const shared = this.shareOutput ? this.sharedRun(messages, i) : null;
      if (shared !== null) {
        json += shared.json;
        i = shared.end;
      } else {
        json += this.message(messages[i]);
        i++;
      }
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

  /**
   * The run of like `output` messages from `start`: `outputShared` when it has two or more, the
   * one `output` otherwise; null when `start` is not a single-text `output`.
   */
  private sharedRun(
    messages: readonly unknown[],
    start: number,
  ): { json: string; end: number } | null {
    const calls = this.outputText(messages[start]);
    if (calls === null) return null;
    let end = start + 1;
    // The cache hands back the same string for the same text: usually a pointer comparison.
    while (end < messages.length && this.outputText(messages[end]) === calls) end++;
    const first = messages[start] as { sessid: number };
    if (end - start < 2)
      return { json: `{"t":"output","sessid":${first.sessid},"cmds":${calls}}`, end };
    let sessids = '';
    for (let i = start; i < end; i++) {
      if (i > start) sessids += ',';
      sessids += (messages[i] as { sessid: number }).sessid;
    }
    return { json: `{"t":"outputShared","sessids":[${sessids}],"cmds":${calls}}`, end };
  }

  /** The calls' JSON when `message` is an `output` of one plain text call; else null. */
  private outputText(message: unknown): string | null {
    if (typeof message !== 'object' || message === null) return null;
    const m = message as { t?: unknown; sessid?: unknown; cmds?: unknown };
    if (m.t !== 'output' || !Number.isSafeInteger(m.sessid) || !Array.isArray(m.cmds)) return null;
    return this.textCall(m.cmds);
  }

  private calls(cmds: readonly unknown[]): string {
    return this.textCall(cmds) ?? JSON.stringify(cmds);
  }

  /** `[["text",[text],{}]]`, cached for a repeated text, when `cmds` is just that; else null. */
  private textCall(cmds: readonly unknown[]): string | null {
    const call: unknown = cmds.length === 1 ? cmds[0] : undefined;
    if (Array.isArray(call) && call.length === 3 && call[0] === 'text') {
      const args: unknown = call[1];
      const text: unknown = Array.isArray(args) && args.length === 1 ? args[0] : undefined;
      if (typeof text === 'string' && isEmptyRecord(call[2])) {
        if (text === this.textB) return this.jsonB;
        if (text === this.textA) return this.jsonA;
        this.textA = this.textB;
        this.jsonA = this.jsonB;
        this.textB = text;
        this.jsonB = `[["text",[${JSON.stringify(text)}],{}]]`;
        return this.jsonB;
      }
    }
    return null;
  }
}
