/**
 * `DefaultExit`: a way out of a room, leading to its `destination`. `traverse(traveller)`
 * checks the `traverse` lock and moves the traveller; the command that makes an exit's name
 * work as a command comes with the default game's cmdsets.
 *
 *   traverse(traveller)
 *     traverse lock fails, or no destination → atFailedTraverse(traveller)   → false
 *     otherwise → atTraverse(traveller, destination): traveller.moveTo(destination)
 *       the move refused → atFailedTraverse(traveller)                        → false
 */
import { DefaultObject } from './object.ts';

export class DefaultExit extends DefaultObject {
  static override defaultLocks(id: number): string {
    return `${super.defaultLocks(id)};get:false();puppet:false();traverse:all()`;
  }

  override get kind(): 'exit' {
    return 'exit';
  }

  async traverse(traveller: DefaultObject): Promise<boolean> {
    const target = this.destination;
    if (target === null || !this.locks.check(traveller, 'traverse', true)) {
      await this.atFailedTraverse(traveller);
      return false;
    }
    const moved = await this.atTraverse(traveller, target);
    if (!moved) await this.atFailedTraverse(traveller);
    return moved;
  }

  atTraverse(traveller: DefaultObject, target: DefaultObject): Promise<boolean> {
    return traveller.moveTo(target);
  }

  atFailedTraverse(traveller: DefaultObject): void | Promise<void> {
    traveller.msg('You cannot go there.');
  }
}
