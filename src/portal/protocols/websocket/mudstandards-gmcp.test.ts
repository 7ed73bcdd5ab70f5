import { describe, expect, it } from 'vitest';
import { MudstandardsGmcpFormat } from './mudstandards-gmcp.ts';

const format = (): MudstandardsGmcpFormat => new MudstandardsGmcpFormat({ maxLineLength: 20 });

describe('gmcp.mudstandards.org', () => {
  it('reads binary frames as text lines and text frames as GMCP messages', () => {
    expect(format().decode(Buffer.from('who\n'), true)).toEqual([
      { kind: 'call', call: ['text', ['who'], {}] },
    ]);
    expect(format().decode(Buffer.from('Core.Ping'), false)).toEqual([
      { kind: 'call', call: ['ping', [], {}] },
    ]);
    expect(format().decode(Buffer.from('Char.Value.Get {"name":"sessid"}'), false)).toEqual([
      { kind: 'call', call: ['get_value', [], { name: 'sessid' }] },
    ]);
  });

  it('refuses invalid GMCP (bad JSON, a megabyte of name) without throwing', () => {
    expect(format().decode(Buffer.from('Core.Hello {'), false)[0]?.kind).toBe('invalid');
    expect(format().decode(Buffer.from('x'.repeat(1 << 20)), false)[0]?.kind).toBe('invalid');
  });

  it('sends text as binary ANSI and OOB as "Package.Name json" text frames', () => {
    const f = format();
    expect(f.encode(['text', ['hi'], {}])).toEqual([{ data: Buffer.from('hi\r\n'), binary: true }]);
    expect(f.encode(['get_value', [], { name: 'sessid', value: 3 }])).toEqual([
      { data: 'Char.Value.Get {"name":"sessid","value":3}', binary: false },
    ]);
    expect(f.encode(['logged_in', [], {}])).toEqual([{ data: 'Core.LoggedIn', binary: false }]);
  });
});
