/**
 * Is a Portal running for this game? Ask it on the link; pid files only say where to ask.
 */
import type { Config } from '../config/load.ts';
import type { PortalStatus } from '../link/messages.ts';
import { isWaystoneError, WaystoneError } from '../shared/errors.ts';
import { AdminClient } from './admin-client.ts';
import { adminTarget } from './game-dir.ts';

export interface Running {
  client: AdminClient;
  status: PortalStatus;
}

/** A connected admin client and the Portal's status, or null when nothing answers. */
export async function probePortal(config: Config): Promise<Running | null> {
  let client: AdminClient;
  const target = adminTarget(config);
  try {
    client = await AdminClient.connect(target);
  } catch (err) {
    if (isWaystoneError(err, 'LINK_UNREACHABLE')) return null;
    if (isWaystoneError(err, 'LINK_BAD_SECRET') || isWaystoneError(err, 'LINK_VERSION')) throw err;
    // Something answers on the link port, but not as a Waystone Portal.
    throw new WaystoneError(
      'PORT_IN_USE',
      `Something on ${target.host}:${target.port} (linkPort) does not answer as a Waystone Portal ` +
        `(${(err as Error).message}). Is another program using that port? Choose another linkPort.`,
      { cause: err },
    );
  }
  try {
    return { client, status: await client.status() };
  } catch (err) {
    client.close();
    throw err;
  }
}
