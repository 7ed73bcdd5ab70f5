/**
 * Is a Portal running for this game? Ask it on the link; pid files only say where to ask.
 */
import type { Config } from '../config/load.ts';
import type { PortalStatus } from '../link/messages.ts';
import { isWaystoneError } from '../shared/errors.ts';
import { AdminClient } from './admin-client.ts';
import { adminTarget } from './game-dir.ts';

export interface Running {
  client: AdminClient;
  status: PortalStatus;
}

/** A connected admin client and the Portal's status, or null when nothing answers. */
export async function probePortal(config: Config): Promise<Running | null> {
  let client: AdminClient;
  try {
    client = await AdminClient.connect(adminTarget(config));
  } catch (err) {
    if (isWaystoneError(err, 'LINK_UNREACHABLE')) return null;
    throw err;
  }
  try {
    return { client, status: await client.status() };
  } catch (err) {
    client.close();
    throw err;
  }
}
