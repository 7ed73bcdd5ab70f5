import { describe, expect, it } from 'vitest';
import { MudstandardsJsonFormat } from './mudstandards-json.ts';

const format = (): MudstandardsJsonFormat => new MudstandardsJsonFormat({ maxLineLength: 20 });
const envelope = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('json.mudstandards.org', () => {
  it('reads binary frames as text lines, with or without a line end', () => {
    expect(format().decode(Buffer.from('look'), true)).toEqual([
      { kind: 'call', call: ['text', ['look'], {}] },
    ]);
    expect(format().decode(Buffer.from('look\r\nsay hi\n'), true)).toEqual([
      { kind: 'call', call: ['text', ['look'], {}] },
      { kind: 'call', call: ['text', ['say hi'], {}] },
    ]);
    expect(format().decode(Buffer.from('x'.repeat(21)), true)).toEqual([{ kind: 'tooLong' }]);
  });

  it('reads text frames as GMCP envelopes; data may be JSON text or a value', () => {
    expect(format().decode(envelope({ proto: 'gmcp', id: 'Core.Ping', data: '' }), false)).toEqual([
      { kind: 'call', call: ['ping', [], {}] },
    ]);
    expect(
      format().decode(
        envelope({ proto: 'gmcp', id: 'Char.Value.Get', data: '{"name":"sessid"}' }),
        false,
      ),
    ).toEqual([{ kind: 'call', call: ['get_value', [], { name: 'sessid' }] }]);
    expect(
      format().decode(
        envelope({ proto: 'gmcp', id: 'Core.Supports.Set', data: ['Char 1'] }),
        false,
      ),
    ).toEqual([{ kind: 'call', call: ['client_options', ['Char 1'], {}] }]);
  });

  it('refuses envelopes it cannot read', () => {
    for (const bad of ['nope', '[]', '{"proto":"msdp","id":"X"}', '{"proto":"gmcp","id":1}'])
      expect(format().decode(Buffer.from(bad), false)[0]?.kind).toBe('invalid');
    expect(
      format().decode(envelope({ proto: 'gmcp', id: 'Core.Hello', data: '{bad' }), false)[0]?.kind,
    ).toBe('invalid');
  });

  it('sends text as binary ANSI with CR LF, prompts without a line end, OOB as envelopes', () => {
    const f = format();
    expect(f.encode(['text', ['a\nb'], {}])).toEqual([
      { data: Buffer.from('a\r\nb\r\n'), binary: true },
    ]);
    expect(f.encode(['prompt', ['> '], {}])).toEqual([{ data: Buffer.from('> '), binary: true }]);
    expect(f.encode(['ping', ['t1'], {}])).toEqual([
      { data: '{"proto":"gmcp","id":"Core.Ping","data":"\\"t1\\""}', binary: false },
    ]);
    expect(f.encode(['logged_in', [], {}])).toEqual([
      { data: '{"proto":"gmcp","id":"Core.LoggedIn","data":""}', binary: false },
    ]);
  });
});
