import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGameCode } from './compile.ts';

function game(files: Record<string, string>): { dir: string; sources: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'waystone-compile-'));
  const sources: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
    if (/\.[mc]?[jt]s$/.test(name)) sources.push(join(dir, name));
  }
  return { dir, sources };
}

describe('compileGameCode', () => {
  it("compiles each file on its own, pointing the game's imports at their compiled twins", async () => {
    const { dir, sources } = game({
      'game.ts': [
        "import { a } from './world/a.ts';",
        "import { b } from './world/b.js';",
        "import data from './data.json' with { type: 'json' };",
        "import { Command } from 'waystone';",
        'export const here: string = import.meta.url;',
        'export default () => [a, b, data, Command];',
      ].join('\n'),
      'world/a.ts': 'export const a: number = 1;',
      'world/b.ts': 'export const b = import.meta.dirname;',
      'data.json': '{"x": 1}',
    });
    const out = join(dir, 'out');
    await compileGameCode({ gameDir: dir, sources, outDir: out });
    const main = readFileSync(join(out, 'game.mjs'), 'utf8');
    expect(main).toContain('"./world/a.mjs"');
    expect(main).toContain('"./world/b.mjs"');
    // Not code: imported from where it lies.
    expect(main).toContain(JSON.stringify(pathToFileURL(join(dir, 'data.json')).href));
    expect(main).toContain('"waystone"');
    // import.meta names the source, not the compiled file.
    expect(main).toContain(JSON.stringify(pathToFileURL(join(dir, 'game.ts')).href));
    expect(readFileSync(join(out, 'world', 'b.mjs'), 'utf8')).toContain(
      JSON.stringify(join(dir, 'world')),
    );
    expect(main).not.toContain(': string');
    expect(readdirSync(join(out, 'world')).sort()).toEqual([
      'a.mjs',
      'a.mjs.map',
      'b.mjs',
      'b.mjs.map',
    ]);
  });

  it('a standalone file has the game files it imports bundled in, and nothing else', async () => {
    const { dir, sources } = game({
      'settings.ts': "import { port } from './ports.ts';\nexport default { telnetPort: port };",
      'ports.ts': 'export const port = 4100;',
      'game.ts': 'this is not valid code (',
    });
    const out = join(dir, 'out');
    await compileGameCode({ gameDir: dir, sources, outDir: out, standalone: sources[0]! });
    expect(readdirSync(out).sort()).toEqual(['settings.mjs', 'settings.mjs.map']);
    const mod = (await import(pathToFileURL(join(out, 'settings.mjs')).href)) as {
      default: unknown;
    };
    expect(mod.default).toEqual({ telnetPort: 4100 });
  });

  it('reports an error as file:line:column with the absolute path', async () => {
    const { dir, sources } = game({ 'game.ts': 'const a = 1;\nexport default (;\n' });
    const failed = compileGameCode({ gameDir: dir, sources, outDir: join(dir, 'out') });
    await expect(failed).rejects.toThrow(
      new RegExp(`^${join(dir, 'game.ts').replace(/[.]/g, '\\.')}:2:\\d+: ERROR: `),
    );
  });
});
