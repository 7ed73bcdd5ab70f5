/**
 * `DefaultRoom`: a place. It has no location of its own and holds characters, things and the
 * exits leading out of it; its `returnAppearance` is what `look` shows on arrival.
 */
import { DefaultObject } from './object.ts';

export class DefaultRoom extends DefaultObject {
  static override defaultLocks(id: number): string {
    return `${super.defaultLocks(id)};get:false();puppet:false()`;
  }
}
