/**
 * The first character commands: `look`, `say` (`'`), `pose` (`emote`, `:`). Whatever a player
 * types that others will see is neutralised first (no colour markup, escapes or line breaks
 * from players reach other players' screens).
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { Command } from '../../command.ts';

function me(cmd: Command): DefaultObject {
  return cmd.caller as unknown as DefaultObject;
}

export class CmdLook extends Command {
  override key = 'look';
  override aliases = ['l', 'ls'];
  override help = `
    Look at where you are, or at something.

    Usage:
      look
      look <thing>
  `;

  func(): void {
    const self = me(this);
    const target = this.args.trim();
    if (target === '') {
      const here = self.location;
      this.msg(here ? here.returnAppearance(self) : 'You are nowhere at all.');
      return;
    }
    const found = self.search(target);
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
