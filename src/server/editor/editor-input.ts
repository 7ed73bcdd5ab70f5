/**
 * What a line typed in the line editor asks for. A line is text to add, unless it starts with
 * `:` — then it is one of the editor's commands (Evennia's EvEditor names, those below):
 *
 *   :            list the text with line numbers (also `:l`, `:p`); `: 3-5` some lines
 *   ::           list it raw, without numbers
 *   :::          add a line holding just `:`
 *   :h           the commands
 *   :w  :wq      save; save and quit
 *   :q  :q!      quit (refused with unsaved changes); quit without saving
 *   :u           undo the last change
 *   :dd [l]      delete the last line, or line(s) l
 *   :DD          delete every line
 *   :i <l> <text>  insert text as line l (the old line l moves down)
 *   :r <l> <text>  replace line l
 *
 * A line range `l` is `3`, `3-5` or `3:5` (Evennia writes `3:5`). Commands are case-sensitive,
 * as in Evennia (`:dd` and `:DD` differ). Evennia's `:p` pastes; here it lists, as `ed`'s `p`
 * prints — there is no copy buffer.
 */

export interface LineRange {
  readonly from: number;
  readonly to: number;
}

export type EditorAction =
  | { readonly kind: 'append'; readonly text: string }
  | { readonly kind: 'list'; readonly raw: boolean; readonly range: LineRange | null }
  | { readonly kind: 'help' }
  | { readonly kind: 'save'; readonly quit: boolean }
  | { readonly kind: 'quit'; readonly force: boolean }
  | { readonly kind: 'undo' }
  | { readonly kind: 'delete'; readonly range: LineRange | null }
  | { readonly kind: 'clear' }
  | { readonly kind: 'insert'; readonly line: number; readonly text: string }
  | { readonly kind: 'replace'; readonly line: number; readonly text: string }
  | { readonly kind: 'error'; readonly message: string };

export const EDITOR_HELP = [
  'Line editor commands (any other line is added to the end of the text):',
  '  :          list the text with line numbers (also :l and :p; ": 3-5" lists lines 3 to 5)',
  '  ::         list the text as it is, without line numbers',
  '  :::        add a line holding just ":"',
  '  :w         save          :wq  save and quit',
  '  :q         quit (not with unsaved changes)   :q!  quit without saving',
  '  :u         undo the last change',
  '  :dd [l]    delete the last line, or line(s) l (3, or 3-5)',
  '  :DD        delete every line',
  '  :i <l> <text>   insert text as line l; the old line l moves down',
  '  :r <l> <text>   replace line l with text',
].join('\n');

const RANGE = /^(\d{1,6})(?:\s*[-:]\s*(\d{1,6}))?$/;

export function parseEditorLine(line: string): EditorAction {
  // Indentation is the writer's; trailing spaces (and a client's stray CR) are not.
  const text = line.replace(/\s+$/u, '');
  if (!text.startsWith(':')) return { kind: 'append', text };
  if (text === ':::') return { kind: 'append', text: ':' };
  const match = /^:(\S*)\s*(.*)$/su.exec(text);
  const name = match?.[1] ?? '';
  const rest = match?.[2] ?? '';
  switch (name) {
    case '':
    case 'l':
    case 'p':
      return listOf(rest, false);
    case ':':
      return listOf(rest, true);
    case 'h':
      return { kind: 'help' };
    case 'w':
      return { kind: 'save', quit: false };
    case 'wq':
      return { kind: 'save', quit: true };
    case 'q':
      return { kind: 'quit', force: false };
    case 'q!':
      return { kind: 'quit', force: true };
    case 'u':
      return { kind: 'undo' };
    case 'DD':
      return { kind: 'clear' };
    case 'dd': {
      if (rest === '') return { kind: 'delete', range: null };
      const range = parseRange(rest);
      return range === null ? usage(':dd [l]  (l: 3, or 3-5)') : { kind: 'delete', range };
    }
    case 'i':
    case 'r': {
      const m = /^(\d{1,6})(?:\s(.*))?$/su.exec(rest);
      if (m === null) return usage(`:${name} <line number> <text>`);
      const lineNo = Number(m[1]);
      const body = m[2] ?? '';
      return name === 'i'
        ? { kind: 'insert', line: lineNo, text: body }
        : { kind: 'replace', line: lineNo, text: body };
    }
    default:
      return {
        kind: 'error',
        message: `':${name}' is not an editor command (":h" lists them; ":::" adds a line with just ":").`,
      };
  }
}

function listOf(rest: string, raw: boolean): EditorAction {
  if (rest === '') return { kind: 'list', raw, range: null };
  const range = parseRange(rest);
  return range === null
    ? usage(`:${raw ? ':' : ''} [l]  (l: 3, or 3-5)`)
    : { kind: 'list', raw, range };
}

function parseRange(text: string): LineRange | null {
  const m = RANGE.exec(text.trim());
  if (m === null) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from <= to ? { from, to } : { from: to, to: from };
}

function usage(text: string): EditorAction {
  return { kind: 'error', message: `Usage: ${text}` };
}
