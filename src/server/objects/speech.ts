/**
 * The lines `DefaultObject.atSay` sends (Evennia's `at_say`): templates with `{placeholders}`
 * or functions of the same parts, and the defaults for a say and a whisper. A game changes one
 * call's lines through atSay's options (`pose` does: `{speaker} {speech}`), or every line by
 * overriding atSay and passing its own templates to `super.atSay`.
 *
 *   placeholder   filled with
 *   {speech}      what is said, neutralised (player text: no markup, escapes or line breaks)
 *   {speaker}     the speaker's name, neutralised
 *   {receivers}   those spoken to, by name, joined with ", " ('' when none)
 *   {receiver}    in a receiver's line: that receiver's own name ('' elsewhere)
 *   {location}    where it is said ('' when nowhere)
 *
 * Names are as the reader sees them (a builder sees `Bob(#4)`); the room's line is one text for
 * everyone, with plain names. A template is the game's text, so its own markup is kept; an
 * unknown `{word}` stays as written. Substitution is one pass over the template: a speech that
 * contains `{speaker}` is never filled in again.
 *
 * Templates may use actor stance (text-ui/stance-funcs.ts), the speaker being the actor:
 * `msgSelf` and `msgLocation` both `'$You() $conj(mutter), "{speech}"'` read "You mutter, …"
 * to the speaker and "Ann mutters, …" to the room. Every part is escaped for it first (`$` is
 * written `$$`, which shows as `$`), so nothing a player types ever runs an inline function.
 */

/** What a template may name (see the table above). */
export interface SayParts {
  readonly speech: string;
  readonly speaker: string;
  readonly receivers: string;
  readonly receiver: string;
  readonly location: string;
}

export type SayTemplate = string | ((parts: SayParts) => string);

/** The three lines of one speech act; false: that line is not sent. */
export interface SayLines {
  /** To the speaker (all its sessions). */
  readonly self: SayTemplate | false;
  /** To the location's contents except the speaker (when it has its own line) and receivers. */
  readonly location: SayTemplate | false;
  /** To each receiver (all its sessions). */
  readonly receivers: SayTemplate | false;
}

/** `say hello`: the room hears it. */
export const SAY_LINES: SayLines = Object.freeze({
  self: 'You say, "{speech}"',
  location: '{speaker} says, "{speech}"',
  receivers: '{speaker} says, "{speech}"',
});

/** A say aimed at someone (`receivers` given, not a whisper): the room hears whom it is to. */
export const SAY_TO_LINES: SayLines = Object.freeze({
  self: 'You say to {receivers}, "{speech}"',
  location: '{speaker} says to {receivers}, "{speech}"',
  receivers: '{speaker} says to you, "{speech}"',
});

/** `whisper bob = hi`: only the receivers hear it; the room hears nothing. */
export const WHISPER_LINES: SayLines = Object.freeze({
  self: 'You whisper to {receivers}, "{speech}"',
  location: false,
  receivers: '{speaker} whispers, "{speech}"',
});

const PLACEHOLDER = /\{(\w+)\}/g;

/** The template with its placeholders filled from `parts` (see the module comment). */
export function fillSayTemplate(template: SayTemplate, parts: SayParts): string {
  if (typeof template === 'function') return template(parts);
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(parts, name) ? parts[name as keyof SayParts] : whole,
  );
}
