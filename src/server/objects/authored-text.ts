/**
 * Markup trust, decided when text is written (REFERENCE.md §14). Text that stays in the world
 * — a description above all — is stored as markup that is safe to render as it is, so showing
 * it costs nothing more than rendering:
 *
 * - game code (no writer) and builders (Builder permission and up, quell-aware, or an active
 *   superuser) write full markup: colour and `|lc…|lt…|le` links;
 * - anyone else writes player text: stored neutralised, or with its colour codes alone when the
 *   game's `playerMarkup` is 'colour' (shared/markup/player-text.ts). Line breaks are kept.
 *
 * The rank is read when the text is written: a builder who loses the permission keeps what
 * they wrote; a player promoted later rewrites theirs to colour it. Databases from before this
 * rule held player descriptions as typed; migration 006 stored those neutralised.
 */
import { playerText, type PlayerMarkup } from '../../shared/markup/player-text.ts';
import { isActiveSuperuser, type LockSubject } from '../locks/lock-subject.ts';
import type { PermissionHierarchy } from '../locks/permissions.ts';

/** The permission (and those above it) whose text renders as full markup. */
export const MARKUP_PERMISSION = 'Builder';

/** What the rule reads: the game's permission hierarchy and its `playerMarkup` setting. */
export interface AuthoringRules {
  readonly lockFuncs: { readonly hierarchy: PermissionHierarchy };
  readonly playerMarkup: PlayerMarkup;
}

/** Whether what `writer` writes is stored as full markup. */
export function writesMarkup(writer: LockSubject, rules: AuthoringRules): boolean {
  return isActiveSuperuser(writer) || rules.lockFuncs.hierarchy.check(writer, MARKUP_PERMISSION);
}

/** `text` as it is stored when `writer` wrote it; null for game code. */
export function authoredText(
  text: string,
  writer: LockSubject | null,
  rules: AuthoringRules,
): string {
  if (writer === null || writesMarkup(writer, rules)) return text;
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => playerText(line, rules.playerMarkup))
    .join('\n');
}
