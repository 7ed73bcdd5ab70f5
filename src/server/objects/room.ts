/**
 * `DefaultRoom`: a place. It has no location of its own and holds characters, things and the
 * exits leading out of it; its `returnAppearance` is what `look` shows on arrival, and its
 * `getRoomInfo` what a mapping client (GMCP Room.Info) learns of it (room-info.ts).
 */
import type { RoomInfo } from './client-data.ts';
import { DefaultObject } from './object.ts';
import { buildRoomInfo } from './room-info.ts';

export class DefaultRoom extends DefaultObject {
  static override defaultLocks(id: number): string {
    return `${super.defaultLocks(id)};get:false();puppet:false()`;
  }

  /** Id, name, area and exits, as room-info.ts describes; override to add or change fields. */
  override getRoomInfo(looker: DefaultObject): RoomInfo | null {
    return buildRoomInfo(this, looker);
  }
}
