/// <reference lib="dom" />
/**
 * The input line: Enter sends, Up/Down walk the history, and the field is masked (a password
 * field, so screen readers and browsers treat it as secret) whenever any of these holds:
 *  - the server has echo off: it sent `["client_options", [], {"ECHO": false}]` (until
 *    `{"ECHO": true}`), the WebSocket form of telnet's WILL ECHO;
 *  - the server's last prompt asked for a password: `["prompt", ["Password:"], {"password": true}]`
 *    masks the next line only, and once that line is sent the question is answered
 *    (`onPasswordAnswered`: the page takes the prompt down);
 *  - the player pressed "Hide input".
 * The page never guesses a password from what is typed. Lines sent while masked are neither
 * echoed into the log nor kept in the history.
 */
import { InputHistory } from './input-history.ts';

export interface CommandLineEvents {
  /** A line to send; returns false when it could not be sent (not connected). */
  onLine(line: string, masked: boolean): boolean;
  onMaskChange(masked: boolean, why: string): void;
  /** The line just sent answered the server's password prompt. */
  onPasswordAnswered(): void;
}

export class CommandLine {
  private readonly history = new InputHistory(200);
  private serverEchoOff = false;
  private promptPassword = false;
  private userHidden = false;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly input: HTMLInputElement,
    private readonly events: CommandLineEvents,
  ) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    input.addEventListener('keydown', (event) => this.onKey(event));
  }

  get masked(): boolean {
    return this.serverEchoOff || this.promptPassword || this.userHidden;
  }

  setServerEcho(on: boolean): void {
    this.serverEchoOff = !on;
    this.update();
  }

  setPromptPassword(password: boolean): void {
    this.promptPassword = password;
    this.update();
  }

  setUserHidden(hidden: boolean): void {
    this.userHidden = hidden;
    this.update();
  }

  /** A new connection starts with the server's echo on again. */
  reset(): void {
    this.serverEchoOff = false;
    this.promptPassword = false;
    this.update();
  }

  focus(): void {
    this.input.focus({ preventScroll: true });
  }

  private submit(): void {
    const line = this.input.value;
    const masked = this.masked;
    if (!this.events.onLine(line, masked)) return; // keep the text to send once reconnected
    if (!masked) this.history.push(line);
    this.input.value = '';
    if (this.promptPassword) {
      this.setPromptPassword(false);
      this.events.onPasswordAnswered();
    }
  }

  private onKey(event: KeyboardEvent): void {
    if (this.masked || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    const next = event.key === 'ArrowUp' ? this.history.up(this.input.value) : this.history.down();
    event.preventDefault();
    if (next === null) return;
    this.input.value = next;
    const end = next.length;
    this.input.setSelectionRange(end, end);
  }

  private update(): void {
    const masked = this.masked;
    const type = masked ? 'password' : 'text';
    if (this.input.type !== type) this.input.type = type;
    this.form.classList.toggle('masked', masked);
    const why = this.serverEchoOff
      ? 'the game hides what you type'
      : this.promptPassword
        ? 'password requested'
        : this.userHidden
          ? 'hidden by you'
          : '';
    this.events.onMaskChange(masked, why);
  }
}
