/**
 * Confusable detection, UTS #39 §4 ("Confusable Detection"): two strings that a reader could
 * take for one another have the same skeleton. `Еѵе` (Cyrillic) and `Eve` (Latin) both have
 * the skeleton `Eve`; `rn` and `m` both have `rn`.
 *
 *   skeleton(X) = NFD(each character of NFD(X) replaced by its prototype)
 *
 * with default-ignorable code points dropped first (UTS #39 since Unicode 15.1). The
 * prototypes come from Unicode's confusables.txt, as packaged by `unhomoglyph` (the data only;
 * the normalisation steps are ours). A skeleton is a key for comparing, never for display: it
 * is a hodgepodge of scripts and often not a name at all.
 *
 * Changing the data (a newer `unhomoglyph`) changes some skeletons: stored ones (accounts'
 * `name_skeleton`) are then recomputed by a migration.
 */
import replacePrototypes from 'unhomoglyph';

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** The UTS #39 skeleton of `text`. Idempotent: skeleton(skeleton(x)) === skeleton(x). */
export function skeleton(text: string): string {
  return replacePrototypes(text.normalize('NFD').replace(DEFAULT_IGNORABLE, '')).normalize('NFD');
}

/** True when a reader could take one string for the other (UTS #39: same skeleton). */
export function areConfusable(a: string, b: string): boolean {
  return skeleton(a) === skeleton(b);
}
