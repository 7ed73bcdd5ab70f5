/**
 * `waystone init` without a subprocess: the new game's name, its template files and the links
 * to this installation, and the port check that follows.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConfig, loadConfig } from '../../config/load.ts';
import { readGameIdentity } from '../../shared/game-identity.ts';
import { PACKAGE_ROOT, TEMPLATE_DIR } from '../install.ts';
import { initGame, initMessage, listeningPorts, tryBind } from './init.ts';

const temp = mkdtempSync(join(tmpdir(), 'waystone-init-unit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('initGame', () => {
  it("names the game after its directory, quotes and all, in the new game's settings", async () => {
    const target = initGame(join(temp, `Bob's "Tavern"`));
    const { config } = await loadConfig(target, {});
    expect(config.serverName).toBe(`Bob's "Tavern"`);
    expect(initMessage(`my games/Bob's "Tavern"`, target)).toContain(
      `cd 'my games/Bob'\\''s "Tavern"' && npm test`,
    );
  });

  it('copies .gitignore and tsconfig.json and gives the game an npm test', () => {
    const target = initGame(join(temp, 'copied'));
    expect(readFileSync(join(target, '.gitignore'), 'utf8')).toMatch(/^game\.sqlite3\*$/m);
    expect(existsSync(join(target, 'gitignore'))).toBe(false);
    expect(readFileSync(join(target, 'tsconfig.json'), 'utf8')).toContain('"strict": true');
    const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ type: 'module', scripts: { test: 'waystone test' } });
  });

  it("gives every new game an id of its own, never the template's", () => {
    const a = readGameIdentity(initGame(join(temp, 'first')));
    const b = readGameIdentity(initGame(join(temp, 'second')));
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.id).not.toBe(readGameIdentity(TEMPLATE_DIR).id);
  });

  it('outside a project, links what npm would have installed: waystone, its command, vitest, node types', () => {
    const modules = join(initGame(join(temp, 'linked')), 'node_modules');
    expect(realpathSync(join(modules, 'waystone'))).toBe(realpathSync(PACKAGE_ROOT));
    expect(realpathSync(join(modules, '.bin', 'waystone'))).toBe(
      realpathSync(join(PACKAGE_ROOT, 'bin', 'waystone.js')),
    );
    expect(existsSync(join(modules, 'vitest', 'package.json'))).toBe(true);
    expect(existsSync(join(modules, '@types', 'node', 'package.json'))).toBe(true);
  });
});

describe('the port check after init', () => {
  it('lists the ports a game listens on by its settings, without disabled or OS-chosen ones', () => {
    const ports = (settings: Record<string, unknown>) =>
      listeningPorts(buildConfig(temp, settings, {}).config);
    expect(ports({})).toEqual([
      { setting: 'telnetPort', port: 4000 },
      { setting: 'webPort', port: 4001 },
      { setting: 'linkPort', port: 4006 },
    ]);
    expect(ports({ webEnabled: false, linkPort: 0, sshEnabled: true })).toEqual([
      { setting: 'telnetPort', port: 4000 },
      { setting: 'sshPort', port: 4004 },
    ]);
  });

  it('finds a port another program holds, and a free one free', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    expect(await tryBind(port)).toBe('EADDRINUSE');
    await new Promise((resolve) => holder.close(resolve));
    expect(await tryBind(port)).toBeNull();
  });
});
