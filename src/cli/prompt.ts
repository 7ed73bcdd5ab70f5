/**
 * Asking a person at a terminal: a line, or a password that is not echoed.
 *
 * One `Prompt` owns the input for every question of a conversation. Answers typed ahead or
 * pasted at once wait in its buffer for their question, instead of being read by one question's
 * reader and lost when it closes. A line question leaves the terminal in its normal (cooked)
 * mode, so the terminal echoes and edits the line; a hidden question switches it to raw mode,
 * where nothing is echoed and this reader handles Backspace, Ctrl-U, Ctrl-C and Ctrl-D itself.
 */
import { StringDecoder } from 'node:string_decoder';

/** What a prompt reads: process.stdin, or a plain stream in tests. */
export interface PromptInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

export interface PromptOutput {
  write(text: string): unknown;
}

/** A question got no answer: Ctrl-C in a hidden answer, or the input ended (Ctrl-D, a pipe). */
export class PromptStopped extends Error {
  constructor(readonly code: 'PROMPT_CANCELLED' | 'PROMPT_ENDED') {
    super(code === 'PROMPT_CANCELLED' ? 'cancelled' : 'the input ended');
    this.name = 'PromptStopped';
  }
}

/** Questions a person can answer; `Prompt` is the terminal's, tests script their own. */
export interface Questions {
  ask(question: string): Promise<string>;
  askHidden(question: string): Promise<string>;
}

export function canAsk(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACES = new Set(['\u007f', '\b']);
const ESC = '\u001b';

interface Pending {
  hidden: boolean;
  value: string;
  resolve(answer: string): void;
  reject(err: PromptStopped): void;
}

/** Where the reader is inside an escape sequence (an arrow key is ESC [ A), which it skips. */
type EscapeState = 'none' | 'escape' | 'sequence';

export class Prompt implements Questions {
  /** Received and decoded, not yet taken by a question. */
  private buffered = '';
  private ended = false;
  private listening = false;
  private pending: Pending | null = null;
  /** The last answer ended with CR; a LF straight after it belongs to that answer. */
  private afterCarriageReturn = false;
  private escape: EscapeState = 'none';
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly input: PromptInput,
    private readonly output: PromptOutput,
  ) {}

  /** For the terminal this process runs in. */
  static forTerminal(): Prompt {
    return new Prompt(process.stdin, process.stdout);
  }

  ask(question: string): Promise<string> {
    return this.question(question, false);
  }

  /** Nothing typed reaches the screen (raw mode on a terminal). */
  askHidden(question: string): Promise<string> {
    return this.question(question, true);
  }

  /** Stops reading, so the process can exit (or hand the terminal to someone else). */
  close(): void {
    if (this.listening) {
      this.input.off('data', this.onData);
      this.input.off('end', this.onEnd);
      this.input.pause();
      this.listening = false;
    }
    this.setRaw(false);
  }

  private question(question: string, hidden: boolean): Promise<string> {
    if (this.pending) throw new Error('a question is already waiting for its answer');
    this.output.write(question);
    const answer = new Promise<string>((resolve, reject) => {
      this.pending = { hidden, value: '', resolve, reject };
    });
    if (hidden) this.setRaw(true);
    this.listen();
    this.consume();
    return answer;
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.resume();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    this.buffered += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.consume();
  };

  private readonly onEnd = (): void => {
    this.buffered += this.decoder.end();
    this.ended = true;
    this.consume();
  };

  /** Feeds buffered characters to the waiting question until it is answered. */
  private consume(): void {
    while (this.pending && this.buffered.length > 0) {
      const char = String.fromCodePoint(this.buffered.codePointAt(0)!);
      this.buffered = this.buffered.slice(char.length);
      this.take(this.pending, char);
    }
    if (this.pending && this.ended) {
      // Like readline: a last line without its newline is still an answer.
      if (this.pending.value.length > 0) this.finish(this.pending.value);
      else this.stop('PROMPT_ENDED');
    }
  }

  private take(pending: Pending, char: string): void {
    const afterCarriageReturn = this.afterCarriageReturn;
    this.afterCarriageReturn = false;
    if (this.escape !== 'none') {
      // ESC [ or ESC O, then parameters, then one final byte in @..~ ends the sequence.
      if (this.escape === 'escape' && (char === '[' || char === 'O')) this.escape = 'sequence';
      else if (this.escape === 'escape' || /[@-~]/.test(char)) this.escape = 'none';
      return;
    }
    if (char === '\n' && afterCarriageReturn) return;
    if (char === '\r' || char === '\n') {
      this.afterCarriageReturn = char === '\r';
      this.finish(pending.value);
      return;
    }
    if (pending.hidden) {
      // In raw mode these keys arrive as characters instead of being handled by the terminal.
      if (char === CTRL_C) return this.stop('PROMPT_CANCELLED');
      if (char === CTRL_D) {
        if (pending.value.length === 0) this.stop('PROMPT_ENDED');
        return;
      }
      if (char === CTRL_U) {
        pending.value = '';
        return;
      }
      if (BACKSPACES.has(char)) {
        pending.value = [...pending.value].slice(0, -1).join('');
        return;
      }
    }
    if (char === ESC) {
      this.escape = 'escape';
      return;
    }
    pending.value += char;
  }

  private finish(answer: string): void {
    const pending = this.settle();
    pending?.resolve(answer);
  }

  private stop(code: PromptStopped['code']): void {
    const pending = this.settle();
    pending?.reject(new PromptStopped(code));
  }

  private settle(): Pending | null {
    const pending = this.pending;
    this.pending = null;
    if (pending?.hidden) {
      this.setRaw(false);
      // Enter is not echoed in raw mode; end the line the question started.
      this.output.write('\n');
    }
    return pending;
  }

  private setRaw(raw: boolean): void {
    if (this.input.isTTY === true && this.input.setRawMode) this.input.setRawMode(raw);
  }
}
