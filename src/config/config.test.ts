import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig, loadConfig } from './load.ts';
import { envNameFor } from './env.ts';
import { DEFAULT_SETTINGS } from './defaults.ts';
import { isWaystoneError } from '../shared/errors.ts';

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(isWaystoneError(err, 'CONFIG_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

describe('config', () => {
  it('names environment variables in upper snake case', () => {
    expect(envNameFor('telnetPort')).toBe('WAYSTONE_TELNET_PORT');
    expect(envNameFor('linkMaxFrameBytes')).toBe('WAYSTONE_LINK_MAX_FRAME_BYTES');
  });

  it('layers defaults, the settings file and the environment, and freezes the result', () => {
    const { config } = buildConfig(
      '/tmp/g',
      { serverName: 'Mine', telnetPort: 5000 },
      {
        WAYSTONE_TELNET_PORT: '4100',
        WAYSTONE_WEB_ENABLED: 'false',
      },
    );
    expect(config.serverName).toBe('Mine');
    expect(config.telnetPort).toBe(4100);
    expect(config.webEnabled).toBe(false);
    expect(config.linkPort).toBe(DEFAULT_SETTINGS.linkPort);
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { telnetPort: number }).telnetPort = 1;
    }).toThrow();
  });

  it('refuses a bad environment value with a message naming the setting and the variable', () => {
    const msg = configError(() => buildConfig('/tmp/g', {}, { WAYSTONE_LINK_PORT: 'abc' }));
    expect(msg).toContain('linkPort');
    expect(msg).toContain('WAYSTONE_LINK_PORT');
    const range = configError(() => buildConfig('/tmp/g', {}, { WAYSTONE_TELNET_PORT: '70000' }));
    expect(range).toContain('telnetPort');
    expect(range).toContain('WAYSTONE_TELNET_PORT');
    const bool = configError(() => buildConfig('/tmp/g', {}, { WAYSTONE_TELNET_ENABLED: 'maybe' }));
    expect(bool).toContain('telnetEnabled');
  });

  it("takes 'auto' or a value for the multisession settings, from the environment too", () => {
    const { config } = buildConfig(
      '/tmp/g',
      { multisessionMode: 2 },
      {
        WAYSTONE_AUTO_PUPPET_ON_LOGIN: 'yes',
        WAYSTONE_MAX_NR_CHARACTERS: '3',
        WAYSTONE_MAX_NR_SIMULTANEOUS_PUPPETS: 'auto',
      },
    );
    expect(config.multisessionMode).toBe(2);
    expect(config.autoPuppetOnLogin).toBe(true);
    expect(config.maxNrCharacters).toBe(3);
    expect(config.maxNrSimultaneousPuppets).toBe('auto');
    expect(config.autoCreateCharacterWithAccount).toBe('auto');
    expect(
      configError(() => buildConfig('/tmp/g', {}, { WAYSTONE_MULTISESSION_MODE: '4' })),
    ).toContain('multisessionMode');
    expect(
      configError(() => buildConfig('/tmp/g', {}, { WAYSTONE_MAX_NR_CHARACTERS: 'many' })),
    ).toContain('WAYSTONE_MAX_NR_CHARACTERS');
  });

  it('refuses unknown and mistyped keys in the settings file', () => {
    expect(configError(() => buildConfig('/tmp/g', { telnetPrt: 1 }, {}))).toContain('telnetPrt');
    expect(configError(() => buildConfig('/tmp/g', { telnetPort: '4000' }, {}))).toContain(
      'telnetPort (from settings.ts)',
    );
  });

  it('requires a secret when the link leaves loopback', () => {
    expect(configError(() => buildConfig('/tmp/g', { linkInterface: '0.0.0.0' }, {}))).toContain(
      'linkSecret',
    );
    expect(
      buildConfig('/tmp/g', { linkInterface: '0.0.0.0', linkSecret: 's3cret' }, {}).config
        .linkSecret,
    ).toBe('s3cret');
  });

  it('reports WAYSTONE_* variables that match no setting', () => {
    const { warnings } = buildConfig('/tmp/g', {}, { WAYSTONE_TELNET_PRT: '1' });
    expect(warnings.join()).toContain('WAYSTONE_TELNET_PRT');
  });

  it('loads a game settings.ts file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-config-'));
    writeFileSync(
      join(dir, 'settings.ts'),
      "const s: { serverName: string } = { serverName: 'From File' };\nexport default s;\n",
    );
    const { config } = await loadConfig(dir, {});
    expect(config.serverName).toBe('From File');
    expect(config.gameDir).toBe(dir);
  });
});

describe('config lists and database URL', () => {
  it('reads lists from the environment comma-separated', () => {
    const { config } = buildConfig('/tmp/g', {}, { WAYSTONE_GUEST_NAMES: 'Ann, Bob,,Cy' });
    expect(config.guestNames).toEqual(['Ann', 'Bob', 'Cy']);
  });

  it('accepts only an empty databaseUrl or a postgres:// URL', () => {
    expect(
      buildConfig('/tmp/g', {}, { WAYSTONE_DATABASE_URL: 'postgres://u@127.0.0.1:5432/g' }).config
        .databaseUrl,
    ).toBe('postgres://u@127.0.0.1:5432/g');
    expect(() => buildConfig('/tmp/g', {}, { WAYSTONE_DATABASE_URL: 'mysql://x' })).toThrow(
      /databaseUrl/,
    );
  });
});
