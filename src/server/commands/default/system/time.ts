/**
 * `time` (`@time`, `uptime`; Evennia's `time`): the game's time as its calendar shows it, how
 * fast it runs, how long the game has been up, the real time, and when the game first started.
 */
import type { GameServices } from '../../../game-services.ts';
import { Command } from '../../command.ts';
import { layoutColumns, shortDuration } from '../account/who.ts';

/** "2026-01-01 12:00:00 UTC" */
export function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export class CmdTime extends Command {
  override key = 'time';
  override aliases = ['uptime'];
  override helpCategory = 'System';
  override help = `
    Show the game's time and the server's.

    Usage:
      time

    The game time runs at its own pace (the time factor: game seconds per real second),
    carries on while the game is down, and is shown in the game's calendar. Uptime counts
    from when the game was started; a reload does not reset it.
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    const { gameTime, clock } = this.services;
    const factor = gameTime.factor;
    const rows = [
      ['Game time', gameTime.format()],
      ['Time factor', `${factor} game second${factor === 1 ? '' : 's'} per real second`],
      ['Uptime', shortDuration(this.services.uptimeSeconds() * 1000)],
      ['Real time', utcText(clock.now())],
      ['First start', utcText(gameTime.firstStart)],
    ];
    this.msg(layoutColumns(rows).join('\n'));
  }
}
