/**
 * `script` (`addscript`; Evennia's `script`): the scripts on one object — list them, attach a
 * new one by the name its class was registered under (`game.registerScript('Toll', Toll)`),
 * stop, pause, unpause or restart them. `scripts` (scripts.ts) is the game-wide listing.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import type { Script } from '../../../scripts/script.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand } from '../builder/builder-command.ts';
import { actionOf, applyAction } from './scripts.ts';
import { nextIn, objectName, scriptName, scriptTable, seconds } from './timer-text.ts';

export class CmdScript extends BuilderCommand {
  override key = 'script';
  override aliases = ['addscript'];
  override locks = 'cmd:perm(script) or perm(Builder)';
  override helpCategory = 'System';
  override help = `
    Attach a script to an object, list an object's scripts, or stop them.

    Usage:
      script <object>                     list the scripts on it
      script <object> = <script class>    attach a new script of that class
      script/stop <object> [= <key>]      stop its scripts (only those with that key)
      script/pause <object> [= <key>]
      script/unpause <object> [= <key>]
      script/start <object> [= <key>]     start them over

    The script class is a name the game registered (game.registerScript); an
    unknown name lists the registered ones. The new script runs at once: its
    first firing comes now, or one interval away if the class waits (startDelay).

    Examples:
      script here = Toll
      script bell
      script/stop bell = toll
  `;

  async func(): Promise<void> {
    const action = actionOf(this, ['stop', 'pause', 'unpause', 'start']);
    if (action === undefined) return;
    const eq = this.args.indexOf('=');
    const target = (eq === -1 ? this.args : this.args.slice(0, eq)).trim();
    const rhs = eq === -1 ? '' : this.args.slice(eq + 1).trim();
    if (target === '') {
      this.msg(
        action === null
          ? 'Usage: script <object> [= <script class>]'
          : `Usage: script/${action} <object> [= <key>]`,
      );
      return;
    }
    const obj = this.find(target);
    if (obj === null) return;
    if (action === null && rhs !== '') {
      await this.attach(obj, rhs);
      return;
    }
    const scripts =
      rhs === '' ? obj.scripts.all() : obj.scripts.all().filter((s) => matches(s, rhs));
    if (scripts.length === 0) {
      this.msg(
        rhs === ''
          ? `${objectName(obj)} has no scripts.`
          : `${objectName(obj)} has no script '${neutralise(rhs)}'.`,
      );
      return;
    }
    if (action === null) {
      this.msg(
        `Scripts on ${objectName(obj)}:\n${scriptTable(scripts, (spec) => this.table(spec))}`,
      );
      return;
    }
    const replies: string[] = [];
    for (const script of scripts) replies.push(await applyAction(script, action));
    this.msg(replies.join('\n'));
  }

  private async attach(obj: DefaultObject, wanted: string): Promise<void> {
    const names = this.services.scripts.classNames();
    const name = names.includes(wanted)
      ? wanted
      : oneOf(names.filter((n) => n.toLowerCase() === wanted.toLowerCase()));
    if (name === null) {
      this.msg(
        `No script class is registered as '${neutralise(wanted)}'. Registered: ${names.join(', ')}.`,
      );
      return;
    }
    const script = await this.attempt(() => this.services.scripts.add(name, { obj }));
    if (script === null) return;
    const timer =
      script.interval > 0
        ? `every ${seconds(script.interval)}, next in ${nextIn(script)}`
        : 'no timer';
    this.msg(`Added script ${scriptName(script)}, of class ${name}: ${timer}.`);
  }
}

/** A script named by key or by class, whatever the case. */
function matches(script: Script, name: string): boolean {
  const lower = name.toLowerCase();
  return script.key.toLowerCase() === lower || script.typeclass.toLowerCase() === lower;
}

function oneOf(names: string[]): string | null {
  return names.length === 1 ? (names[0] ?? null) : null;
}
