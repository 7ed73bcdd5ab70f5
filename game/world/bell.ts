/**
 * A bell that lends a command to whoever stands in its room: the example of "a thing with a
 * command" for game authors. The Bell typeclass is registered in game.ts; each time a bell
 * enters memory (created, or loaded after a restart) `atInit` gives it its cmdset, and the
 * room's contents lend their cmdsets to everyone there (each through its `call` lock).
 */
import { CmdSet, Command, DefaultObject } from 'waystone';

export class CmdRing extends Command {
  override key = 'ring';
  override help = `
    Ring the bell (there must be one here).

    Usage:
      ring
  `;

  override func(): void {
    const bell = this.obj as Bell;
    const ringer = this.caller as unknown as DefaultObject;
    const here = bell.location;
    // "the bronze bell": names are neutralised for display (a builder may have renamed the
    // bell), with the article a sentence needs.
    const name = bell.getDefiniteName(null);
    bell.db.rings = (typeof bell.db.rings === 'number' ? bell.db.rings : 0) + 1;
    this.msg(
      `You ring ${name}. BONG! (Rung ${String(bell.db.rings)} time${bell.db.rings === 1 ? '' : 's'} so far.)`,
    );
    here?.msgContents(`${ringer.getDisplayName(null)} rings ${name}. BONG!`, {
      exclude: [ringer],
      from: ringer,
    });
    // Rooms one exit away hear it too.
    for (const exit of here?.contents ?? []) {
      exit.destination?.msgContents('A bell rings somewhere close by.');
    }
  }
}

export class BellCmdSet extends CmdSet {
  override key = 'Bell';
  override atCmdsetCreation(): void {
    this.add(new CmdRing());
  }
}

export class Bell extends DefaultObject {
  // Too heavy to carry off (and a carried bell would lend nothing: only the room's contents do).
  static override defaultLocks(id: number): string {
    return `${super.defaultLocks(id)};get:false()`;
  }

  override atObjectCreation(): void {
    this.db.get_err_msg = 'The bell is far too heavy to lift.';
  }

  override atInit(): void {
    if (!this.cmdset.has('Bell')) this.cmdset.add(new BellCmdSet());
  }
}
