/**
 * `tunnel <direction> [= <room>]` (`tun`): dig a room along a compass direction and link it
 * both ways in one go — `tunnel n = Garden` makes Garden, an exit `north;n` to it and `south;s`
 * back (directions.ts). Evennia's shorthand for the commonest `dig`.
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import { moveAndLook } from '../character/puppet.ts';
import { DIRECTION_ALIASES, direction, opposite } from './directions.ts';
import { parseNameSpec, splitEquals, type NameSpec } from './names.ts';
import { ExitMaker } from './rooms.ts';

/** What Evennia calls a tunnelled room nobody named. */
const UNNAMED_ROOM = 'Some place';

export class CmdTunnel extends ExitMaker {
  override key = 'tunnel';
  override aliases = ['tun'];
  override help = `
    Dig a new room in a compass direction, with an exit there and one back.

    Usage:
      tunnel[/oneway][/tel] <direction>[:typeclass] [= <room>[;alias…][:typeclass]]

    Directions: ${DIRECTION_ALIASES}. The exit gets the full name with the short one as
    alias (north;n), and the way back is the opposite (south;s) unless you give /oneway.
    With /tel you go to the new room at once. Without a room name it is called "${UNNAMED_ROOM}".

    Examples:
      tunnel north = Garden
      tun/tel u = Attic;loft
  `;

  async func(): Promise<void> {
    const [left, right] = splitEquals(this.args);
    const [word = '', exitTypeclass, ...extra] = left.split(':').map((p) => p.trim());
    const dir = direction(word);
    if (word === '' || extra.length > 0) {
      this.msg('Usage: tunnel <direction> [= <room>[;alias…]]  (directions: n, s, e, w, …)');
      return;
    }
    if (dir === undefined) {
      this.msg(`'${neutralise(word)}' is not a direction; use one of ${DIRECTION_ALIASES}.`);
      return;
    }
    const spec = parseNameSpec(right === null || right === '' ? UNNAMED_ROOM : right, true);
    if (typeof spec === 'string') return this.msg(spec);
    const here = this.me.location;
    if (here === null) {
      this.msg('You are nowhere; there is nothing to tunnel from.');
      return;
    }
    const there: NameSpec = {
      key: dir.name,
      aliases: [dir.alias],
      typeclass: exitTypeclass === undefined || exitTypeclass === '' ? null : exitTypeclass,
    };
    // Checked before the room is made, so a refused tunnel leaves no room behind.
    const taken = this.clash(here, there);
    if (taken !== undefined) {
      this.msg(
        `${here.getDisplayName(null)} already has an exit ${taken.getDisplayName(null)}(#${taken.id}) that way; nothing was made.`,
      );
      return;
    }
    if (!this.typeclassesExist([spec, there])) return;
    const room = await this.makeRoom(spec);
    if (room === null) return;
    await this.makeExit(there, here, room);
    if (!this.switches.includes('oneway')) {
      const back = opposite(dir);
      await this.makeExit({ key: back.name, aliases: [back.alias], typeclass: null }, room, here);
    }
    if (this.switches.includes('tel') || this.switches.includes('teleport')) {
      await moveAndLook(this.me, room);
    }
  }
}
