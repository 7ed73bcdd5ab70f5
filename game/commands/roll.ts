/**
 * An example command: `roll 2d6` rolls dice. It shows the parts of a command a game author
 * writes — key, aliases, help text, parse (turn `args` into fields) and func (do it) — and a
 * question answered by the player (`roll/ask`).
 */
import { Command } from 'waystone';

const DICE = /^(\d{1,2})d(\d{1,3})$/i;

export class CmdRoll extends Command {
  override key = 'roll';
  override aliases = ['dice'];
  override helpCategory = 'Fun';
  override help = `
    Roll some dice.

    Usage:
      roll <n>d<sides>     e.g. roll 2d6
      roll/ask             asks you which dice to roll
  `;

  /** Set by parse(), read by func(). */
  count = 0;
  sides = 0;

  override parse(): void {
    const m = DICE.exec(this.args.trim());
    this.count = m ? Number(m[1]) : 0;
    this.sides = m ? Number(m[2]) : 0;
  }

  override async func(): Promise<void> {
    if (this.switches.includes('ask')) {
      const answer = await this.ask('Which dice? (e.g. 3d8)');
      const m = DICE.exec(answer.trim());
      this.count = m ? Number(m[1]) : 0;
      this.sides = m ? Number(m[2]) : 0;
    }
    if (this.count < 1 || this.sides < 2) {
      this.msg('Usage: roll <n>d<sides>, e.g. roll 2d6 (at most 99 dice of 999 sides).');
      return;
    }
    const rolls = Array.from(
      { length: this.count },
      () => 1 + Math.floor(Math.random() * this.sides),
    );
    const total = rolls.reduce((a, b) => a + b, 0);
    this.msg(`You roll ${this.count}d${this.sides}: ${rolls.join(' + ')} = ${total}.`);
  }
}
