/**
 * `help` (`h`, `?`): the topics the caller can use, grouped by category, built from the
 * commands' own help text (`autoHelp`) in the caller's merged cmdset — so it lists exactly what
 * the caller passes the `cmd` lock for, whatever sets are merged — plus a game's extra entries.
 * `help <topic>` shows one topic; `help <category>` (`help building`) lists that category's
 * topics with the first sentence of each; anything else gets close matches.
 *
 * Which topic a name means, when several have it: a command's own help, then an entry written
 * in game (`sethelp`), then the game's entries from its code and help files (help-entries.ts).
 * Help text is builder and game text, so its colour markup renders; titles are highlighted.
 */
import { Command } from '../command.ts';
import type { HelpEntry, HelpEntryRegistry } from '../help-entries.ts';
import { suggestNames } from '../suggest.ts';
import type { TableSpec } from '../../text-ui/table.ts';

interface Topic {
  readonly key: string;
  readonly names: readonly string[];
  readonly aliases: readonly string[];
  readonly category: string;
  readonly text: string;
}

export class CmdHelp extends Command {
  override key = 'help';
  override aliases = ['h', '?'];
  override helpCategory = 'General';
  override help = `
    View help.

    Usage:
      help               list the topics you can use
      help <topic>       read about one command or topic
      help <category>    list the topics of one category (e.g. help general)
  `;

  constructor(private readonly entries: HelpEntryRegistry | null = null) {
    super();
  }

  func(): void {
    const topics = this.topics();
    const wanted = this.args.trim().toLowerCase();
    // A long topic comes a page at a time on a client that is paged (as Evennia's help does).
    this.msgPaged(
      wanted === ''
        ? formatIndex(topics, (spec) => this.table(spec))
        : formatTopic(wanted, this.args.trim(), topics),
    );
  }

  private topics(): Topic[] {
    const topics: Topic[] = [];
    const seen = new Set<string>();
    for (const cmd of this.cmdset.commands) {
      if (
        !cmd.autoHelp ||
        !cmd.access(this.subject, 'cmd') ||
        !cmd.access(this.subject, 'view', true)
      ) {
        continue;
      }
      const key = cmd.key.toLowerCase();
      if (seen.has(key)) continue; // duplicates from several objects: one topic
      seen.add(key);
      topics.push({
        key: cmd.key,
        names: cmd.matchNames,
        aliases: cmd.aliases,
        category: cmd.helpCategory,
        text: cmd.helpText(),
      });
    }
    for (const entry of this.entries?.visibleTo(this.subject) ?? []) {
      if (seen.has(entry.key.toLowerCase())) continue;
      topics.push(entryTopic(entry));
    }
    return topics;
  }
}

function entryTopic(entry: HelpEntry): Topic {
  return {
    key: entry.key,
    names: [entry.key, ...entry.aliases].map((n) => n.toLowerCase()),
    aliases: entry.aliases,
    category: entry.category,
    text: entry.text,
  };
}

/**
 * The index: a table of categories and their topics, fitted to the client (long lists wrap in
 * their column); a screen reader hears "Category: General; Topics: help, look, …".
 */
function formatIndex(topics: readonly Topic[], table: (spec: TableSpec) => string): string {
  if (topics.length === 0) return 'There is no help available to you.';
  const byCategory = new Map<string, string[]>();
  for (const topic of topics) {
    const label = capitalize(topic.category);
    const list = byCategory.get(label) ?? [];
    list.push(topic.key);
    byCategory.set(label, list);
  }
  const rows = [...byCategory]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, keys]) => [category, keys.sort((a, b) => a.localeCompare(b)).join(', ')]);
  const index = table({ columns: ['Category', 'Topics'], rows, headerRow: false });
  return `${TITLE}Help topics|n (type 'help <topic>' to read one):\n${index}`;
}

function formatTopic(wanted: string, typed: string, topics: readonly Topic[]): string {
  const topic = topics.find((t) => t.names.includes(wanted));
  if (topic === undefined) {
    // A topic's own name wins over a category of the same name.
    const inCategory = topics.filter((t) => capitalize(t.category).toLowerCase() === wanted);
    if (inCategory.length > 0) return formatCategory(inCategory);
    const categories = new Set(topics.map((t) => capitalize(t.category)));
    const close = suggestNames(wanted, [...topics.map((t) => t.key), ...categories]);
    return close.length > 0
      ? `No help found for '${typed}'. Maybe you meant ${close.map((c) => `'${c}'`).join(', ')}?`
      : `No help found for '${typed}'.`;
  }
  const aliases = topic.aliases.length > 0 ? ` (aliases: ${topic.aliases.join(', ')})` : '';
  const text = dedent(topic.text);
  return [
    `${TITLE}Help for ${topic.key}|n${aliases} [${capitalize(topic.category)}]`,
    text === '' ? 'No help text has been written for this yet.' : text,
  ].join('\n');
}

/** One category's topics, a line each: its name and the first sentence of its help. */
function formatCategory(topics: readonly Topic[]): string {
  const sorted = [...topics].sort((a, b) => a.key.localeCompare(b.key));
  const width = Math.max(...sorted.map((t) => t.key.length));
  // Each line fits the usual 78 columns: two spaces, the name, two spaces, the summary.
  const room = Math.max(20, LINE_WIDTH - width - 4);
  const lines = sorted.map((t) => {
    const summary = shorten(firstSentence(t.text), room);
    return summary === '' ? `  ${t.key}` : `  ${t.key.padEnd(width)}  ${summary}`;
  });
  const category = capitalize((topics[0] as Topic).category);
  return [`${TITLE}Help topics in ${category}|n (type 'help <topic>' to read one):`, ...lines].join(
    '\n',
  );
}

/** Titles stand out (bright white); the rest is the topic's own text, with its own colours. */
const TITLE = '|w';

/** The width `help <category>` keeps its lines within (a classic terminal's 80, less a margin). */
const LINE_WIDTH = 78;

/** The first sentence of the first paragraph, on one line. */
function firstSentence(text: string): string {
  const paragraph = dedent(text).split(/\n\s*\n/, 1)[0] ?? '';
  const line = paragraph.replace(/\s+/g, ' ').trim();
  const end = /[.!?](?:\s|$)/.exec(line);
  return end === null ? line : line.slice(0, end.index + 1);
}

/** At most `max` characters, cut at a word with an ellipsis when it is longer. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(]+$/, '')}…`;
}

/** Template-literal help text loses its common indentation and blank edges. */
export function dedent(text: string): string {
  const lines = text.replace(/\t/g, '    ').split('\n');
  while (lines.length > 0 && (lines[0] as string).trim() === '') lines.shift();
  while (lines.length > 0 && (lines[lines.length - 1] as string).trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut).trimEnd()).join('\n');
}

function capitalize(text: string): string {
  return text === '' ? 'General' : (text[0] as string).toUpperCase() + text.slice(1);
}
