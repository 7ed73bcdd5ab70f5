import { describe, expect, it } from 'vitest';
import { readyLine, type ReadyLineConfig } from './ready-line.ts';

const config: ReadyLineConfig = {
  serverName: 'Waystone Demo',
  telnetInterface: '0.0.0.0',
  webInterface: '0.0.0.0',
  telnetTlsInterface: '0.0.0.0',
  sshInterface: '0.0.0.0',
};

describe('readyLine', () => {
  it('names the bound ports, reached on loopback when listening everywhere', () => {
    expect(readyLine(config, { link: 4006, telnet: 4000, web: 4001 })).toBe(
      'Waystone Demo is ready: telnet 127.0.0.1 4000 · http://127.0.0.1:4001',
    );
  });

  it('adds telnet over TLS and SSH when they listen, on their own interfaces', () => {
    const line = readyLine(
      { ...config, telnetTlsInterface: '192.0.2.7', sshInterface: '::' },
      { telnet: 4000, web: 4001, telnetTls: 4003, ssh: 4004 },
    );
    expect(line).toBe(
      'Waystone Demo is ready: telnet 127.0.0.1 4000 · http://127.0.0.1:4001 · ' +
        'telnet over TLS 192.0.2.7 4003 · ssh -p 4004 ::1',
    );
  });

  it('brackets an IPv6 address in the web URL', () => {
    expect(readyLine({ ...config, webInterface: '::1' }, { web: 4001 })).toBe(
      'Waystone Demo is ready: http://[::1]:4001',
    );
  });

  it('says so when no player port is enabled', () => {
    expect(readyLine(config, { link: 4006 })).toBe(
      'Waystone Demo is ready: no player ports are enabled',
    );
  });
});
