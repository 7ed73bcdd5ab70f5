/// <reference lib="dom" />
/**
 * The output log: game messages appended as blocks, oldest removed once the log holds more
 * than `maxLines` lines, so a session left open for days keeps a bounded page. It follows the
 * newest output unless the player has scrolled up to read, in which case a "new output"
 * button appears instead of yanking the view. The element is an ARIA live log, so screen
 * readers announce what is appended and nothing else.
 *
 * A reload keeps the log: the page saves the newest blocks to sessionStorage (this tab only,
 * gone with the tab) when it is hidden and restores them on load, so a resumed session reads
 * on, the commands the player typed (`> look`) among them. A command typed on the connection
 * screen is saved as its first word only (`> connect …`): its arguments are the account name
 * and, typed in plain view, the password; so is a password command after login (`> password …`).
 * (A one-word line is saved whole: the game's reply
 * to a word it does not know, saved with the log, quotes that word anyway.)
 */
import type { AnsiStyle } from './ansi.ts';
import { renderGameHtml } from './sanitize.ts';

/** Decorations a screen reader would spell out (Evennia's SCREENREADER_REGEX_STRIP, widened). */
export const DECORATION = /\+[-=~]+\+?|[-=~_*#]{3,}|[\u2500-\u257f]{2,}/g;

/** Commands whose arguments are passwords (`password old = new`), saved like a login line. */
const SECRET_COMMAND = /^[@+]?(?:password|passwd|newpassword|userpassword)$/i;

/** `channel`: a line said on a channel (text sent with `{ type: 'channel' }`). */
export type BlockKind = 'text' | 'prompt' | 'echo' | 'notice' | 'channel';

export class Scrollback {
  private lineCount = 0;
  private readonly lines = new WeakMap<Element, number>();
  /** What `snapshot` saves of an echoed command instead of the line itself. */
  private readonly savedAs = new WeakMap<Element, string>();
  private following = true;
  /** The running ANSI style: colour set in one message carries on into the next. */
  private readonly ansi: AnsiStyle = {};
  screenReader = false;

  constructor(
    private readonly log: HTMLElement,
    private readonly newOutput: HTMLButtonElement,
    private readonly maxLines: number,
  ) {
    log.addEventListener('scroll', () => {
      this.following = this.atBottom();
      if (this.following) this.newOutput.hidden = true;
    });
    newOutput.addEventListener('click', () => this.scrollToEnd());
  }

  /** Append game HTML (already escaped by the Portal; sanitised again here). */
  appendHtml(html: string, kind: BlockKind = 'text'): void {
    // Each message is its own block; a trailing break would only add an empty line.
    const trimmed = html.replace(/(?:<br\s*\/?>|\r?\n)$/i, '');
    const fragment = renderGameHtml(trimmed, this.ansi, this.screenReader ? DECORATION : null);
    this.appendBlock(fragment, kind, 1 + (trimmed.match(/<br\s*\/?>|\n/gi)?.length ?? 0));
  }

  /** Append plain text the page itself writes (connection notices). */
  appendText(text: string, kind: BlockKind): Element {
    return this.appendBlock(
      document.createTextNode(text),
      kind,
      1 + (text.match(/\n/g)?.length ?? 0),
    );
  }

  /**
   * Echo a command the player sent. `onConnectionScreen`: it was typed before the session
   * logged in, so a reload restores its first word only (see the top of the file).
   */
  appendCommand(line: string, onConnectionScreen: boolean): void {
    const block = this.appendText(line === '' ? ' ' : line, 'echo');
    const words = line.trim().split(/\s+/);
    if (!onConnectionScreen && !SECRET_COMMAND.test(words[0] ?? '')) return;
    this.savedAs.set(block, words.length > 1 ? `${words[0]} …` : line);
  }

  /** The newest blocks, as HTML, for `restore` after a reload. */
  snapshot(maxBlocks: number): string {
    return Array.from(this.log.children)
      .slice(-maxBlocks)
      .map((block) => {
        const saved = this.savedAs.get(block);
        if (saved === undefined) return block.outerHTML;
        const copy = block.cloneNode(false) as Element;
        copy.textContent = saved;
        return copy.outerHTML;
      })
      .join('');
  }

  /** Put saved blocks back (sanitised again: storage is not trusted more than the wire). */
  restore(html: string): void {
    const fragment = renderGameHtml(html, {}, null);
    for (const block of Array.from(fragment.children)) {
      if (!block.classList.contains('block')) continue;
      block.classList.add('block-restored');
      const lines = 1 + block.querySelectorAll('br').length;
      this.log.append(block);
      this.lines.set(block, lines);
      this.lineCount += lines;
    }
    this.trim();
    this.scrollToEnd();
  }

  clear(): void {
    this.log.replaceChildren();
    this.lineCount = 0;
  }

  scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
    this.following = true;
    this.newOutput.hidden = true;
  }

  private appendBlock(content: Node, kind: BlockKind, lines: number): Element {
    const block = document.createElement('div');
    block.className = `block block-${kind}`;
    block.append(content);
    this.log.append(block);
    this.lines.set(block, lines);
    this.lineCount += lines;
    this.trim();
    if (this.following) this.log.scrollTop = this.log.scrollHeight;
    else this.newOutput.hidden = false;
    return block;
  }

  private trim(): void {
    while (this.lineCount > this.maxLines && this.log.firstElementChild !== null) {
      const oldest = this.log.firstElementChild;
      this.lineCount -= this.lines.get(oldest) ?? 1;
      oldest.remove();
    }
  }

  private atBottom(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 24;
  }
}
