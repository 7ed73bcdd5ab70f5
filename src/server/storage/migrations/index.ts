/**
 * Every migration, in version order. Append only: a released migration is never edited, since
 * databases in the wild already ran it.
 */
import { initial } from './001-initial.ts';
import { nameSkeletons } from './002-name-skeletons.ts';
import { timers } from './003-timers.ts';
import { channels } from './004-channels.ts';
import { prototypesAndHelp } from './005-prototypes-help.ts';
import { playerDescriptions } from './006-player-descriptions.ts';
import type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [
  initial,
  nameSkeletons,
  timers,
  channels,
  prototypesAndHelp,
  playerDescriptions,
];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
