/**
 * The pager's pages (Evennia's EvMore): a long text cut into screenfuls for a client of a given
 * height, and where the reader is. No commands here — pager-cmdset.ts gives the reader `next`,
 * `back`, `top`, `end` and `quit`.
 *
 * - A page holds `pageRows(height)` rows: the client's height less two, one for the footer
 *   and one for the line the player types on (never fewer than four). A line longer than the
 *   screen is as wide takes as many rows as the client will wrap it into.
 * - Pages break between lines, never inside one; a line taller than a whole page is a page of
 *   its own.
 * - Each page is markup that stands alone: it starts in the colour the text had there and ends
 *   plain (styled-text.ts), so paging back and forth shows every page as it looks in the whole.
 *
 * When the pager is used at all is the session's say (`pagerHeight`): a client that reported
 * its size (the AUTORESIZE flag: telnet NAWS, an SSH terminal, the webclient) is paged unless
 * the player turned it off (`option PAGER = off`); one that never reported a size is not paged
 * unless the player turned it on (`option PAGER = on`, with `option SCREENHEIGHT = <rows>`).
 */
import { DEFAULT_PROTOCOL_FLAGS, type ProtocolFlags } from '../../shared/session-data.ts';
import { LineWriter, piecesWidth, splitLines, toPieces } from './styled-text.ts';

/** Fewest rows of text on a page, however small the client says it is. */
export const MIN_PAGE_ROWS = 4;

const DEFAULT_HEIGHT = Number(DEFAULT_PROTOCOL_FLAGS['SCREENHEIGHT']);
const DEFAULT_WIDTH = Number(DEFAULT_PROTOCOL_FLAGS['SCREENWIDTH']);

/** Rows of text per page for a client this many rows high. */
export function pageRows(height: number): number {
  return Math.max(MIN_PAGE_ROWS, Math.floor(height) - 2);
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The height to page to for a session with these flags; null: do not page. */
export function pagerHeight(flags: Readonly<ProtocolFlags>): number | null {
  if (flags['PAGER'] === false) return null;
  if (flags['PAGER'] !== true && flags['AUTORESIZE'] !== true) return null;
  return positive(flags['SCREENHEIGHT'], DEFAULT_HEIGHT);
}

/** The width the client wraps at, for counting the rows a long line takes. */
export function screenWidth(flags: Readonly<ProtocolFlags>): number {
  return positive(flags['SCREENWIDTH'], DEFAULT_WIDTH);
}

/** The text cut into pages of at most `rows` rows on a screen `width` columns wide. */
export function paginate(text: string, rows: number, width: number): string[] {
  const writer = new LineWriter();
  const pages: string[] = [];
  let page: string[] = [];
  let used = 0;
  for (const line of splitLines(toPieces(text))) {
    const tall = Math.max(1, Math.ceil(piecesWidth(line) / Math.max(1, width)));
    if (page.length > 0 && used + tall > rows) {
      pages.push(page.join('\n'));
      page = [];
      used = 0;
    }
    page.push(writer.write(line));
    used += tall;
  }
  if (page.length > 0) pages.push(page.join('\n'));
  return pages;
}

/** The pages of one text and the reader's place in them. */
export class Pager {
  readonly pages: readonly string[];
  #index = 0;

  constructor(pages: readonly string[]) {
    this.pages = pages.length > 0 ? pages : [''];
  }

  /** 0-based number of the page shown. */
  get index(): number {
    return this.#index;
  }

  get count(): number {
    return this.pages.length;
  }

  get atEnd(): boolean {
    return this.#index === this.pages.length - 1;
  }

  /** The page shown, with the footer that says where the reader is and what to type. */
  current(): string {
    const at = `[Page ${this.#index + 1}/${this.count}${this.atEnd ? ', the end' : ''}]`;
    return `${this.pages[this.#index] ?? ''}\n|w${at}|n ${FOOTER_KEYS}`;
  }

  /** Forward a page; false (and no move) on the last. */
  next(): boolean {
    if (this.atEnd) return false;
    this.#index++;
    return true;
  }

  back(): void {
    this.#index = Math.max(0, this.#index - 1);
  }

  top(): void {
    this.#index = 0;
  }

  end(): void {
    this.#index = this.pages.length - 1;
  }
}

/** What the footer offers (pager-cmdset.ts has the commands). */
export const FOOTER_KEYS = 'Enter or n: next, b: back, t: top, e: end, q: quit';
