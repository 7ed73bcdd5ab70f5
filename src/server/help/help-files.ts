/**
 * Help files shipped in a game directory: every `help/*.md` (or `.txt`) file is one help entry,
 * read when the Server starts (and so at every reload). The file's name is the topic unless the
 * front matter says otherwise; the text is Waystone markup (`|y…|n` colours render), shown as
 * written:
 *
 *   ---
 *   key: The Gods
 *   category: Lore
 *   aliases: gods, pantheon
 *   locks: view:all()
 *   ---
 *   In the |ybeginning|n there was only the dark…
 *
 * Front matter is optional and holds only those four `name: value` lines (aliases comma-
 * separated, or as `[a, b]`). A file that cannot be read as that — an unknown field, an
 * unclosed block, a bad lock, too large — is HELP_FILE_INVALID naming the file and line, and
 * stops the start: a reload with a broken help file keeps the running Server, as with broken
 * game code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { WaystoneError } from '../../shared/errors.ts';
import {
  HELP_LIMITS,
  type HelpEntryInput,
  type HelpEntryRegistry,
} from '../commands/help-entries.ts';

/** The folder in a game directory that holds help files. */
export const HELP_DIR = 'help';

const EXTENSIONS = new Set(['.md', '.txt']);
const FIELDS = new Set(['key', 'category', 'aliases', 'locks']);
/** Bounds, so a stray large file cannot fill the Server's memory. */
export const HELP_FILE_LIMITS = { bytes: 64 * 1024, files: 1000 } as const;

/** Adds the game's help files to `registry` (source 'file'); returns how many there were. */
export function loadHelpFiles(gameDir: string, registry: HelpEntryRegistry): number {
  const entries = readHelpFiles(gameDir);
  for (const { file, ...entry } of entries) {
    try {
      registry.add(entry, 'file');
    } catch (err) {
      throw new WaystoneError('HELP_FILE_INVALID', `${file}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  return entries.length;
}

/** Every help file in `gameDir/help`, parsed, in file-name order; [] when there is no folder. */
export function readHelpFiles(gameDir: string): Array<HelpEntryInput & { file: string }> {
  const dir = join(gameDir, HELP_DIR);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((name) => EXTENSIONS.has(extname(name).toLowerCase()) && !name.startsWith('.'))
    .sort();
  if (files.length > HELP_FILE_LIMITS.files) {
    throw new WaystoneError(
      'HELP_FILE_INVALID',
      `${dir} holds ${files.length} help files; at most ${HELP_FILE_LIMITS.files} are read.`,
    );
  }
  const entries: Array<HelpEntryInput & { file: string }> = [];
  for (const name of files) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    if (statSync(file).size > HELP_FILE_LIMITS.bytes) {
      throw new WaystoneError(
        'HELP_FILE_INVALID',
        `${file} is larger than ${HELP_FILE_LIMITS.bytes} bytes.`,
      );
    }
    entries.push({ ...parseHelpFile(readFileSync(file, 'utf8'), file), file });
  }
  return entries;
}

/** One help file's text as an entry; `file` names it in errors and gives the default topic. */
export function parseHelpFile(source: string, file: string): HelpEntryInput {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fields: Record<string, string> = {};
  let body = lines;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (end === -1) throw invalid(file, 1, 'the front matter opened with --- is never closed');
    for (let i = 1; i < end; i++) {
      const line = lines[i] as string;
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      const m = /^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/.exec(line);
      if (m === null) throw invalid(file, i + 1, `'${line.trim()}' is not 'name: value'`);
      const field = (m[1] as string).toLowerCase();
      if (!FIELDS.has(field)) {
        throw invalid(file, i + 1, `unknown field '${m[1]}' (known: ${[...FIELDS].join(', ')})`);
      }
      fields[field] = unquote(m[2] as string);
    }
    body = lines.slice(end + 1);
  }
  const text = body.join('\n').trim();
  if (text === '') throw invalid(file, lines.length, 'the file has no help text');
  const key = fields['key'] ?? basename(file, extname(file));
  if (key.length > HELP_LIMITS.keyLength) {
    throw invalid(file, 1, `the topic is longer than ${HELP_LIMITS.keyLength} characters`);
  }
  const aliases = (fields['aliases'] ?? '')
    .replace(/^\[(.*)\]$/, '$1')
    .split(',')
    .map((a) => unquote(a.trim()))
    .filter((a) => a !== '');
  return {
    key,
    text,
    aliases,
    ...(fields['category'] === undefined ? {} : { category: fields['category'] }),
    ...(fields['locks'] === undefined ? {} : { locks: fields['locks'] }),
  };
}

function unquote(value: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(value);
  return m === null ? value : (m[1] ?? m[2] ?? '');
}

function invalid(file: string, line: number, why: string): WaystoneError {
  return new WaystoneError('HELP_FILE_INVALID', `${file}:${line}: ${why}.`);
}
