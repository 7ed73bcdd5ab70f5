/**
 * The launcher's connection to a running Portal (the link's `launcher` role). Each request gets
 * exactly one reply, in order, so a FIFO of waiters is enough.
 */
import { connectLink, type ConnectLinkOptions } from '../link/handshake.ts';
import type { LauncherToPortal, PortalStatus, PortalToLauncher } from '../link/messages.ts';
import { openLauncherLink, type LauncherLink } from '../link/open-link.ts';
import { WaystoneError } from '../shared/errors.ts';

export interface AdminTarget {
  host: string;
  port: number;
  /** The game's link secret; null when it has none (then no Portal can be this game's). */
  secret: string | null;
}

export class AdminClient {
  private constructor(
    private readonly link: LauncherLink,
    private readonly waiters: Array<{
      resolve: (m: PortalToLauncher) => void;
      reject: (e: Error) => void;
    }>,
  ) {}

  static async connect(
    target: AdminTarget,
    timeoutMs = 3000,
    checkChallenge?: ConnectLinkOptions['checkChallenge'],
  ): Promise<AdminClient> {
    const handshake = await connectLink({
      host: target.host,
      port: target.port,
      role: 'launcher',
      pid: process.pid,
      timeoutMs,
      // With no secret the handshake still runs, so a Portal of another game is named as such.
      secret: target.secret ?? '',
      ...(checkChallenge === undefined ? {} : { checkChallenge }),
    });
    const waiters: AdminClient['waiters'] = [];
    const link = openLauncherLink(handshake, {
      onMessage: (msg) => waiters.shift()?.resolve(msg),
      onClose: (reason) => {
        for (const w of waiters.splice(0))
          w.reject(new WaystoneError('LINK_CLOSED', reason.message));
      },
    });
    return new AdminClient(link, waiters);
  }

  request(msg: LauncherToPortal, timeoutMs: number): Promise<PortalToLauncher> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new WaystoneError(
              'LINK_TIMEOUT',
              `no answer from the Portal within ${Math.round(timeoutMs / 1000)} s`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.link.send(msg);
    });
  }

  async status(timeoutMs = 3000): Promise<PortalStatus> {
    const reply = await this.request({ t: 'adminStatus' }, timeoutMs);
    if (reply.t !== 'adminStatusReply')
      throw new WaystoneError('LINK_BAD_MESSAGE', `unexpected reply ${reply.t}`);
    return reply.status;
  }

  close(): void {
    this.link.close();
  }
}
