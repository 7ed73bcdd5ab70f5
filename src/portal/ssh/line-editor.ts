/**
 * Line editing for an SSH shell. With a pty the client's terminal is in raw mode: every key
 * arrives as typed and nothing is echoed locally, so the server side must echo, handle
 * backspace and find line ends (the job a tty's line discipline does for a Unix shell).
 * Without a pty the client sends whole lines and expects no echo.
 *
 * Keys: printable text is kept and echoed; Backspace (7F) and ^H (08) remove one character;
 * Enter (CR, or LF; the second of a CR LF / LF CR pair is swallowed) ends the line; ^C drops the
 * line; ^U clears it; ^D on an empty line ends the session; escape sequences (arrow keys, F-keys)
 * are skipped. The line cap holds while typing: past `maxLineBytes` one `overflow` is reported
 * and the rest of that line is dropped up to its end.
 */

export type EditorEvent =
  | { readonly kind: 'line'; readonly line: string }
  | { readonly kind: 'overflow' }
  | { readonly kind: 'eof' };

type EditorState =
  | 'text'
  | 'after-cr' // a line ended at CR; an LF or NUL next belongs to it
  | 'after-lf' // a line ended at LF; a CR next belongs to it
  | 'esc' // after ESC
  | 'csi'; // inside ESC [ … or ESC O …, until a final byte

const ESC = 0x1b;
const CR = 0x0d;
const LF = 0x0a;
const BS = 0x08;
const DEL = 0x7f;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CTRL_U = 0x15;

export class LineEditor {
  private state: EditorState = 'text';
  private line: number[] = [];
  private skipping = false;

  constructor(
    private readonly options: {
      echo: boolean;
      maxLineBytes: number;
      /** Bytes to send back to the client (echo). */
      write: (bytes: Buffer) => void;
    },
  ) {}

  push(data: Buffer): EditorEvent[] {
    const events: EditorEvent[] = [];
    const echo: number[] = [];
    for (const byte of data) {
      if (this.state === 'after-cr' || this.state === 'after-lf') {
        const pair = this.state === 'after-cr' ? byte === LF || byte === 0 : byte === CR;
        this.state = 'text';
        if (pair) continue;
      }
      if (this.state === 'esc') {
        this.state = byte === 0x5b || byte === 0x4f ? 'csi' : 'text';
        continue;
      }
      if (this.state === 'csi') {
        if (byte >= 0x40 && byte <= 0x7e) this.state = 'text';
        continue;
      }
      switch (byte) {
        case CR:
        case LF:
          this.state = byte === CR ? 'after-cr' : 'after-lf';
          echo.push(CR, LF);
          if (!this.skipping)
            events.push({ kind: 'line', line: Buffer.from(this.line).toString('utf8') });
          this.line = [];
          this.skipping = false;
          break;
        case BS:
        case DEL:
          if (this.line.length > 0) {
            // Drop one UTF-8 character: its continuation bytes (10xxxxxx) and its lead byte.
            let removed = this.line.pop() ?? 0;
            while ((removed & 0xc0) === 0x80 && this.line.length > 0)
              removed = this.line.pop() ?? 0;
            echo.push(BS, 0x20, BS);
          }
          break;
        case CTRL_C:
          this.line = [];
          this.skipping = false;
          echo.push(0x5e, 0x43, CR, LF); // ^C
          break;
        case CTRL_U:
          if (this.line.length > 0) echo.push(CR, ESC, 0x5b, 0x4b); // CR, erase line
          this.line = [];
          break;
        case CTRL_D:
          if (this.line.length === 0) events.push({ kind: 'eof' });
          break;
        case ESC:
          this.state = 'esc';
          break;
        default:
          if (byte < 0x20) break; // other control keys mean nothing here
          if (this.skipping) break;
          if (this.line.length >= this.options.maxLineBytes) {
            this.skipping = true;
            this.line = [];
            events.push({ kind: 'overflow' });
            break;
          }
          this.line.push(byte);
          echo.push(byte);
      }
    }
    if (this.options.echo && echo.length > 0) this.options.write(Buffer.from(echo));
    return events;
  }
}
