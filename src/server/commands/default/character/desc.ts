/**
 * `desc`: describe yourself, or — with `=`, Evennia's `@desc <obj> = <text>` habit — something
 * you may edit. Without `=` the whole text is your own description; with it, the part before
 * the `=` names what to describe, and if that names nothing, or something you may not edit, you
 * are told so and nothing is stored (`desc me = …` describes yourself with an `=` in the text).
 *
 * Who may describe what: yourself always; anything else when you pass its `control` or `edit`
 * lock (builders have both on what they built, Admins everywhere). How it is stored follows who
 * wrote it (objects/authored-text.ts): a builder's markup renders, a player's shows as typed.
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import type { GameServices } from '../../../game-services.ts';
import { canEdit } from '../builder/builder-command.ts';
import { setDescription } from '../builder/describe.ts';
import { splitEquals } from '../builder/names.ts';
import { Command } from '../../command.ts';
import { editDescription } from '../../../editor/default-editors.ts';
import type { EditorSession } from '../../../editor/line-editor.ts';
import { puppetOf as me } from './puppet.ts';

/** Most matches listed when what the player named is ambiguous. */
const MAX_LISTED = 10;

export class CmdDesc extends Command {
  override key = 'desc';
  override help = `
    Describe yourself, or something you may edit: what others see when they look at it.

    Usage:
      desc <description>            describe yourself
      desc <object> = <description> describe a room, thing or exit you may edit
      desc me = <description>       describe yourself, with an = in the text
      desc                          show your description
      desc/edit [<object>]          write it in the line editor, line by line (":h" there)

    A builder's description may hold colour and links (builders: \`help describe\`).
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    const self = me(this);
    const typed = this.args.trim();
    if (this.switches.includes('edit')) {
      this.edit(typed);
      return;
    }
    if (typed === '') {
      this.msg(`Your description: ${self.getDisplayDesc(self)}`);
      return;
    }
    const [left, right] = splitEquals(typed);
    if (right === null) {
      if (setDescription(this, this.services, self, typed, self)) {
        this.msg('You set your description.');
      }
      return;
    }
    if (left === '') {
      this.msg('Usage: desc <object> = <description>, or desc <description> for yourself.');
      return;
    }
    const target = this.target(left);
    if (target === null) return;
    if (target === self) {
      if (setDescription(this, this.services, self, right, self)) {
        this.msg('You set your description.');
      }
      return;
    }
    const name = target.getDisplayName(self);
    if (!canEdit(target, self)) {
      this.msg(
        `You don't have permission to describe ${name}. To describe yourself: desc <description>`,
      );
      return;
    }
    if (setDescription(this, this.services, target, right, self)) {
      this.msg(`The description was set on ${name}.`);
    }
  }

  /** `desc/edit [<object>]`: the line editor on the description (saved with `:w`). */
  private edit(query: string): void {
    const self = me(this);
    const target = query === '' ? self : this.target(query);
    if (target === null) return;
    if (target !== self && !canEdit(target, self)) {
      this.msg(`You don't have permission to describe ${target.getDisplayName(self)}.`);
      return;
    }
    if (this.session === null) {
      this.msg('The line editor needs a player at the keyboard.');
      return;
    }
    editDescription(this.services, this.session as EditorSession, target, self);
  }

  /** What the player named: nearby, or `#id` anywhere. None or several: says so, null. */
  private target(query: string) {
    const self = me(this);
    const matches = this.services.objects.search(self, query, { global: true });
    const [only] = matches;
    if (only === undefined) {
      this.msg(
        `Could not find '${neutralise(query)}' to describe. ` +
          'To describe yourself with an = in the text: desc me = <description>',
      );
      return null;
    }
    if (matches.length > 1) {
      const lines = matches
        .slice(0, MAX_LISTED)
        .map((m, i) => ` ${i + 1}-${m.getDisplayName(self)}`);
      this.msg([`More than one match for '${neutralise(query)}':`, ...lines].join('\n'));
      return null;
    }
    return only;
  }
}
