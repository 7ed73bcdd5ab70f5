/**
 * What `irc2chan/list` and `rss2chan/list` show, and how `/delete` finds a bridge: by its
 * number (`3`, `#3`) or its bot's name (`ircbot-wsbot`), as Evennia's commands take either.
 */
import { neutralise } from '../../../../shared/markup/neutralise.ts';
import type { BridgeKind, BridgeRecord } from '../../../bridges/bridge-records.ts';
import { BridgeRefused, type Bridges, type BridgeView } from '../../../bridges/bridges.ts';
import type { DefaultChannel } from '../../../comms/channel.ts';
import type { GameServices } from '../../../game-services.ts';
import { layoutColumns } from '../account/who.ts';

/** How a bridge is doing: its last status from the Portal, or what the Server knows. */
function stateOf(view: BridgeView): string {
  const status = view.status;
  if (status === null) return view.running ? 'running' : 'not connected';
  const detail = status.detail === '' ? '' : ` (${neutralise(status.detail.slice(0, 80))})`;
  return `${status.state}${detail}`;
}

export function bridgeTable(bridges: Bridges, kind: BridgeKind): string {
  const views = bridges.list(kind);
  const what = kind === 'irc' ? 'IRC' : 'RSS';
  if (views.length === 0) return `No ${what} bridges.`;
  const rows = views.map((v) => {
    const s = v.record.settings;
    const channel = v.channel ?? '(destroyed)';
    const far =
      kind === 'irc'
        ? [
            `${String(s['host'])}:${String(s['port'])}`,
            String(s['channel']),
            s['tls'] ? 'yes' : 'no',
          ]
        : [String(s['url'])];
    return [`#${v.record.id}`, neutralise(v.botName), channel, ...far.map(neutralise), stateOf(v)];
  });
  const header =
    kind === 'irc'
      ? ['#', 'Bot', 'Channel', 'IRC network', 'IRC channel', 'TLS', 'State']
      : ['#', 'Bot', 'Channel', 'Feed', 'State'];
  return [`${what} bridges:`, ...layoutColumns([header, ...rows]).map((l) => `  ${l}`)].join('\n');
}

/**
 * The switches `irc2chan` and `rss2chan` share: a list (also with no arguments at all) and
 * `/delete` (`/remove`, `/disconnect`). True when one of them answered the command.
 */
export async function listOrDelete(
  bridges: Bridges,
  kind: BridgeKind,
  switches: readonly string[],
  args: string,
  say: (text: string) => void,
  deleted: (id: number) => string,
): Promise<boolean> {
  if (switches.includes('list') || (switches.length === 0 && args.trim() === '')) {
    say(bridgeTable(bridges, kind));
    return true;
  }
  if (!switches.some((s) => ['delete', 'remove', 'disconnect'].includes(s))) return false;
  const found = findBridge(bridges, kind, args);
  if ('error' in found) say(found.error);
  else {
    await bridges.delete(found.id);
    say(deleted(found.id));
  }
  return true;
}

/**
 * The making step `irc2chan` and `rss2chan` share: the game channel by name, then the bridge;
 * what the builder is told either way (no such channel, a refusal, or `made`'s text).
 */
export async function makeBridge(
  services: Pick<GameServices, 'channels' | 'bridges'>,
  channelName: string,
  request: (channel: DefaultChannel) => Omit<Parameters<Bridges['create']>[0], 'channel'>,
  say: (text: string) => void,
  made: (record: BridgeRecord, channel: DefaultChannel) => string,
): Promise<void> {
  const channel = services.channels.find(channelName);
  if (channel === undefined) {
    say(`No channel ${neutralise(channelName)}. See: channel`);
    return;
  }
  try {
    say(made(await services.bridges.create({ ...request(channel), channel }), channel));
  } catch (err) {
    if (!(err instanceof BridgeRefused)) throw err;
    say(err.message);
  }
}

/** The bridge of `kind` that `arg` names (number, #number or bot name), or a reason. */
export function findBridge(
  bridges: Bridges,
  kind: BridgeKind,
  arg: string,
): { id: number } | { error: string } {
  const wanted = arg.trim();
  if (wanted === '') return { error: 'Which bridge? Give its number (see /list) or its bot.' };
  const number = /^#?(\d+)$/.exec(wanted);
  const views = bridges.list(kind);
  const found = number
    ? views.find((v) => v.record.id === Number(number[1]))
    : views.find((v) => v.botName.toLowerCase() === wanted.toLowerCase());
  if (found === undefined) return { error: `No ${kind} bridge ${neutralise(wanted)}. See /list.` };
  return { id: found.record.id };
}
