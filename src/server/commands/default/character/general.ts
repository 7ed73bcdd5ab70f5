/**
 * The first character commands: `look`, `say` (`'`), `pose` (`emote`, `:`); `desc` has its own
 * file. Whatever a player types that others will see is neutralised first (no colour markup,
 * escapes or line breaks from players reach other players' screens; colour codes alone may, when
 * the game's `playerMarkup` is 'colour'). `say` and `pose` speak through the character's
 * `atSay` hook, so every session sharing the character sees its own line (multisession modes 1
 * and 3) and a game's character class decides how it speaks.
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import { Command } from '../../command.ts';
import { puppetOf as me, searchNamed } from './puppet.ts';

const POSE_LINE = '{speaker} {speech}';

export class CmdLook extends Command {
  override key = 'look';
  override aliases = ['l', 'ls'];
  override help = `
    Look at where you are, or at something.

    Usage:
      look
      look <thing>
      look at <thing>

    A long text comes a page at a time when your client reports its screen size
    (next, back, top, end, quit; "option PAGER = off" turns that off).
  `;

  func(): void {
    const self = me(this);
    const typed = this.args.trim();
    if (typed === '') {
      const here = self.location;
      this.msgPaged(here ? here.returnAppearance(self) : 'You are nowhere at all.');
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
    if (found) this.msgPaged(found.returnAppearance(self));
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

  async func(): Promise<void> {
    const speech = this.args.trim();
    // Empty once neutralised (only control characters): nothing anyone would see.
    if (neutralise(speech) === '') {
      this.msg('Say what?');
      return;
    }
    await me(this).atSay(speech);
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

  async func(): Promise<void> {
    const action = this.args.trim();
    if (neutralise(action) === '') {
      this.msg('Pose what?');
      return;
    }
    // Everyone, the poser's every session included, sees the same line.
    await me(this).atSay(action, { msgSelf: POSE_LINE, msgLocation: POSE_LINE });
  }
}
