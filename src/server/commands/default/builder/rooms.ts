/**
 * Making places and ways between them: `dig` a new room (with exits there and back) and
 * `open` an exit from here to a room that exists. What a builder makes, the builder controls
 * (ownerLocks); exits get their command at once (an exit's name works as soon as it exists).
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { moveAndLook } from '../character/puppet.ts';
import { BuilderCommand, ownerLocks } from './builder-command.ts';
import { parseNameSpec, splitEquals, type NameSpec } from './names.ts';

/** The text after `=` in dig and open: `exit[;aliases][:typeclass][, back exit[;aliases]…]`. */
function parseExits(text: string): { there: NameSpec; back: NameSpec | null } | string {
  const [first = '', second, ...more] = text.split(',');
  if (more.length > 0) return 'Give at most two exits: one there and one back.';
  const there = parseNameSpec(first, true);
  if (typeof there === 'string') return there;
  if (second === undefined || second.trim() === '') return { there, back: null };
  const back = parseNameSpec(second, true);
  return typeof back === 'string' ? back : { there, back };
}

function describeExit(exit: DefaultObject, from: DefaultObject, to: DefaultObject): string {
  const aliases = exit.aliases.all();
  const also = aliases.length === 0 ? '' : ` (aliases: ${aliases.map(neutralise).join(', ')})`;
  return `Created exit ${exit.getDisplayName(null)}(#${exit.id}) from ${from.getDisplayName(null)} to ${to.getDisplayName(null)}${also}.`;
}

/** What dig, open and tunnel share: making rooms and exits the builder then controls. */
export abstract class ExitMaker extends BuilderCommand {
  /** An exit named like `spec` already leaving `from`, if any. */
  protected clash(from: DefaultObject, spec: NameSpec): DefaultObject | undefined {
    const names = [spec.key, ...spec.aliases].map((n) => n.toLowerCase());
    return from.contents.find(
      (o) =>
        o.destination !== null &&
        [o.key, ...o.aliases.all()].some((n) => names.includes(n.toLowerCase())),
    );
  }

  protected async makeExit(
    spec: NameSpec,
    from: DefaultObject,
    to: DefaultObject,
  ): Promise<DefaultObject | null> {
    const taken = this.clash(from, spec);
    if (taken !== undefined) {
      this.msg(
        `${from.getDisplayName(null)} already has an exit called ${taken.getDisplayName(null)}(#${taken.id}); no exit was made.`,
      );
      return null;
    }
    const exit = await this.attempt(() =>
      this.services.objects.create({
        typeclass: spec.typeclass ?? 'DefaultExit',
        key: spec.key,
        aliases: spec.aliases,
        location: from,
        destination: to,
        locks: ownerLocks(this.me),
      }),
    );
    if (exit !== null) this.msg(describeExit(exit, from, to));
    return exit;
  }

  /**
   * Whether every typeclass the specs name is registered (the builder told which is not):
   * checked before anything is made, so a typo leaves no room without its exits.
   */
  protected typeclassesExist(specs: ReadonlyArray<NameSpec | null>): boolean {
    const { typeclasses } = this.services.objects;
    const missing = specs.find((s) => s?.typeclass != null && !typeclasses.has(s.typeclass));
    if (missing?.typeclass == null) return true;
    this.msg(`'${neutralise(missing.typeclass)}' is not a registered typeclass; nothing was made.`);
    return false;
  }

  /** A new room (no location), reported to the builder; null when it could not be made. */
  protected async makeRoom(spec: NameSpec): Promise<DefaultObject | null> {
    const room = await this.attempt(() =>
      this.services.objects.create({
        typeclass: spec.typeclass ?? 'DefaultRoom',
        key: spec.key,
        aliases: spec.aliases,
        locks: ownerLocks(this.me),
      }),
    );
    if (room !== null) {
      this.msg(`Created room ${room.getDisplayName(null)}(#${room.id}) of type ${room.typeclass}.`);
    }
    return room;
  }
}

export class CmdDig extends ExitMaker {
  override key = 'dig';
  override help = `
    Make a new room, and optionally exits to it from here and back.

    Usage:
      dig[/teleport] <room>[;alias…][:typeclass] [= <exit>[;alias…][:typeclass][, <back exit>[;alias…]]]

    Example:
      dig Library;lib = north;n, south;s

    With /teleport (or /tel) you go to the new room at once. For the compass directions,
    tunnel is shorter: tunnel north = Library.
  `;

  async func(): Promise<void> {
    const [left, right] = splitEquals(this.args);
    if (left === '') {
      this.msg('Usage: dig <room>[;alias…] [= <exit>[;alias…][, <back exit>[;alias…]]]');
      return;
    }
    const spec = parseNameSpec(left, true);
    if (typeof spec === 'string') return this.msg(spec);
    const exits = right === null || right === '' ? null : parseExits(right);
    if (typeof exits === 'string') return this.msg(exits);
    const here = this.me.location;
    if (exits !== null && here === null) {
      this.msg('You are nowhere, so no exits can lead here; dig without "=".');
      return;
    }
    if (!this.typeclassesExist([spec, exits?.there ?? null, exits?.back ?? null])) return;
    const room = await this.makeRoom(spec);
    if (room === null) return;
    if (exits !== null && here !== null) {
      await this.makeExit(exits.there, here, room);
      if (exits.back !== null) await this.makeExit(exits.back, room, here);
    }
    if (this.switches.includes('teleport') || this.switches.includes('tel')) {
      await moveAndLook(this.me, room);
    }
  }
}

export class CmdOpen extends ExitMaker {
  override key = 'open';
  override help = `
    Make an exit from here to a room that exists (and optionally one back).

    Usage:
      open <exit>[;alias…][:typeclass][, <back exit>[;alias…]] = <room or #id>

    Example:
      open east;e, west;w = #12
  `;

  async func(): Promise<void> {
    const [left, right] = splitEquals(this.args);
    if (left === '' || right === null || right === '') {
      this.msg('Usage: open <exit>[;alias…][, <back exit>[;alias…]] = <room or #id>');
      return;
    }
    const exits = parseExits(left);
    if (typeof exits === 'string') return this.msg(exits);
    const here = this.me.location;
    if (here === null) {
      this.msg('You are nowhere; there is nothing to open an exit from.');
      return;
    }
    if (!this.typeclassesExist([exits.there, exits.back])) return;
    const target = this.find(right);
    if (target === null) return;
    if (target.location !== null) {
      this.msg(`${target.getDisplayName(null)} is not a room (it is inside something).`);
      return;
    }
    const made = await this.makeExit(exits.there, here, target);
    if (made !== null && exits.back !== null) await this.makeExit(exits.back, target, here);
  }
}
