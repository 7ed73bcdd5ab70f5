/**
 * `copy <object> [= <name>[;aliases][:<location>], …]`: a new object like the original — the
 * same typeclass, attributes (every category), tags, aliases, permissions, locks, stored
 * cmdsets, home and destination — in the original's place unless told. What it holds is not
 * copied. As everything a builder makes, the copy is the builder's to control, edit and
 * delete (ownerLocks over the copied locks); its other locks are the original's.
 */
import type { DefaultObject } from '../../../objects/object.ts';
import { neutralise } from '../../../../shared/markup/index.ts';
import { BuilderCommand, MAX_TARGETS, named, ownerLocks } from './builder-command.ts';
import { parseNameSpec, splitEquals } from './names.ts';
import { plainTags } from './tags.ts';

interface CopySpec {
  readonly key: string;
  readonly aliases: readonly string[] | null;
  /** What the builder typed after `:`, or null for the original's location. */
  readonly location: string | null;
}

/** `name[;alias…][:location]`; a string is the problem. */
function parseCopySpec(text: string): CopySpec | string {
  const colon = text.lastIndexOf(':');
  const namePart = colon === -1 ? text : text.slice(0, colon);
  const location = colon === -1 ? null : text.slice(colon + 1).trim();
  if (location === '') return 'Give a location after ":" (a room, #id, here or me).';
  const spec = parseNameSpec(namePart);
  if (typeof spec === 'string') return spec;
  return { key: spec.key, aliases: spec.aliases.length > 0 ? spec.aliases : null, location };
}

export class CmdCopy extends BuilderCommand {
  override key = 'copy';
  override help = `
    Copy an object: typeclass, attributes, tags, aliases, permissions, locks and stored
    cmdsets (not what it holds). The copy is yours to control.

    Usage:
      copy <object>                                  "<name>_copy", beside the original
      copy <object> = <new name>[;alias…][:<location>][, <another>…]

    Examples:
      copy bell
      copy bell = silver bell;silver:here, tin bell:#12
  `;

  async func(): Promise<void> {
    const [left, right] = splitEquals(this.args);
    if (left === '' || right === '') {
      this.msg('Usage: copy <object> [= <new name>[;alias…][:<location>][, …]]');
      return;
    }
    const specs = (right ?? '').split(',').filter((s) => s.trim() !== '');
    if (specs.length > MAX_TARGETS) {
      this.msg(`At most ${MAX_TARGETS} copies at once.`);
      return;
    }
    const parsed = specs.map(parseCopySpec);
    const problem = parsed.find((p): p is string => typeof p === 'string');
    if (problem !== undefined) return this.msg(neutralise(problem));
    const original = this.find(left);
    if (original === null) return;
    if (!original.locks.check(this.me, 'examine')) {
      this.msg(`You may not examine ${named(original)}, so you cannot copy it.`);
      return;
    }
    const wanted: CopySpec[] =
      parsed.length === 0
        ? [{ key: `${original.key}_copy`, aliases: null, location: null }]
        : (parsed as CopySpec[]);
    for (const spec of wanted) {
      const location = spec.location === null ? original.location : this.find(spec.location);
      if (spec.location !== null && location === null) return;
      const copy = await this.copyOf(original, spec, location);
      if (copy === null) return;
      const where = copy.location === null ? '' : ` in ${named(copy.location)}`;
      this.msg(`Copied ${named(original)} to ${named(copy)}${where}.`);
    }
  }

  private async copyOf(
    original: DefaultObject,
    spec: CopySpec,
    location: DefaultObject | null,
  ): Promise<DefaultObject | null> {
    const { objects } = this.services;
    const copy = await this.attempt(() =>
      objects.create({
        typeclass: original.typeclass,
        key: spec.key,
        aliases: spec.aliases ?? original.aliases.all(),
        location,
        home: original.home,
        destination: original.destination,
        permissions: original.permissions,
        tags: plainTags(original).map((t): [string, string] => [t.tag, t.category]),
        locks: [original.locks.toString(), ownerLocks(this.me)].filter((l) => l !== '').join(';'),
      }),
    );
    if (copy === null) return null;
    // After creation, as Evennia's copy_object: the copied values win over what
    // atObjectCreation set.
    for (const a of original.attributes.all()) copy.attributes.set(a.name, a.value, a.category);
    const [defaultName = '', ...stacked] = original.cmdset.persistentNames();
    if (defaultName !== '') {
      copy.cmdset.addDefault(objects.cmdsets.get(defaultName), { persistent: true });
    }
    for (const name of stacked) copy.cmdset.add(objects.cmdsets.get(name), { persistent: true });
    return copy;
  }
}
