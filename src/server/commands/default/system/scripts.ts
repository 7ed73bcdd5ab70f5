/**
 * `scripts` (`globalscript`, `listscripts`; Evennia's `scripts`): every running script in a
 * table, or those a filter names, and the switches that stop, pause, unpause and restart one.
 * `script` (script.ts) is the object-side command: attach a script class to an object.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import type { Script } from '../../../scripts/script.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand } from '../builder/builder-command.ts';
import { nextIn, objectName, scriptName, scriptTable } from './timer-text.ts';

/** What a switch does to a script; the listing when there is none. */
export type ScriptAction = 'stop' | 'pause' | 'unpause' | 'start';

/** Switches and what they do (`delete` is Evennia's other name for stopping one). */
const SWITCHES: Readonly<Record<string, ScriptAction>> = {
  stop: 'stop',
  delete: 'stop',
  del: 'stop',
  pause: 'pause',
  unpause: 'unpause',
  start: 'start',
  restart: 'start',
};

export const SWITCH_LIST = '/stop, /pause, /unpause or /start';

/**
 * The switch a command was given, as an action: null for none, undefined (after telling the
 * player) for several or an unknown one.
 */
export function actionOf(
  cmd: { switches: readonly string[]; msg(text: string): void },
  allowed: readonly ScriptAction[],
): ScriptAction | null | undefined {
  if (cmd.switches.length === 0) return null;
  if (cmd.switches.length > 1) {
    cmd.msg(`Use one switch at a time: ${SWITCH_LIST}.`);
    return undefined;
  }
  const name = cmd.switches[0] ?? '';
  const action = SWITCHES[name];
  if (action === undefined || !allowed.includes(action)) {
    cmd.msg(`Unknown switch /${neutralise(name)}. Use ${allowed.map((a) => `/${a}`).join(', ')}.`);
    return undefined;
  }
  return action;
}

/** Does `action` to one script; what to tell the player. */
export async function applyAction(script: Script, action: ScriptAction): Promise<string> {
  const name = scriptName(script);
  switch (action) {
    case 'stop':
      await script.stop();
      return `Stopped script ${name}.`;
    case 'pause':
      if (script.isPaused) return `Script ${name} is already paused.`;
      await script.pause();
      return `Paused script ${name}; /unpause resumes it with the time it had left.`;
    case 'unpause':
      if (!script.isPaused) return `Script ${name} is not paused.`;
      await script.unpause();
      return `Unpaused script ${name}: ${nextText(script)}.`;
    case 'start':
      await script.restart();
      return `Restarted script ${name}: ${nextText(script)}.`;
  }
}

function nextText(script: Script): string {
  const next = nextIn(script);
  return next === '--' ? 'it has no timer' : `next in ${next}`;
}

export class CmdScripts extends BuilderCommand {
  override key = 'scripts';
  override aliases = ['globalscript', 'listscripts'];
  override locks = 'cmd:perm(scripts) or perm(Builder)';
  override helpCategory = 'System';
  override help = `
    List and manage the running scripts.

    Usage:
      scripts                         every script
      scripts <#id, key or object>    the script with that id, the scripts with that key
                                      (or class), or the scripts on that object
      scripts/stop <#id, key or object>
      scripts/pause <#id, key or object>
      scripts/unpause <#id, key or object>
      scripts/start <#id, key or object>

    Switches:
      stop      stop the script for good: its atStop runs and it is gone
                (also /delete)
      pause     stop its timer, keeping the time left until its next firing
      unpause   start a paused script's timer again, with the time it had left
      start     start it over: its count back to 0, its first firing as when it
                was new (also /restart; a paused script runs again)

    A switch acts on one script: when the filter matches several, they are listed
    and you name one by its #id. The table shows each script's id, what it is on
    (an object, an account, or global), key, class, interval, when it fires next,
    repeats left of its total, whether it is stored (survives a reload) and its
    description. To attach a script to an object, use script.
  `;

  async func(): Promise<void> {
    const action = actionOf(this, ['stop', 'pause', 'unpause', 'start']);
    if (action === undefined) return;
    const query = this.args.trim();
    if (query === '') {
      if (action !== null) {
        this.msg(`Usage: scripts/${action} <#id, key or object>`);
        return;
      }
      const all = this.services.scripts.all();
      this.msg(
        all.length === 0 ? 'No scripts are running.' : scriptTable(all, (spec) => this.table(spec)),
      );
      return;
    }
    const found = this.match(query);
    if (found === null) return;
    if (action === null) {
      this.msg(scriptTable(found, (spec) => this.table(spec)));
      return;
    }
    const [only] = found;
    if (only === undefined || found.length > 1) {
      this.msg(
        `More than one script matches '${neutralise(query)}'; name one by its #id:\n${scriptTable(found, (spec) => this.table(spec))}`,
      );
      return;
    }
    this.msg(await applyAction(only, action));
  }

  // Helpers are `private`, not `#private`: each run is an Object.create copy of the command,
  // which has no # fields of its own.

  /**
   * The scripts a filter names, tried in turn: `#id` a script's id (else an object's), a script
   * key, a script class, an object's name. None: says so and returns null.
   */
  private match(query: string): Script[] | null {
    const { scripts } = this.services;
    const byId = /^#(-?\d+)$/.exec(query);
    if (byId !== null) {
      const script = scripts.get(Number(byId[1]));
      if (script !== undefined) return [script];
    } else {
      const byKey = scripts.find({ key: query });
      if (byKey.length > 0) return byKey;
      const lower = query.toLowerCase();
      const byClass = scripts.all().filter((s) => s.typeclass.toLowerCase() === lower);
      if (byClass.length > 0) return byClass;
    }
    const objects = this.objectsNamed(query);
    if (objects.length === 0) {
      this.msg(`No script or object matches '${neutralise(query)}'.`);
      return null;
    }
    const found = objects.flatMap((obj) => obj.scripts.all());
    if (found.length === 0) {
      this.msg(
        `${objects.map(objectName).join(', ')} ${objects.length > 1 ? 'have' : 'has'} no scripts.`,
      );
      return null;
    }
    return found;
  }

  /** Objects by `#id` or name: nearby first, else anywhere (quietly; the caller reports). */
  private objectsNamed(query: string): DefaultObject[] {
    const { objects } = this.services;
    const near = objects.search(this.me, query, { global: true });
    return near.length > 0 ? near : objects.search(this.me, query, { candidates: objects.all() });
  }
}
