/**
 * `spawn` (`@spawn`, Evennia's): make objects from prototypes (server/prototypes/), list and
 * show them, store builders' own, and bring objects already spawned up to a changed prototype.
 * Every problem with a prototype (bad JSON, unknown parent, a circle of parents, unknown
 * typeclass) is told to the builder with what is wrong, and nothing changes.
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import { WaystoneError } from '../../../../shared/errors.ts';
import type { DefaultObject } from '../../../objects/object.ts';
import { prototypeFromObject } from '../../../prototypes/from-object.ts';
import { parentsOf } from '../../../prototypes/inherit.ts';
import type { Prototype } from '../../../prototypes/prototype.ts';
import { parsePrototypeJson } from '../../../prototypes/validate.ts';
import { BuilderCommand, MAX_TARGETS } from './builder-command.ts';
import { splitEquals } from './names.ts';

const SWITCHES = ['list', 'show', 'examine', 'save', 'update', 'delete', 'del'];

export class CmdSpawn extends BuilderCommand {
  override key = 'spawn';
  override help = `
    Make objects from prototypes, and keep prototypes.

    Usage:
      spawn <prototype>               make one here (or where the prototype says)
      spawn {<json>}                  make one from a prototype written out, not kept
      spawn/list [<text>]             the prototypes (whose name has <text>)
      spawn/show <prototype>          one prototype, and what it gives with its parents
      spawn/save <name> = {<json>}    keep a prototype (replacing one of that name)
      spawn/save <name> = <object>    keep the prototype of an existing object
      spawn/update <prototype>        bring objects spawned from it up to date
      spawn/delete <name>             forget a kept prototype

    A prototype is JSON: {"key": "goblin", "typeclass": "DefaultObject",
      "attributes": {"desc": "A snarling goblin.", "hp": {"$random": [5, 10]}},
      "tags": ["monster", ["goblin", "race"]], "aliases": ["gob"],
      "locks": "get:false()", "prototypeParent": "monster", "home": "#2"}
    Values may be worked out when spawning: {"$random": [1, 6]} (a whole number from 1 to 6),
    {"$pick": ["red", "blue"]} (one of them). A prototype builds on its parents (one
    name or a list): their attributes, tags and locks are merged, the rest it overrides.

    spawn/update changes on each object only what changed in the prototype since it was
    spawned: values you changed by hand elsewhere stay, and random values are not rolled
    again unless their definition changed.
  `;

  async func(): Promise<void> {
    const switches = this.switches.map((s) => s.toLowerCase());
    const unknown = switches.find((s) => !SWITCHES.includes(s));
    if (unknown !== undefined) {
      this.msg(
        `Unknown switch /${neutralise(unknown)}. Switches: /list, /show, /save, /update, /delete.`,
      );
      return;
    }
    try {
      if (switches.includes('list')) this.list();
      else if (switches.includes('show') || switches.includes('examine')) this.show();
      else if (switches.includes('save')) this.save();
      else if (switches.includes('update')) await this.update();
      else if (switches.includes('delete') || switches.includes('del')) this.delete();
      else await this.spawn();
    } catch (err) {
      // Prototype problems are the builder's to fix: say what is wrong.
      if (err instanceof WaystoneError && err.code.startsWith('PROTOTYPE_')) {
        this.msg(neutralise(err.message));
        return;
      }
      throw err;
    }
  }

  private get prototypes() {
    return this.services.prototypes;
  }

  private async spawn(): Promise<void> {
    const what = this.args.trim();
    if (what === '') {
      this.msg('Usage: spawn <prototype>  (spawn/list shows them; see help spawn)');
      return;
    }
    const resolved = what.startsWith('{')
      ? this.prototypes.resolvePrototype(parsePrototypeJson(what, 'inline'))
      : this.prototypes.resolve(what);
    const obj = await this.prototypes.spawn(resolved, { defaultLocation: this.me.location });
    const where = obj.location === null ? ' (nowhere: it has no location)' : '';
    this.msg(`Spawned ${label(obj)}${where}.`);
  }

  private list(): void {
    const filter = this.args.trim().toLowerCase();
    const entries = this.prototypes
      .list()
      .filter((e) => e.prototype.prototypeKey.toLowerCase().includes(filter));
    if (entries.length === 0) {
      this.msg(
        filter === '' ? 'There are no prototypes yet.' : 'No prototype has that in its name.',
      );
      return;
    }
    const width = Math.max(...entries.map((e) => e.prototype.prototypeKey.length));
    const lines = entries.map(({ prototype: p, source }) => {
      const parents = parentsOf(p);
      const from = parents.length > 0 ? ` (from ${parents.join(', ')})` : '';
      const desc = p.prototypeDesc === undefined ? '' : `  ${p.prototypeDesc}`;
      return neutralise(
        `  ${p.prototypeKey.padEnd(width)}  ${source === 'game' ? 'game  ' : 'stored'}${desc}${from}`,
      );
    });
    this.msg(
      ['|wPrototypes|n (spawn <name> makes one; game ones are read-only):', ...lines].join('\n'),
    );
  }

  private show(): void {
    const key = this.args.trim();
    const entry = key === '' ? undefined : this.prototypes.get(key);
    if (entry === undefined) {
      this.msg(
        key === ''
          ? 'Usage: spawn/show <prototype>'
          : `There is no prototype called '${neutralise(key)}'.`,
      );
      return;
    }
    const p = entry.prototype;
    const spawned = this.prototypes.spawnedFrom(p.prototypeKey).length;
    const lines = [
      `|wPrototype ${neutralise(p.prototypeKey)}|n (${entry.source === 'game' ? "from the game's code, read-only" : 'stored'}; ${spawned} object${spawned === 1 ? '' : 's'} spawned from it)`,
      ...json(p),
    ];
    if (parentsOf(p).length > 0) {
      const { prototypeKey: _key, ...resolved } = this.prototypes.resolve(p.prototypeKey);
      lines.push('|wWith its parents:|n', ...json(resolved));
    }
    this.msg(lines.join('\n'));
  }

  private save(): void {
    const [name, body] = splitEquals(this.args);
    if (name === '' || body === null || body === '') {
      this.msg('Usage: spawn/save <name> = {<json>}  or  spawn/save <name> = <object>');
      return;
    }
    let prototype: Prototype;
    if (body.startsWith('{')) prototype = parsePrototypeJson(body, name);
    else {
      const obj = this.find(body);
      if (obj === null) return;
      prototype = prototypeFromObject(obj, name);
    }
    const replaced = this.prototypes.save(prototype);
    const count = this.prototypes.spawnedFrom(name).length;
    const after =
      replaced && count > 0
        ? ` ${count} object${count === 1 ? ' was' : 's were'} spawned from the old one: spawn/update ${neutralise(prototype.prototypeKey)} brings ${count === 1 ? 'it' : 'them'} up to date.`
        : '';
    this.msg(
      `Prototype '${neutralise(prototype.prototypeKey)}' ${replaced ? 'replaced' : 'saved'}.${after}`,
    );
  }

  private async update(): Promise<void> {
    const key = this.args.trim();
    if (key === '') {
      this.msg('Usage: spawn/update <prototype>');
      return;
    }
    const results = await this.prototypes.update(key);
    if (results.length === 0) {
      this.msg(`No objects were spawned from '${neutralise(key)}'.`);
      return;
    }
    const changed = results.filter((r) => r.changed.length > 0);
    const lines = changed
      .slice(0, MAX_TARGETS)
      .map((r) => `  ${label(r.object)}: ${neutralise(r.changed.join(', '))}`);
    if (changed.length > MAX_TARGETS) lines.push(`  … and ${changed.length - MAX_TARGETS} more.`);
    for (const r of results.filter((r) => r.notApplied.length > 0).slice(0, MAX_TARGETS)) {
      lines.push(`  ${label(r.object)}: not changed: ${neutralise(r.notApplied.join(', '))}`);
    }
    const same = results.length - changed.length;
    this.msg(
      [
        `Updated ${changed.length} object${changed.length === 1 ? '' : 's'} spawned from '${neutralise(key)}'` +
          `${same > 0 ? `; ${same} already up to date` : ''}.`,
        ...lines,
      ].join('\n'),
    );
  }

  private delete(): void {
    const key = this.args.trim();
    if (key === '') {
      this.msg('Usage: spawn/delete <name>');
      return;
    }
    if (!this.prototypes.delete(key)) {
      this.msg(`There is no stored prototype called '${neutralise(key)}'.`);
      return;
    }
    const left = this.prototypes.spawnedFrom(key).length;
    this.msg(
      `Prototype '${neutralise(key)}' deleted.` +
        (left > 0
          ? ` The ${left} object${left === 1 ? '' : 's'} spawned from it stay${left === 1 ? 's' : ''}.`
          : ''),
    );
  }
}

function label(obj: DefaultObject): string {
  return `${neutralise(obj.key)}(#${obj.id})`;
}

/** A value as indented JSON, each line shown as written (markup in it does not render). */
function json(value: unknown): string[] {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => `  ${neutralise(line)}`);
}
