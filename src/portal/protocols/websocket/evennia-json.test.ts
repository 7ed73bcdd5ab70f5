import { describe, expect, it } from 'vitest';
import { decodeClientFrame, EvenniaJsonFormat } from './evennia-json.ts';

const format = (): EvenniaJsonFormat => new EvenniaJsonFormat({ maxLineLength: 10 });
const frame = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe("Evennia's JSON format", () => {
  it('decodes ["name", [args], {kwargs}] into an inputfunc call', () => {
    expect(format().decode(frame(['text', ['look'], {}]), false)).toEqual([
      { kind: 'call', call: ['text', ['look'], {}] },
    ]);
    expect(format().decode(frame(['ping']), false)).toEqual([
      { kind: 'call', call: ['ping', [], {}] },
    ]);
  });

  it('explains frames that are not calls, and never throws', () => {
    expect(decodeClientFrame('{')).toBe('not JSON');
    expect(decodeClientFrame('{"a":1}')).toBe('not ["name", [args], {kwargs}]');
    expect(decodeClientFrame('["x", 1]')).toBe('args must be a list');
    expect(decodeClientFrame('["x", [], []]')).toBe('kwargs must be an object');
    expect(format().decode(Buffer.from([0xff, 0x00]), true)[0]?.kind).toBe('invalid');
  });

  it('treats websocket_close as a deliberate end, and caps text lines', () => {
    expect(format().decode(frame(['websocket_close', [], {}]), false)).toEqual([{ kind: 'quit' }]);
    expect(format().decode(frame(['text', ['x'.repeat(11)], {}]), false)).toEqual([
      { kind: 'tooLong' },
    ]);
    // Ten characters of four UTF-8 bytes each are still ten characters.
    expect(format().decode(frame(['text', ['😀'.repeat(10)], {}]), false)[0]?.kind).toBe('call');
  });

  it('sends calls as JSON arrays; text is already rendered to HTML by the connection', () => {
    const f = format();
    expect(f.textTarget).toBe('html');
    expect(f.encode(['text', ['&lt;b&gt;<br>hi'], {}])).toEqual([
      { data: '["text",["&lt;b&gt;<br>hi"],{}]', binary: false },
    ]);
    expect(f.encode(['logged_in', [], {}])).toEqual([
      { data: '["logged_in",[],{}]', binary: false },
    ]);
  });
});
