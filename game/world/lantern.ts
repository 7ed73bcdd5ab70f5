/**
 * A lantern that burns down while it is carried, and only then: on-demand state (no timer at
 * all). Its oil is an on-demand entry whose clock runs while someone holds the lantern and
 * stops when it is put down; its stage is worked out from the time burned whenever someone
 * looks at it.
 */
import { DefaultObject } from 'waystone';

type Looker = Parameters<DefaultObject['getDisplayDesc']>[0];

/** The on-demand entry (`lantern.onDemand.stage(OIL)`). */
export const OIL = 'oil';

/** Real seconds of burning → how much oil is left: a full lantern burns for an hour. */
export const OIL_STAGES: Readonly<Record<number, string>> = {
  0: 'full',
  900: 'three-quarters',
  1800: 'half',
  2700: 'low',
  3300: 'guttering',
  3600: 'empty',
};

const LEVEL: Readonly<Record<string, string>> = {
  full: 'full',
  'three-quarters': 'three-quarters full',
  half: 'half full',
  low: 'nearly empty',
  guttering: 'all but empty',
  empty: 'empty',
};

const FLAME: Readonly<Record<string, string>> = {
  full: 'bright and steady',
  'three-quarters': 'bright and steady',
  half: 'steady',
  low: 'low',
  guttering: 'fitfully, guttering',
};

export class Lantern extends DefaultObject {
  override atObjectCreation(): void {
    this.onDemand.add(OIL, { stages: OIL_STAGES, paused: !this.isCarried });
  }

  /** Picked up, it lights; put down (or given to a room), it goes out and stops burning. */
  override atAfterMove(): void {
    if (!this.onDemand.has(OIL)) return;
    if (this.isCarried) this.onDemand.resume(OIL);
    else this.onDemand.pause(OIL);
  }

  /** Someone holds it. */
  get isCarried(): boolean {
    return this.location?.isCharacter === true;
  }

  /** How much oil is left: a stage of OIL_STAGES. */
  get oil(): string {
    return this.onDemand.stage(OIL) ?? 'empty';
  }

  get isLit(): boolean {
    return this.isCarried && this.oil !== 'empty';
  }

  override getDisplayDesc(looker: Looker): string {
    const oil = this.oil;
    const state =
      oil === 'empty'
        ? 'It has burned out: its oil is gone.'
        : this.isLit
          ? `It burns ${FLAME[oil] ?? 'on'}; its oil tank is ${LEVEL[oil] ?? oil}.`
          : `It is unlit; its oil tank is ${LEVEL[oil] ?? oil}.`;
    return `${super.getDisplayDesc(looker)}\n${state}`;
  }
}
