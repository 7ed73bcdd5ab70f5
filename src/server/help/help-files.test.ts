import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isWaystoneError } from '../../shared/errors.ts';
import { HelpEntryRegistry } from '../commands/help-entries.ts';
import { createLockFuncRegistry } from '../locks/builtin-lock-funcs.ts';
import { loadHelpFiles, parseHelpFile } from './help-files.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function gameWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'waystone-help-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'help'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'help', name), text);
  return dir;
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isWaystoneError(err, 'HELP_FILE_INVALID')) return err.message;
    throw err;
  }
  throw new Error('expected HELP_FILE_INVALID');
}

describe('help files', () => {
  it('reads front matter (key, category, aliases, locks) and keeps the text as written', () => {
    expect(
      parseHelpFile(
        [
          '---',
          'key: The Gods',
          'category: "Lore"',
          'aliases: [gods, "pantheon"]',
          'locks: view:all()',
          '---',
          '',
          'In the |ybeginning|n…',
          '',
          '  there was dark.',
          '',
        ].join('\n'),
        '/g/help/gods.md',
      ),
    ).toEqual({
      key: 'The Gods',
      category: 'Lore',
      aliases: ['gods', 'pantheon'],
      locks: 'view:all()',
      text: 'In the |ybeginning|n…\n\n  there was dark.',
    });
  });

  it('takes the topic from the file name when there is no front matter', () => {
    expect(parseHelpFile('Be kind.\r\n', '/g/help/rules.md')).toEqual({
      key: 'rules',
      aliases: [],
      text: 'Be kind.',
    });
  });

  it('names the file and line of what it cannot read', () => {
    expect(failure(() => parseHelpFile('---\nkey: x\nBe kind.', '/g/help/a.md'))).toBe(
      '/g/help/a.md:1: the front matter opened with --- is never closed.',
    );
    expect(failure(() => parseHelpFile('---\ncolour: red\n---\nx', '/g/help/a.md'))).toMatch(
      /^\/g\/help\/a.md:2: unknown field 'colour'/,
    );
    expect(failure(() => parseHelpFile('---\njust words\n---\nx', '/g/help/a.md'))).toMatch(
      /:2: 'just words' is not 'name: value'/,
    );
    expect(failure(() => parseHelpFile('---\nkey: x\n---\n\n', '/g/help/a.md'))).toMatch(
      /has no help text/,
    );
  });

  it("loads a game's help folder into the registry as file entries; a bad lock stops it", () => {
    const lockFuncs = createLockFuncRegistry();
    const registry = new HelpEntryRegistry(lockFuncs);
    const dir = gameWith({
      'rules.md': '---\ncategory: Policy\n---\nBe kind.',
      'notes.txt': 'Plain text works too.',
      'ignored.json': '{}',
    });
    expect(loadHelpFiles(dir, registry)).toBe(2);
    expect(registry.find('rules')).toMatchObject({ category: 'Policy', source: 'file' });
    expect(registry.find('notes')?.text).toBe('Plain text works too.');
    expect(registry.find('ignored')).toBeUndefined();

    const bad = gameWith({ 'x.md': '---\nlocks: view:perm(\n---\nx' });
    expect(failure(() => loadHelpFiles(bad, new HelpEntryRegistry(lockFuncs)))).toMatch(/x\.md: /);
    const big = gameWith({ 'big.md': 'x'.repeat(70_000) });
    expect(failure(() => loadHelpFiles(big, new HelpEntryRegistry(lockFuncs)))).toMatch(
      /larger than 65536 bytes/,
    );
  });

  it('reads nothing, and fails nothing, for a game without a help folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystone-help-'));
    dirs.push(dir);
    expect(loadHelpFiles(dir, new HelpEntryRegistry(createLockFuncRegistry()))).toBe(0);
  });
});
