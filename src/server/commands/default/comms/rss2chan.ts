/**
 * `rss2chan`: post a feed's new entries (RSS or Atom) to a game channel (Evennia's command).
 * Staff only (Developer), and only when `rssEnabled` is set. The Portal polls the feed every
 * `rssUpdateIntervalSeconds`; entries already seen are remembered with the bridge's bot, so a
 * restart posts nothing twice. A new bridge posts only entries that appear after it was made.
 */
import { neutralise } from '../../../../shared/markup/neutralise.ts';
import type { GameServices } from '../../../game-services.ts';
import { Command } from '../../command.ts';
import { listOrDelete, makeBridge } from './bridge-views.ts';
import { memberOf } from './member.ts';

const USAGE = 'Usage: rss2chan <channel> = <http(s) feed url>';

export class CmdRss2Chan extends Command {
  override key = 'rss2chan';
  override aliases = ['@rss2chan'];
  override locks = 'cmd:perm(Developer)';
  override helpCategory = 'Comms';
  override help = `
    Post a feed's new entries to a game channel.

    Usage:
      rss2chan <channel> = <url>     follow an RSS or Atom feed (http or https)
      rss2chan/list                  the feed bridges
      rss2chan/delete <n or bot>     stop following one (also /remove, /disconnect)

    Each new entry is posted once, as "[News] Title: link". The feed is read every
    rssUpdateIntervalSeconds (settings); the game's settings must have rssEnabled: true.
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  async func(): Promise<void> {
    const bridges = this.services.bridges;
    const sw = this.switches.map((s) => s.toLowerCase());
    const said = (text: string): void => this.msg(text);
    if (
      await listOrDelete(bridges, 'rss', sw, this.args, said, (id) => `Feed bridge #${id} deleted.`)
    ) {
      return;
    }
    if (sw.length > 0) {
      this.msg(`rss2chan has no switch /${neutralise(sw[0] ?? '')}. ${USAGE}`);
      return;
    }
    await this.create();
  }

  private async create(): Promise<void> {
    const eq = this.args.indexOf('=');
    const name = eq < 0 ? '' : this.args.slice(0, eq).trim();
    const url = eq < 0 ? '' : this.args.slice(eq + 1).trim();
    if (name === '' || url === '') {
      this.msg(USAGE);
      return;
    }
    if (!isHttpUrl(url)) {
      this.msg(`'${neutralise(url.slice(0, 200))}' is not an http or https URL.\n${USAGE}`);
      return;
    }
    await makeBridge(
      this.services,
      name,
      (channel) => ({
        kind: 'rss',
        settings: { url },
        botBase: channel.key.toLowerCase(),
        createdBy: memberOf(this).name,
      }),
      (text) => this.msg(text),
      (record, channel) =>
        `Feed bridge #${record.id} made: new entries of ${neutralise(url)} go to channel ${channel.key}.`,
    );
  }
}

function isHttpUrl(text: string): boolean {
  if (text.length > 2000) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
