/**
 * The calendar a game's `timeUnits` setting asks for: null, the real one; units, the game's own.
 */
import type { Calendar } from './calendar.ts';
import { GregorianCalendar } from './calendar-gregorian.ts';
import { UnitCalendar } from './calendar-units.ts';

export function calendarFor(units: Readonly<Record<string, number>> | null): Calendar {
  return units === null ? new GregorianCalendar() : new UnitCalendar(units);
}
