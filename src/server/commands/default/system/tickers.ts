/**
 * `tickers` (Evennia's `tickers`): what is subscribed to what — each subscription's interval,
 * object, method, idstring, whether it is stored, and when its interval ticks next. Tickers are
 * made and stopped from code (services.tickers); this only shows them.
 */
import type { GameServices } from '../../../game-services.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { Command } from '../../command.ts';
import { MAX_ROWS, moreLine, objectName, plural, seconds, table } from './timer-text.ts';

export class CmdTickers extends Command {
  override key = 'tickers';
  override locks = 'cmd:perm(tickers) or perm(Builder)';
  override helpCategory = 'System';
  override help = `
    List the tickers: which object's method is called on which interval.

    Usage:
      tickers

    Every subscription on one interval shares one timer, so the count of
    intervals is the count of timers they cost. Tickers are added and removed
    from code (services.tickers.add(seconds, obj, 'method')); a ticker of a
    deleted object goes with it.
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    const { tickers, clock } = this.services;
    const subs = tickers.all();
    if (subs.length === 0) {
      this.msg('No tickers are running.');
      return;
    }
    const now = clock.now();
    const rows = subs.slice(0, MAX_ROWS).map((sub) => {
      const next = tickers.nextTick(sub.intervalMs);
      return [
        seconds(sub.intervalMs / 1000),
        objectName(sub.obj),
        sub.method,
        sub.idstring === '' ? '-' : neutralise(sub.idstring),
        sub.persistent ? 'yes' : 'no',
        next === null ? '--' : seconds(Math.max(0, next - now) / 1000),
      ];
    });
    const more = moreLine(subs.length, 'the shortest intervals are shown first');
    const intervals = new Set(subs.map((s) => s.intervalMs)).size;
    this.msg(
      [
        table(['every', 'object', 'method', 'idstring', 'stored', 'next'], rows, (spec) =>
          this.table(spec),
        ),
        ...(more === null ? [] : [more]),
        `${plural(subs.length, 'subscription')} on ${plural(intervals, 'interval')} (one timer each).`,
      ].join('\n'),
    );
  }
}
