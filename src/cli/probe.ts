/**
 * Is a Portal running for this game? Ask it on the link; pid files only say where to ask.
 */
import type { Config } from '../config/load.ts';
import type { PortalStatus } from '../link/messages.ts';
import { isWaystoneError, WaystoneError } from '../shared/errors.ts';
import { readGameIdentity } from '../shared/game-identity.ts';
import { isProcessAlive, readPid, runPaths } from '../shared/run-files.ts';
import { AdminClient, type AdminTarget } from './admin-client.ts';
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
    // The Portal says which game it serves before either side proves anything: a launcher
    // pointed at another game's Portal says so, and does nothing to it.
    client = await AdminClient.connect(target, 3000, (challenge) => {
      const mismatch = otherGame(config, challenge.game, target);
      return mismatch === null ? null : new WaystoneError('LINK_OTHER_GAME', mismatch);
    });
  } catch (err) {
    if (isWaystoneError(err, 'LINK_UNREACHABLE')) return null;
    if (
      isWaystoneError(err, 'LINK_BAD_SECRET') ||
      isWaystoneError(err, 'LINK_VERSION') ||
      isWaystoneError(err, 'LINK_OTHER_GAME')
    )
      throw err;
    // This game's own Portal is alive but did not answer as one: most likely it is out of file
    // descriptors (it closes what it accepts), which is no port clash.
    const paths = runPaths(config.gameDir);
    const portalPid = readPid(paths.portalPid);
    if (portalPid !== null && isProcessAlive(portalPid)) {
      throw new WaystoneError(
        'PORTAL_NOT_ANSWERING',
        `The Portal of this game (pid ${portalPid}) is running but did not answer on ` +
          `${target.host}:${target.port} (${(err as Error).message}). It may be out of file ` +
          `descriptors: look for DESCRIPTORS_EXHAUSTED in ${paths.portalLog}, and raise the ` +
          `open-file limit (ulimit -n) or lower maxConnections.`,
        { cause: err },
      );
    }
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

/**
 * Null when the Portal serves this game directory; otherwise what to tell the user. Both the
 * real path and the id made at `init` must match: a copy of a game (same id) in another
 * directory is another game, and so is a new game made in a directory another game left.
 */
function otherGame(
  config: Config,
  served: { dir: string; id: string; name: string },
  target: AdminTarget,
): string | null {
  const mine = readGameIdentity(config.gameDir);
  if (served.dir === mine.dir && served.id === mine.id) return null;
  const where = `${target.host}:${target.port}`;
  const same = served.dir === mine.dir;
  return (
    `The Portal on ${where} serves ${same ? 'a different game in this directory' : 'another game'}: ` +
    `"${served.name}" in ${served.dir}${same ? ` (its id ${served.id} is not this game's)` : ''}, ` +
    `not ${mine.dir}.\n` +
    `Nothing was done to it. Both games use link port ${target.port}: give this one its own ` +
    `linkPort (and telnetPort, webPort) in ${config.gameDir}/settings.ts, or set WAYSTONE_LINK_PORT.`
  );
}
