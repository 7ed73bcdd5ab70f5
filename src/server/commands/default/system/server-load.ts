/**
 * `server` (`serverload`; Evennia's `server`): how the Server process is doing — sessions,
 * objects in memory, memory, the timer queue, scripts, tickers and delays, commands per second
 * and uptime, one line each. `server/mem` gives the memory line alone.
 */
import { loadavg } from 'node:os';
import type { GameServices } from '../../../game-services.ts';
import { Command } from '../../command.ts';
import { layoutColumns, shortDuration } from '../account/who.ts';
import { plural, seconds } from './timer-text.ts';

export class CmdServer extends Command {
  override key = 'server';
  override aliases = ['serverload'];
  override locks = 'cmd:perm(list) or perm(Developer)';
  override helpCategory = 'System';
  override help = `
    Show how the Server is doing.

    Usage:
      server
      server/mem      the memory line only

    Sessions: connections, and how many are logged in. Objects: those in memory.
    Memory: the Server process's resident size and its JavaScript heap.
    Timers: entries waiting in the one timer queue every script, ticker interval,
    delay and game-time schedule is on, how many have fired since the Server
    started, and when the next is due. Commands: lines run per second over the
    last minute (typed by players and run by objects), and in all since the
    Server started. Load: the machine's load average over the last minute.
  `;

  constructor(private readonly services: GameServices) {
    super();
  }

  func(): void {
    const memory = memoryText();
    if (this.switches.includes('mem')) {
      this.msg(`Memory  ${memory}`);
      return;
    }
    if (this.switches.length > 0) {
      this.msg('Unknown switch. Use server or server/mem.');
      return;
    }
    const s = this.services;
    const sessions = s.sessions.all();
    const loggedIn = sessions.filter((x) => x.loggedIn).length;
    const scripts = s.scripts.all();
    const paused = scripts.filter((x) => x.isPaused).length;
    const next = s.timers.nextDueAt;
    const nextText =
      next === null ? 'none due' : `next in ${seconds(Math.max(0, next - s.clock.now()) / 1000)}`;
    const meter = s.commandMeter;
    const rows = [
      ['Sessions', `${sessions.length} (${loggedIn} logged in)`],
      ['Objects', `${s.objects.all().length} in memory`],
      ['Memory', memory],
      ['Timers', `${count(s.timers.size)} waiting, ${count(s.timers.fired)} fired, ${nextText}`],
      ['Scripts', `${count(scripts.length)} (${paused} paused)`],
      ['Tickers', plural(s.tickers.count, 'subscription')],
      ['Delays', `${count(s.delays.pending().length)} stored, waiting`],
      [
        'Commands',
        `${rate(meter.perSecond())}/s over the last minute (${count(meter.total)} since start)`,
      ],
      ['Uptime', shortDuration(s.uptimeSeconds() * 1000)],
      ['Load', `${loadavg()[0]?.toFixed(2) ?? '0.00'} (1 minute average)`],
    ];
    this.msg(layoutColumns(rows).join('\n'));
  }
}

/** "RSS 120.3 MB, heap 45.2 MB used of 60.1 MB". */
function memoryText(): string {
  const m = process.memoryUsage();
  return `RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}`;
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** 1,234 */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Two decimals, as a rate below one per second is common on a quiet game. */
function rate(perSecond: number): string {
  return perSecond.toFixed(2);
}
