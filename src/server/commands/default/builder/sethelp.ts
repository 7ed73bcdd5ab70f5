/**
 * `sethelp` (Evennia's): write help entries in game, kept in the database (help-entries.ts).
 * An entry written in game shows instead of the game's own entry of the same name (from its
 * code or its help files), and changing one of those with a switch copies it into the
 * database first; a command's own help still wins over both, so writing one for a command's
 * name says so. The text is builder text: colour markup renders, `|/` is a line break.
 */
import { neutralise } from '../../../../shared/markup/index.ts';
import { isWaystoneError } from '../../../../shared/errors.ts';
import type { HelpEntry, HelpEntryInput } from '../../../commands/help-entries.ts';
import { BuilderCommand } from './builder-command.ts';
import { splitEquals } from './names.ts';
import { editHelpEntry } from '../../../editor/default-editors.ts';
import type { EditorSession } from '../../../editor/line-editor.ts';

const SWITCHES = [
  'append',
  'category',
  'alias',
  'aliases',
  'lock',
  'locks',
  'delete',
  'del',
  'replace',
  'edit',
];

export class CmdSetHelp extends BuilderCommand {
  override key = 'sethelp';
  override help = `
    Write help entries: topics beyond the commands' own help (lore, rules, guides).

    Usage:
      sethelp <topic>[;alias;alias][,category[,locks]] = <text>
      sethelp/append <topic> = <more text>
      sethelp/category <topic> = <category>
      sethelp/alias <topic> = <alias>[, <alias>…]     (nothing after = clears them)
      sethelp/locks <topic> [= <lockstring>]         show or set, e.g. view:perm(Builder)
      sethelp/delete <topic>
      sethelp/edit <topic>                           write the text in the line editor

    The text may use colours (||g…||n) and ||/ for a line break. Writing a topic again
    rewrites its text and keeps its category, aliases and locks unless you give new ones.
    'help <category>' lists a category's topics.

    A topic written here shows instead of the game's own entry of that name; deleting it
    brings the game's back. A command's own help shows before any entry of its name.
  `;

  func(): void {
    const switches = this.switches.map((s) => s.toLowerCase());
    const unknown = switches.find((s) => !SWITCHES.includes(s));
    if (unknown !== undefined) {
      this.msg(
        `Unknown switch /${neutralise(unknown)}. Switches: /append, /category, /alias, /locks, /delete, /edit.`,
      );
      return;
    }
    const [left, right] = splitEquals(this.args);
    if (left === '') {
      this.msg('Usage: sethelp <topic>[;aliases][,category[,locks]] = <text>  (see help sethelp)');
      return;
    }
    const help = this.services.help;
    const [spec = '', category, ...lockParts] = left.split(',').map((p) => p.trim());
    const [topic = '', ...aliases] = spec.split(';').map((p) => p.trim());
    const current = help.getStored(topic) ?? help.find(topic);
    const name = `'${neutralise(current?.key ?? topic)}'`;

    if (switches.includes('delete') || switches.includes('del')) {
      const stored = current?.source === 'database' ? current : undefined;
      if (stored === undefined) {
        this.msg(
          current === undefined
            ? `There is no help entry ${name}.`
            : `${name} is the game's own entry (from its ${current.source === 'file' ? 'help files' : 'code'}); it cannot be deleted in game.`,
        );
        return;
      }
      help.deleteStored(stored.key);
      const shipped = help.find(stored.key);
      this.msg(
        `Deleted help entry ${name}.` +
          (shipped === undefined ? '' : " The game's own entry of that name shows again."),
      );
      return;
    }

    if (switches.includes('edit')) {
      // Line by line (":h" there); saved with ":w", keeping the entry's category and aliases.
      if (this.session === null) this.msg('The line editor needs a player at the keyboard.');
      else editHelpEntry(this.services, this.session as EditorSession, topic);
      return;
    }

    const change = this.change(switches, current, right);
    if (typeof change === 'string') {
      this.msg(change);
      return;
    }
    if (change === null) return;
    const input: HelpEntryInput = {
      key: current?.key ?? topic,
      text: current?.text ?? '',
      category: current?.category ?? '',
      aliases: current?.aliases ?? [],
      locks: current?.locks.toString() ?? '',
      ...change,
      ...(aliases.length > 0 ? { aliases } : {}),
      ...(category !== undefined && category !== '' ? { category } : {}),
      ...(lockParts.length > 0 ? { locks: lockParts.join(',') } : {}),
    };
    let entry: HelpEntry;
    try {
      entry = help.setStored(input);
    } catch (err) {
      if (isWaystoneError(err, 'HELP_ENTRY_INVALID') || isWaystoneError(err, 'LOCK_INVALID')) {
        this.msg(neutralise(err.message));
        return;
      }
      throw err;
    }
    const what = current === undefined || current.source !== 'database' ? 'created' : 'updated';
    this.msg(
      `Help entry '${neutralise(entry.key)}' ${what} (category ${neutralise(entry.category)}` +
        `${entry.aliases.length > 0 ? `; aliases ${neutralise(entry.aliases.join(', '))}` : ''}).`,
    );
    if (current !== undefined && current.source !== 'database') {
      this.msg(
        `It shows instead of the game's own entry of that name; sethelp/delete ${neutralise(entry.key)} brings that back.`,
      );
    }
    const command = this.cmdset.commands.find((c) =>
      [entry.key, ...entry.aliases].some((n) => c.matchNames.includes(n.toLowerCase())),
    );
    if (command !== undefined) {
      this.msg(
        `Note: '${neutralise(command.key)}' is also a command; whoever can use it sees the command's own help under that name.`,
      );
    }
  }

  /** What the switches change, a message to show instead, or null when shown already. */
  private change(
    switches: readonly string[],
    current: HelpEntry | undefined,
    right: string | null,
  ): Partial<HelpEntryInput> | string | null {
    const text = (right ?? '').replaceAll('|/', '\n');
    const needCurrent = (what: string) =>
      current === undefined
        ? `There is no help entry '${what}'; write it first with sethelp <topic> = <text>.`
        : null;
    if (switches.includes('append')) {
      const missing = needCurrent('that');
      if (missing !== null) return missing;
      if (text.trim() === '') return 'Usage: sethelp/append <topic> = <more text>';
      return { text: `${current?.text ?? ''}\n${text}` };
    }
    if (switches.includes('category')) {
      const missing = needCurrent('that');
      if (missing !== null) return missing;
      if (text.trim() === '') return 'Usage: sethelp/category <topic> = <category>';
      return { category: text.trim() };
    }
    if (switches.includes('alias') || switches.includes('aliases')) {
      const missing = needCurrent('that');
      if (missing !== null) return missing;
      if (right === null) return 'Usage: sethelp/alias <topic> = <alias>[, <alias>…]';
      return {
        aliases: right
          .split(/[,;]/)
          .map((a) => a.trim())
          .filter((a) => a !== ''),
      };
    }
    if (switches.includes('lock') || switches.includes('locks')) {
      const missing = needCurrent('that');
      if (missing !== null) return missing;
      if (right === null) {
        const locks = current?.locks.toString() ?? '';
        this.msg(
          `Locks of help entry '${neutralise(current?.key ?? '')}': ${locks === '' ? 'none (everyone may read it)' : neutralise(locks)}`,
        );
        return null;
      }
      return { locks: right };
    }
    if (right === null) {
      return 'Usage: sethelp <topic>[;aliases][,category[,locks]] = <text>  (see help sethelp)';
    }
    return { text };
  }
}
