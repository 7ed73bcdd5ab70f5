/**
 * The bell in the Bell Tower tolls every game hour on its own: a persistent script on the bell
 * (it survives reloads and crashes), armed at the next game hour and repeating every game hour
 * after it — the example of timed behaviour for game authors.
 *
 *   game.registerScript('BellToll', bellToll(game.services.gameTime));   // game.ts
 *   await bell.scripts.ensure('BellToll', {                              // once, when built
 *     interval: gameTime.realSecondsPer('hour'),                         // real seconds
 *     firstIn: gameTime.realMsUntil({ minute: 0 }) / 1000,               // the next game hour
 *   });
 *
 * The tower hears it, and so do the rooms one exit away (the Courtyard below).
 */
import { Script, type CatchUp, type DefaultObject, type GameServices } from 'waystone';

type GameTime = GameServices['gameTime'];

const WORDS = [
  'twelve',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
];

/** "three o'clock", "noon", "midnight": what the bell tolls at game hour `hour` (0–23). */
export function hourName(hour: number): string {
  if (hour === 0) return 'midnight';
  if (hour === 12) return 'noon';
  return `${WORDS[hour % 12] ?? String(hour)} o'clock`;
}

/** One game hour in real seconds, to the millisecond (the schedule is stored in whole ms). */
function hourSeconds(gameTime: GameTime): number {
  return Math.round(gameTime.realSecondsPer('hour') * 1000) / 1000;
}

/**
 * The script class, bound to this game's clock and calendar (a script reaches the game's
 * services through what it was made with; nothing global).
 */
export function bellToll(gameTime: GameTime): new () => Script {
  return class BellToll extends Script {
    override key = 'toll';
    override desc = 'tolls the bell every game hour';
    // Back after downtime, the bell tolls the next hour, not the ones it missed.
    override catchUp: CatchUp = 'skip';

    /**
     * Each start (created, every Server start, unpaused, restarted): if the schedule no longer
     * falls on the game hour — the game's timeFactor was changed, say — it starts again on it.
     */
    override async atStart(): Promise<void> {
      if (this.isPaused) return;
      const interval = hourSeconds(gameTime);
      const untilMs = gameTime.realMsUntil({ minute: 0 });
      const next = this.timeUntilNextRepeat();
      if (this.interval === interval && next !== null && onTheHour(next * 1000, untilMs, interval))
        return;
      await this.restart({ interval, firstIn: untilMs / 1000 });
    }

    override atRepeat(): void {
      const bell = this.obj;
      const tower = bell?.location;
      if (!bell || !tower) return;
      // The game minute nearest to now: a firing a millisecond early or late is still on the hour.
      const hour = gameTime.value('hour', Math.round(gameTime.now() / 60_000) * 60_000);
      const tolls = hour % 12 === 0 ? 12 : hour % 12;
      const when = hourName(hour);
      tower.msgContents(
        `${capitalized(bell.getDefiniteName(null))} tolls ${when}: ${Array(tolls).fill('BONG!').join(' ')}`,
      );
      const nearby = new Set<DefaultObject>();
      for (const exit of tower.contents) {
        if (exit.destination !== null && exit.destination !== tower) nearby.add(exit.destination);
      }
      for (const room of nearby) {
        room.msgContents(`From ${tower.getDefiniteName(null)}, a bell tolls ${when}.`);
      }
    }
  };
}

/** Whether a firing `nextMs` away falls on the game hour `untilMs` away, give or take a second. */
function onTheHour(nextMs: number, untilMs: number, intervalSeconds: number): boolean {
  const hourMs = intervalSeconds * 1000;
  const off = (((nextMs - untilMs) % hourMs) + hourMs) % hourMs;
  return Math.min(off, hourMs - off) <= 1000;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Every bell in the world tolls the game hours (a world builder: game.ts runs it once, when the
 * world is first built). A calendar without hours and minutes (timeUnits) has no tolling.
 */
export async function startTolling(services: GameServices): Promise<void> {
  const { gameTime, objects } = services;
  const units = gameTime.calendar.units;
  if (!units.includes('hour') || !units.includes('minute')) return;
  for (const bell of await objects.find({ typeclass: 'Bell' })) {
    await bell.scripts.ensure('BellToll', {
      interval: hourSeconds(gameTime),
      firstIn: gameTime.realMsUntil({ minute: 0 }) / 1000,
    });
  }
}
