/**
 * The line editor's state on a session, kept in `serverData` (which the Portal holds over a
 * reload): what is edited (`key`, shown as `title`), the registered save handler's name, the
 * lines, the undo history, whether there are unsaved changes, and the size bound. It came over
 * the link, so every read checks it; a malformed one reads as "not editing".
 */
import type { UndoStep } from './editor-buffer.ts';

/** The `serverData` key of the record. */
export const EDITOR_KEY = 'editor';

export interface EditorRecord {
  readonly title: string;
  readonly key: string;
  readonly save: string;
  readonly lines: readonly string[];
  readonly undo: readonly UndoStep[];
  readonly dirty: boolean;
  readonly maxChars: number;
}

export function readEditorRecord(serverData: Record<string, unknown>): EditorRecord | null {
  const raw = serverData[EDITOR_KEY];
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (
    typeof r['title'] !== 'string' ||
    typeof r['key'] !== 'string' ||
    typeof r['save'] !== 'string' ||
    typeof r['dirty'] !== 'boolean' ||
    typeof r['maxChars'] !== 'number' ||
    !isStrings(r['lines']) ||
    !Array.isArray(r['undo']) ||
    !r['undo'].every(isUndoStep)
  ) {
    return null;
  }
  return {
    title: r['title'],
    key: r['key'],
    save: r['save'],
    lines: r['lines'],
    undo: r['undo'] as UndoStep[],
    dirty: r['dirty'],
    maxChars: r['maxChars'],
  };
}

export function writeEditorRecord(serverData: Record<string, unknown>, record: EditorRecord): void {
  serverData[EDITOR_KEY] = {
    title: record.title,
    key: record.key,
    save: record.save,
    lines: [...record.lines],
    undo: record.undo.map((s) => ({ at: s.at, added: s.added, removed: [...s.removed] })),
    dirty: record.dirty,
    maxChars: record.maxChars,
  };
}

export function clearEditorRecord(serverData: Record<string, unknown>): void {
  delete serverData[EDITOR_KEY];
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isUndoStep(value: unknown): value is UndoStep {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    Number.isInteger(s['at']) &&
    (s['at'] as number) >= 0 &&
    Number.isInteger(s['added']) &&
    (s['added'] as number) >= 0 &&
    isStrings(s['removed'])
  );
}
