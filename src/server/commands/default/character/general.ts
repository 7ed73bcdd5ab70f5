/**
 * The first character commands: `look`, `say` (`'`), `pose` (`emote`, `:`), `desc`. Whatever a player
 * types that others will see is neutralised first (no colour markup, escapes or line breaks
 * from players reach other players' screens).
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import { Command } from '../../command.ts';
import { puppetOf as me, searchNamed } from './puppet.ts';

/** Longest description a player may give themselves (a builder's `describe` has its own). */
export const MAX_DESC_LENGTH = 2000;

export class CmdLook extends Command {
  override key = 'look';
  override aliases = ['l', 'ls'];
  override help = `
    Look at where you are, or at something.

    Usage:
      look
      look <thing>
      look at <thing>
  `;

  func(): void {
    const self = me(this);
    const typed = this.args.trim();
    if (typed === '') {
      const here = self.location;
      this.msg(here ? here.returnAppearance(self) : 'You are nowhere at all.');
      return;
    }
    // `look at bell` as players write it; `look at` alone asks, as `get` alone does.
    const at = /^at(?:\s+|$)/i.exec(typed);
    const target = at === null ? typed : typed.slice(at[0].length);
    if (target === '') {
      this.msg('Look at what?');
      return;
    }
    const found = searchNamed(self, target);
    if (found) this.msg(found.returnAppearance(self));
  }
}

export class CmdSay extends Command {
  override key = 'say';
  override aliases = ["'", '"'];
  // `'hello` works without a space after the quote.
  override argRegex = null;
  override help = `
    Speak to everyone in the room.

    Usage:
      say <message>
      '<message>
  `;

  func(): void {
    const self = me(this);
    const speech = neutralise(this.args.trim());
    if (speech === '') {
      this.msg('Say what?');
      return;
    }
    this.msg(`You say, "${speech}"`);
    self.location?.msgContents(`${neutralise(self.key)} says, "${speech}"`, {
      exclude: [self],
      from: self,
    });
  }
}

export class CmdPose extends Command {
  override key = 'pose';
  override aliases = ['emote', ':'];
  override argRegex = null;
  override help = `
    Describe what you do, seen by everyone in the room.

    Usage:
      pose <action>        e.g. pose waves.  →  Ann waves.
      :<action>
  `;

  func(): void {
    const self = me(this);
    const action = neutralise(this.args.trim());
    if (action === '') {
      this.msg('Pose what?');
      return;
    }
    const text = `${neutralise(self.key)} ${action}`;
    self.location?.msgContents(text, { from: self });
  }
}

export class CmdDesc extends Command {
  override key = 'desc';
  override help = `
    Describe yourself: what others see when they look at you.

    Usage:
      desc <description>
      desc            show your description
  `;

  func(): void {
    const self = me(this);
    const text = this.args.trim();
    if (text === '') {
      this.msg(`Your description: ${self.getDisplayDesc(self)}`);
      return;
    }
    if (text.length > MAX_DESC_LENGTH) {
      this.msg(`That description is too long (at most ${MAX_DESC_LENGTH} characters).`);
      return;
    }
    // Stored as typed; getDisplayDesc neutralises it for whoever looks.
    self.db.desc = text;
    this.msg('You set your description.');
  }
}
