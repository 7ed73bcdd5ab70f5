import { describe, expect, it } from 'vitest';
import {
  callToGmcp,
  formatGmcpText,
  gmcpToCall,
  parseGmcpPayload,
  parseGmcpText,
} from './gmcp-message.ts';

describe('GMCP messages', () => {
  it('parses package and payload, with or without a payload', () => {
    expect(parseGmcpText('Core.Hello {"client":"x","version":"1"}')).toEqual({
      package: 'Core.Hello',
      data: { client: 'x', version: '1' },
    });
    expect(parseGmcpText('Core.Ping')).toEqual({ package: 'Core.Ping', data: undefined });
    expect(parseGmcpText('Core.Supports.Set ["Char 1"]')).toEqual({
      package: 'Core.Supports.Set',
      data: ['Char 1'],
    });
  });

  it('refuses malformed names and payloads without throwing', () => {
    expect(parseGmcpText('')).toBeTypeOf('string');
    expect(parseGmcpText('{"a":1}')).toBeTypeOf('string');
    expect(parseGmcpText('Core.Hello {nope')).toBe('GMCP payload is not JSON');
    expect(parseGmcpText(`${'a'.repeat(200)} 1`)).toBe('bad GMCP package name');
    expect(parseGmcpPayload('Bad Name', '1')).toBe('bad GMCP package name');
  });

  it('maps payloads onto inputfunc calls', () => {
    expect(gmcpToCall({ package: 'Core.Ping', data: undefined })).toEqual(['ping', [], {}]);
    expect(gmcpToCall({ package: 'Char.Value.Get', data: { name: 'sessid' } })).toEqual([
      'get_value',
      [],
      { name: 'sessid' },
    ]);
    expect(gmcpToCall({ package: 'Core.Supports.Set', data: ['Char 1'] })).toEqual([
      'client_options',
      ['Char 1'],
      {},
    ]);
    expect(gmcpToCall({ package: 'Core.KeepAlive', data: 5 })).toEqual(['idle', [5], {}]);
  });

  it('maps outputfunc calls onto packages and payloads', () => {
    expect(callToGmcp(['ping', [], {}])).toEqual({ package: 'Core.Ping', data: undefined });
    expect(callToGmcp(['ping', ['t1'], {}])).toEqual({ package: 'Core.Ping', data: 't1' });
    expect(callToGmcp(['char_vitals', [1, 2], {}])).toEqual({
      package: 'Char.Vitals',
      data: [1, 2],
    });
    expect(callToGmcp(['get_value', [], { name: 'x', value: 1 }])).toEqual({
      package: 'Char.Value.Get',
      data: { name: 'x', value: 1 },
    });
    expect(callToGmcp(['foo', ['a'], { b: 1 }])).toEqual({
      package: 'Core.Foo',
      data: ['a', { b: 1 }],
    });
    expect(formatGmcpText({ package: 'Core.Ping', data: undefined })).toBe('Core.Ping');
    expect(formatGmcpText({ package: 'Core.Ping', data: 't' })).toBe('Core.Ping "t"');
  });
});
