/**
 * `help` (`h`, `?`): the topics the caller can use, grouped by category, built from the
 * commands' own help text (`autoHelp`) in the caller's merged cmdset — so it lists exactly what
 * the caller passes the `cmd` lock for, whatever sets are merged — plus a game's extra entries.
 * `help <topic>` shows one topic, or close matches.
 */
import { Command } from '../command.ts';
import type { HelpEntry, HelpEntryRegistry } from '../help-entries.ts';
import { suggestNames } from '../suggest.ts';

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
      help            list the topics you can use
      help <topic>    read about one command or topic
  `;

  constructor(private readonly entries: HelpEntryRegistry | null = null) {
    super();
  }

  func(): void {
    const topics = this.topics();
    const wanted = this.args.trim().toLowerCase();
    this.msg(wanted === '' ? formatIndex(topics) : formatTopic(wanted, this.args.trim(), topics));
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

function formatIndex(topics: readonly Topic[]): string {
  if (topics.length === 0) return 'There is no help available to you.';
  const byCategory = new Map<string, string[]>();
  for (const topic of topics) {
    const label = capitalize(topic.category);
    const list = byCategory.get(label) ?? [];
    list.push(topic.key);
    byCategory.set(label, list);
  }
  const lines = [...byCategory]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([category, keys]) => `${category}: ${keys.sort((a, b) => a.localeCompare(b)).join(', ')}`,
    );
  return ["Help topics (type 'help <topic>' to read one):", ...lines].join('\n');
}

function formatTopic(wanted: string, typed: string, topics: readonly Topic[]): string {
  const topic = topics.find((t) => t.names.includes(wanted));
  if (topic === undefined) {
    const close = suggestNames(
      wanted,
      topics.flatMap((t) => [t.key]),
    );
    return close.length > 0
      ? `No help found for '${typed}'. Maybe you meant ${close.map((c) => `'${c}'`).join(', ')}?`
      : `No help found for '${typed}'.`;
  }
  const aliases = topic.aliases.length > 0 ? ` (aliases: ${topic.aliases.join(', ')})` : '';
  const text = dedent(topic.text);
  return [
    `Help for ${topic.key}${aliases} [${capitalize(topic.category)}]`,
    text === '' ? 'No help text has been written for this yet.' : text,
  ].join('\n');
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
