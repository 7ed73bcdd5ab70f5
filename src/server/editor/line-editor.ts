/**
 * The line editor (Evennia's EvEditor): multi-line text editing on one session, for texts too
 * long for one command line — descriptions (`desc/edit`), help entries (`sethelp/edit`). Lines
 * typed are added to the text; lines starting with `:` are the editor's commands
 * (editor-input.ts: `:w`, `:q`, `:q!`, `:wq`, `:dd`, `:i`, `:r`, `:u`, `:h`, `:`/`:l`/`:p`).
 *
 * What is done with the text is a save handler registered by name, so the editor can be
 * stored and survive a reload:
 *
 *   game.editors.register('motd', async (ctx, text) => {
 *     await storeMotd(text);
 *     return 'The message of the day is saved.';        // or { error: '…' }: not saved
 *   });
 *   await this.services.editors.start(this.session, {
 *     title: 'Message of the day', initial: motd, save: 'motd', key: 'motd',
 *   });
 *
 * `key` says what is edited (an object's `#id`, a help topic): the handler gets it back in
 * `ctx.key`, so one handler serves every text of a kind. The handler runs as part of the
 * player's `:w` line: its writes commit with it, and it checks permission itself, then — the
 * player may have lost it while typing.
 *
 * While editing, the session has a line-capturing cmdset (commands/line-capture.ts): every
 * line is the editor's, other sessions of the account are unaffected. The text, the undo
 * history and the unsaved flag are kept in the session's `serverData` (editor-record.ts), synced
 * to the Portal on each change, so a reload (or a crash) loses nothing typed; after a reload the
 * player is told they are still editing. Bounds: `EDITOR_MAX_LINES` lines, and `maxChars`
 * characters (default `EDITOR_MAX_CHARS`); undo keeps the last 50 changes (editor-buffer.ts).
 */
import type { Logger } from 'pino';
import { WaystoneError } from '../../shared/errors.ts';
import { neutralise } from '../../shared/markup/index.ts';
import type { DefaultAccount } from '../accounts/account.ts';
import type { CmdSetClass } from '../commands/cmdset.ts';
import type { CmdSetRegistry } from '../commands/cmdset-registry.ts';
import type { Command } from '../commands/command.ts';
import { lineCaptureCmdSet, type CaptureSession } from '../commands/line-capture.ts';
import type { GameServices } from '../game-services.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { ServerSession } from '../sessions/server-session.ts';
import { EditorBuffer } from './editor-buffer.ts';
import { EDITOR_HELP, parseEditorLine, type EditorAction, type LineRange } from './editor-input.ts';
import {
  clearEditorRecord,
  readEditorRecord,
  writeEditorRecord,
  type EditorRecord,
} from './editor-record.ts';

/** The registered name of the editor's cmdset (kept in `serverData.cmdsets` over a reload). */
export const EDITOR_CMDSET = 'waystone:editor';
/** Most lines a text may have. */
export const EDITOR_MAX_LINES = 1000;
/** Most characters a text may have unless the editor is started with a lower `maxChars`. */
export const EDITOR_MAX_CHARS = 20_000;
/** Longest title and key. */
const MAX_LABEL_LENGTH = 200;

/** What a session needs to be edited on (the same as for a menu). */
export type EditorSession = CaptureSession;

export interface EditorContext {
  readonly session: ServerSession;
  readonly account: DefaultAccount<ServerSession> | null;
  /** The session's puppet, or null out of character. */
  readonly puppet: DefaultObject | null;
  readonly services: GameServices;
  /** What is edited, as given to `start`. */
  readonly key: string;
  readonly title: string;
}

/** A message to show (default "Saved."), or `{ error }`: not saved, the player is told why. */
export type EditorSaveResult = string | void | { readonly error: string };

export type EditorSave = (
  ctx: EditorContext,
  text: string,
) => EditorSaveResult | Promise<EditorSaveResult>;

export interface StartEditorOptions {
  /** Shown in the editor's header: what is being edited ("Description of Ann"). */
  readonly title: string;
  /** The text to start from (default empty). */
  readonly initial?: string;
  /** The registered save handler's name. */
  readonly save: string;
  /** What is edited, handed back to the save handler (an object's `#id`, a topic). */
  readonly key: string;
  /** Most characters the text may have (default and most: EDITOR_MAX_CHARS). */
  readonly maxChars?: number;
}

export interface LineEditorsOptions {
  cmdsets: CmdSetRegistry;
  services: () => GameServices;
  puppetOf: (session: EditorSession) => DefaultObject | null;
  /** Push the session's `serverData` to the Portal (the text must outlive a reload). */
  sync: (session: EditorSession) => void;
  log: Logger;
}

export const EDITOR_MESSAGES = {
  saved: 'Saved.',
  quit: 'Exited the editor.',
  quitUnsaved: 'Exited the editor without saving.',
  unsaved: 'You have unsaved changes: ":wq" saves and quits, ":q!" quits without saving.',
  nothingToUndo: 'Nothing to undo.',
  undone: 'Undid the last change.',
  gone: 'The text you were editing can no longer be saved (the game changed); you left the editor.',
} as const;

export class LineEditors {
  readonly #opts: LineEditorsOptions;
  readonly #saves = new Map<string, { save: EditorSave; replaceable: boolean }>();
  readonly #setClass: CmdSetClass;

  constructor(options: LineEditorsOptions) {
    this.#opts = options;
    this.#setClass = lineCaptureCmdSet('LineEditor', { line: (cmd) => this.#line(cmd) });
    options.cmdsets.register(EDITOR_CMDSET, this.#setClass);
  }

  /**
   * Register a save handler by name (EDITOR_INVALID if taken, unless the one there was
   * registered `replaceable` — Waystone's own).
   */
  register(name: string, save: EditorSave, options: { replaceable?: boolean } = {}): this {
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_LABEL_LENGTH) {
      throw new WaystoneError('EDITOR_INVALID', 'An editor save handler needs a name.');
    }
    if (typeof save !== 'function') {
      throw new WaystoneError('EDITOR_INVALID', `Editor save handler '${name}' is not a function.`);
    }
    const existing = this.#saves.get(name);
    if (existing !== undefined && !existing.replaceable) {
      throw new WaystoneError(
        'EDITOR_INVALID',
        `An editor save handler named '${name}' is already registered.`,
      );
    }
    this.#saves.set(name, { save, replaceable: options.replaceable ?? false });
    return this;
  }

  has(name: string): boolean {
    return this.#saves.has(name);
  }

  isEditing(session: EditorSession): boolean {
    return readEditorRecord(session.serverData) !== null;
  }

  /** Open the editor on `session` (replacing any text it was editing) and show the text. */
  start(session: EditorSession, options: StartEditorOptions): void {
    if (!this.#saves.has(options.save)) {
      throw new WaystoneError(
        'EDITOR_INVALID',
        `No editor save handler is registered as '${options.save}'.`,
      );
    }
    const label = (s: unknown) => typeof s === 'string' && s.length <= MAX_LABEL_LENGTH;
    if (!label(options.title) || !label(options.key)) {
      throw new WaystoneError(
        'EDITOR_INVALID',
        `An editor's title and key are text of at most ${MAX_LABEL_LENGTH} characters.`,
      );
    }
    const lines = (options.initial ?? '') === '' ? [] : (options.initial ?? '').split(/\r\n|\r|\n/);
    if (lines.length > EDITOR_MAX_LINES) {
      throw new WaystoneError(
        'EDITOR_INVALID',
        `The text has ${lines.length} lines; the editor takes at most ${EDITOR_MAX_LINES}.`,
      );
    }
    const record: EditorRecord = {
      title: options.title,
      key: options.key,
      save: options.save,
      lines,
      undo: [],
      dirty: false,
      maxChars: Math.max(1, Math.min(options.maxChars ?? EDITOR_MAX_CHARS, EDITOR_MAX_CHARS)),
    };
    writeEditorRecord(session.serverData, record);
    if (session.cmdset.has(this.#setClass)) this.#opts.sync(session);
    else session.cmdset.add(this.#setClass); // syncs
    const buffer = bufferOf(record);
    session.msg(
      [
        header(record.title),
        listing(buffer, null),
        footer(buffer, 'type lines to add them; ":h" lists the commands, ":wq" saves and quits'),
      ].join('\n'),
    );
  }

  /** Leave the editor without saving, quietly. False when the session was not editing. */
  leave(session: EditorSession): boolean {
    const editing = this.isEditing(session) || session.cmdset.has(this.#setClass);
    if (editing) this.#close(session);
    return editing;
  }

  /** After a reload: tell an editing player where they are. */
  resume(session: EditorSession): void {
    const record = readEditorRecord(session.serverData);
    const hasSet = session.cmdset.has(this.#setClass);
    if (record === null) {
      if (hasSet) this.#close(session);
      return;
    }
    if (!this.#saves.has(record.save)) {
      this.#close(session);
      session.msg(EDITOR_MESSAGES.gone);
      return;
    }
    if (!hasSet) session.cmdset.add(this.#setClass);
    const buffer = bufferOf(record);
    session.msg(
      footer(
        buffer,
        `you are still editing ${neutralise(record.title)}${record.dirty ? ' (unsaved)' : ''}; ":p" lists the text, ":h" the commands`,
      ),
    );
  }

  // ---- one line -------------------------------------------------------------------------

  async #line(cmd: Command): Promise<void> {
    const session = cmd.session as EditorSession | null;
    if (session === null) return;
    const record = readEditorRecord(session.serverData);
    if (record === null || !this.#saves.has(record.save)) {
      this.#close(session);
      session.msg(EDITOR_MESSAGES.gone);
      return;
    }
    const action = parseEditorLine(cmd.rawString);
    const buffer = bufferOf(record);
    // A change refused (over a bound) says why; one made is stored, then confirmed.
    const changed = (refused: string | null, done: string): void => {
      if (refused !== null) {
        session.msg(refused);
        return;
      }
      this.#store(session, record, buffer, true);
      session.msg(done);
    };
    switch (action.kind) {
      case 'append': {
        const error = buffer.append(action.text);
        changed(error, `${lineNo(buffer.length)}| ${neutralise(action.text)}`);
        return;
      }
      case 'list':
        session.msg(
          action.raw
            ? rawListing(buffer, action.range)
            : [header(record.title), listing(buffer, action.range), footer(buffer, '')].join('\n'),
        );
        return;
      case 'help':
        session.msg(EDITOR_HELP);
        return;
      case 'undo':
        if (!buffer.undo()) {
          session.msg(EDITOR_MESSAGES.nothingToUndo);
          return;
        }
        this.#store(session, record, buffer, true);
        session.msg(EDITOR_MESSAGES.undone);
        return;
      case 'delete': {
        // No line given: the last one.
        const range = action.range ?? { from: buffer.length, to: buffer.length };
        const bad = outside(buffer, range);
        if (bad !== null) {
          session.msg(bad);
          return;
        }
        changed(buffer.delete(range.from, range.to), `Deleted ${lineWord(range)}.`);
        return;
      }
      case 'clear': {
        const n = buffer.length;
        changed(buffer.clear(), `Deleted every line (${n}).`);
        return;
      }
      case 'insert': {
        if (action.line < 1 || action.line > buffer.length + 1) {
          session.msg(`You can insert at lines 1 to ${buffer.length + 1}.`);
          return;
        }
        changed(buffer.insert(action.line, action.text), `Inserted line ${action.line}.`);
        return;
      }
      case 'replace': {
        const bad = outside(buffer, { from: action.line, to: action.line });
        if (bad !== null) {
          session.msg(bad);
          return;
        }
        changed(buffer.replace(action.line, action.text), `Replaced line ${action.line}.`);
        return;
      }
      case 'save': {
        if (!(await this.#save(cmd, session, record, buffer))) return;
        if (action.quit) {
          this.#close(session);
          session.msg(EDITOR_MESSAGES.quit);
        }
        return;
      }
      case 'quit':
        if (!action.force && record.dirty) {
          session.msg(EDITOR_MESSAGES.unsaved);
          return;
        }
        this.#close(session);
        session.msg(record.dirty ? EDITOR_MESSAGES.quitUnsaved : EDITOR_MESSAGES.quit);
        return;
      case 'error':
        session.msg(action.message);
        return;
      default: {
        const unreachable: never = action;
        throw new Error(`unhandled editor action ${(unreachable as EditorAction).kind}`);
      }
    }
  }

  /** Run the save handler; true when it saved (the text is then no longer unsaved). */
  async #save(
    cmd: Command,
    session: EditorSession,
    record: EditorRecord,
    buffer: EditorBuffer,
  ): Promise<boolean> {
    const handler = this.#saves.get(record.save);
    if (handler === undefined) return false;
    const ctx: EditorContext = {
      session: session as unknown as ServerSession,
      account: (session.account ?? cmd.account ?? null) as DefaultAccount<ServerSession> | null,
      puppet: this.#opts.puppetOf(session),
      services: this.#opts.services(),
      key: record.key,
      title: record.title,
    };
    const result = await handler.save(ctx, buffer.text);
    if (typeof result === 'object' && result !== null) {
      session.msg(result.error);
      return false;
    }
    this.#store(session, record, buffer, false);
    session.msg(typeof result === 'string' && result !== '' ? result : EDITOR_MESSAGES.saved);
    return true;
  }

  #store(session: EditorSession, record: EditorRecord, buffer: EditorBuffer, dirty: boolean): void {
    writeEditorRecord(session.serverData, {
      ...record,
      lines: buffer.lines,
      undo: buffer.undoSteps,
      dirty,
    });
    this.#opts.sync(session);
  }

  #close(session: EditorSession): void {
    clearEditorRecord(session.serverData);
    if (session.cmdset.remove(this.#setClass) === 0) this.#opts.sync(session);
  }
}

function bufferOf(record: EditorRecord): EditorBuffer {
  return new EditorBuffer(record.lines, record.undo, {
    maxLines: EDITOR_MAX_LINES,
    maxChars: record.maxChars,
  });
}

function header(title: string): string {
  return `---------- Line editor: ${neutralise(title)} ----------`;
}

function footer(buffer: EditorBuffer, hint: string): string {
  const size = `[${buffer.length} line${buffer.length === 1 ? '' : 's'}, ${buffer.chars} characters]`;
  return hint === '' ? `---------- ${size} ----------` : `---------- ${size} ${hint}`;
}

/** Lines with their numbers, as the writer typed them (markup shown, not rendered). */
function listing(buffer: EditorBuffer, range: LineRange | null): string {
  if (buffer.length === 0) return '(no text yet)';
  const from = range === null ? 1 : Math.max(1, range.from);
  const to = range === null ? buffer.length : Math.min(buffer.length, range.to);
  if (from > to) return `There is no line ${from} (the text has ${buffer.length}).`;
  const out: string[] = [];
  for (let n = from; n <= to; n += 1)
    out.push(`${lineNo(n)}| ${neutralise(buffer.lines[n - 1] ?? '')}`);
  return out.join('\n');
}

function rawListing(buffer: EditorBuffer, range: LineRange | null): string {
  if (buffer.length === 0) return '(no text yet)';
  const from = range === null ? 1 : Math.max(1, range.from);
  const to = range === null ? buffer.length : Math.min(buffer.length, range.to);
  return buffer.lines
    .slice(from - 1, to)
    .map((l) => neutralise(l))
    .join('\n');
}

function lineNo(n: number): string {
  return String(n).padStart(3);
}

function outside(buffer: EditorBuffer, range: LineRange): string | null {
  if (range.from >= 1 && range.to <= buffer.length) return null;
  return buffer.length === 0
    ? 'There are no lines yet.'
    : `There is no line ${range.from < 1 ? range.from : range.to} (the text has ${buffer.length} line${buffer.length === 1 ? '' : 's'}).`;
}

function lineWord(range: LineRange): string {
  return range.from === range.to ? `line ${range.from}` : `lines ${range.from} to ${range.to}`;
}
