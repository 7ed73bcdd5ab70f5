/**
 * The texts Waystone's own commands edit in the line editor, each a save handler registered
 * by name (so an editor left open survives a reload) and a function that opens the editor:
 *
 *   'desc'     an object's description (`desc/edit [<object>]`), key `#id`. Saved as its
 *              writer may write it (objects/authored-text.ts) and within the writer's length
 *              bound; whether they may describe it is checked again at `:w`.
 *   'sethelp'  a help entry's text (`sethelp/edit <topic>`), key the topic. Builders only,
 *              checked again at `:w`; the entry keeps its category, aliases and locks.
 *
 * Both are registered `replaceable`: a game may register its own under the same name.
 */
import { isWaystoneError } from '../../shared/errors.ts';
import { neutralise } from '../../shared/markup/index.ts';
import { canEdit } from '../commands/default/builder/builder-command.ts';
import { MAX_DESC_LENGTH, MAX_DESCRIBE_LENGTH } from '../commands/default/builder/describe.ts';
import type { GameServices } from '../game-services.ts';
import type { LockSubject } from '../locks/lock-subject.ts';
import { authoredText, writesMarkup } from '../objects/authored-text.ts';
import type { DefaultObject } from '../objects/object.ts';
import type { EditorContext, EditorSaveResult, EditorSession, LineEditors } from './line-editor.ts';

export const DESC_EDITOR = 'desc';
export const HELP_EDITOR = 'sethelp';
/** Who may write help entries (sethelp's own lock). */
const HELP_PERMISSION = 'Builder';

export function registerDefaultEditors(editors: LineEditors): LineEditors {
  editors.register(DESC_EDITOR, saveDescription, { replaceable: true });
  editors.register(HELP_EDITOR, saveHelpEntry, { replaceable: true });
  return editors;
}

/** Open the editor on `target`'s description, written by `writer` (the player's puppet). */
export function editDescription(
  services: GameServices,
  session: EditorSession,
  target: DefaultObject,
  writer: DefaultObject,
): void {
  const stored = typeof target.db.desc === 'string' ? target.db.desc : '';
  services.editors.start(session, {
    title:
      target === writer
        ? 'your description'
        : `the description of ${target.getDisplayName(writer)}`,
    initial: editableText(stored, writer, services),
    save: DESC_EDITOR,
    key: `#${target.id}`,
    maxChars: descriptionLimit(writer, services),
  });
}

/** Open the editor on a help entry's text (a new one when no entry has that name). */
export function editHelpEntry(services: GameServices, session: EditorSession, topic: string): void {
  const help = services.help;
  const current = help.getStored(topic) ?? help.find(topic);
  services.editors.start(session, {
    title: `help entry '${current?.key ?? topic.trim()}'`,
    initial: current?.text ?? '',
    save: HELP_EDITOR,
    key: current?.key ?? topic.trim(),
  });
}

/** The longest description `writer` may write (a builder's is longer: describe.ts). */
export function descriptionLimit(writer: LockSubject, services: GameServices): number {
  return writesMarkup(writer, services.objects) ? MAX_DESCRIBE_LENGTH : MAX_DESC_LENGTH;
}

/**
 * Stored text as its writer would type it again. A builder's is stored as written; a player's
 * is stored neutralised (every bar doubled), so the bars are undoubled for the editor and the
 * save doubles them again — the round trip changes nothing.
 */
export function editableText(stored: string, writer: LockSubject, services: GameServices): string {
  return writesMarkup(writer, services.objects) ? stored : stored.replaceAll('||', '|');
}

async function saveDescription(ctx: EditorContext, text: string): Promise<EditorSaveResult> {
  const writer = ctx.puppet;
  if (writer === null) return { error: 'You must be in character to save a description.' };
  const id = Number(ctx.key.replace(/^#/, ''));
  const target = Number.isInteger(id) ? await ctx.services.objects.load(id) : undefined;
  if (target === undefined || target === null || target.isDeleted) {
    return { error: `${neutralise(ctx.title)} is gone: nothing was saved (":q!" leaves).` };
  }
  if (target !== writer && !canEdit(target, writer)) {
    return { error: `You may no longer describe ${target.getDisplayName(writer)}.` };
  }
  const max = descriptionLimit(writer, ctx.services);
  if (text.length > max) {
    return { error: `That description is too long (at most ${max} characters); it was not saved.` };
  }
  target.db.desc = authoredText(text, writer, ctx.services.objects);
  return target === writer
    ? 'You set your description.'
    : `The description was set on ${target.getDisplayName(writer)}.`;
}

function saveHelpEntry(ctx: EditorContext, text: string): EditorSaveResult {
  const subject: LockSubject | null = ctx.puppet ?? ctx.account;
  if (
    subject === null ||
    !ctx.services.objects.lockFuncs.hierarchy.check(subject, HELP_PERMISSION)
  ) {
    return { error: 'You may not write help entries; nothing was saved.' };
  }
  const help = ctx.services.help;
  const current = help.getStored(ctx.key) ?? help.find(ctx.key);
  try {
    const entry = help.setStored({
      key: current?.key ?? ctx.key,
      text,
      category: current?.category ?? '',
      aliases: current?.aliases ?? [],
      locks: current?.locks.toString() ?? '',
    });
    return `Help entry '${neutralise(entry.key)}' saved (category ${neutralise(entry.category)}).`;
  } catch (err) {
    if (isWaystoneError(err, 'HELP_ENTRY_INVALID') || isWaystoneError(err, 'LOCK_INVALID')) {
      return { error: neutralise(err.message) };
    }
    throw err;
  }
}
