import { describe, expect, it } from 'vitest';
import { csessidFromUrl } from './client-session-id.ts';
import { chooseSubprotocol, createWireFormat, SUBPROTOCOL_PREFERENCE } from './subprotocols.ts';

describe('subprotocol negotiation (RFC 6455)', () => {
  it("picks by the server's preference, whatever the client's order", () => {
    expect(chooseSubprotocol(new Set(['telnet.mudstandards.org', 'gmcp.mudstandards.org']))).toBe(
      'gmcp.mudstandards.org',
    );
    expect(chooseSubprotocol(new Set(['x', 'terminal.mudstandards.org']))).toBe(
      'terminal.mudstandards.org',
    );
    for (const name of SUBPROTOCOL_PREFERENCE)
      expect(chooseSubprotocol(new Set([name]))).toBe(name);
  });

  it("answers none for no or unknown subprotocols, which means Evennia's format", () => {
    expect(chooseSubprotocol(new Set())).toBe(false);
    expect(chooseSubprotocol(new Set(['v10.stomp', 'JSON.MUDSTANDARDS.ORG']))).toBe(false);
    expect(createWireFormat('', { maxLineLength: 10 }).protocolKey).toBe('websocket');
    expect(createWireFormat('gmcp.mudstandards.org', { maxLineLength: 10 }).protocolKey).toBe(
      'websocket/gmcp',
    );
  });
});

describe('client session ids', () => {
  it('reads a well-formed csessid from the query, and nothing when absent', () => {
    expect(csessidFromUrl('/ws?csessid=0123456789abcdef0123')).toEqual({
      csessid: '0123456789abcdef0123',
    });
    expect(csessidFromUrl('/ws')).toEqual({ csessid: null });
    expect(csessidFromUrl(undefined)).toEqual({ csessid: null });
  });

  it('refuses short or strange ids rather than not resuming silently', () => {
    expect(csessidFromUrl('/ws?csessid=short')).toBeTypeOf('string');
    expect(csessidFromUrl(`/ws?csessid=${'a'.repeat(129)}`)).toBeTypeOf('string');
    expect(csessidFromUrl('/ws?csessid=0123456789abcdef%20%20')).toBeTypeOf('string');
  });
});
