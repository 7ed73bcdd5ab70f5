import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { ascii, h, harness, neg, runBytes, sb } from '../protocol-harness.ts';
import { encodeGmcp, jsonDepth, parseGmcp } from './gmcp.ts';

const gmcp = (text: string): string => sb(OPT.GMCP, ascii(text));
const AGREE = neg('DO', OPT.GMCP);

describe('GMCP (option 201)', () => {
  it('maps messages onto inputfuncs: object → kwargs, array → args, scalar → one arg', () => {
    const t = runBytes(
      `${AGREE} ${gmcp('Core.Supports.Get')} ${gmcp('Char.Value.Get ["hp","mp"]')} ${gmcp('Core.Commands.Get')} ${gmcp('Char.Repeat.Update {"callback":"x","interval":5}')} ${gmcp('Room.Look "north"')}`,
      { start: true },
    );
    expect(t.rec.calls).toEqual([
      ['client_options', [], {}],
      ['get_value', ['hp', 'mp'], {}],
      ['get_inputfuncs', [], {}],
      ['repeat', [], { callback: 'x', interval: 5 }],
      ['room_look', ['north'], {}],
    ]);
    expect(t.rec.flags).toMatchObject({ GMCP: true, OOB: true });
  });

  it('answers Core.Ping at once and counts it and Core.KeepAlive as keepalives', () => {
    const t = runBytes(`${AGREE} ${gmcp('Core.Ping')} ${gmcp('Core.KeepAlive')}`, { start: true });
    expect(t.rec.out).toBe(h(gmcp('Core.Ping')));
    expect(t.rec.keepalives).toBe(2);
    expect(t.rec.calls).toEqual([]);
  });

  it('Core.Hello and Core.Supports.Set/Add/Remove land in flags', () => {
    const t = runBytes(
      `${AGREE} ${gmcp('Core.Hello {"client":"Mudlet","version":"4.17.2"}')} ${gmcp('Core.Supports.Set ["Char 1","Room 1"]')} ${gmcp('Core.Supports.Add ["Comm.Channel 1"]')} ${gmcp('Core.Supports.Remove ["Room"]')}`,
      { start: true },
    );
    expect(t.rec.flags).toMatchObject({
      CLIENTNAME: 'Mudlet',
      CLIENTVERSION: '4.17.2',
      GMCP_SUPPORTS: 'Char 1,Comm.Channel 1',
    });
    expect(t.rec.calls).toEqual([]);
  });

  it('Core.Supports: a package named again keeps its place with its new version; 64 at most', () => {
    const t = runBytes(
      `${AGREE} ${gmcp('Core.Supports.Set ["Char 1","Room 1"]')} ${gmcp('Core.Supports.Add ["char 2","Comm 1"]')}`,
      { start: true },
    );
    expect(t.rec.flags['GMCP_SUPPORTS']).toBe('char 2,Room 1,Comm 1');
    const many = JSON.stringify(Array.from({ length: 70 }, (_, i) => `P${i} 1`));
    t.feed(gmcp(`Core.Supports.Set ${many}`));
    const kept = String(t.rec.flags['GMCP_SUPPORTS']).split(',');
    expect(kept).toHaveLength(64);
    expect(kept.at(-1)).toBe('P63 1');
    // Full, a package already listed still takes its new version.
    t.feed(gmcp('Core.Supports.Add ["p0 2","Q 1"]'));
    expect(String(t.rec.flags['GMCP_SUPPORTS']).split(',').slice(0, 2)).toEqual(['p0 2', 'P1 1']);
  });

  it('refuses invalid JSON, bad package names and deep nesting; the next message works', () => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    const t = runBytes(
      `${AGREE} ${gmcp('Char.Value.Get {"hp":')} ${gmcp('9bad {}')} ${gmcp(`Char.X ${deep}`)} ${gmcp('Core.Supports.Get')}`,
      { start: true },
    );
    expect(t.rec.calls).toEqual([['client_options', [], {}]]);
    expect(parseGmcp(Buffer.from('A.B {'))).toMatchObject({ code: 'TELNET_GMCP_INVALID_JSON' });
    expect(parseGmcp(Buffer.from(`A.B ${deep}`))).toMatchObject({ code: 'TELNET_GMCP_TOO_DEEP' });
  });

  it('refuses a 1 MB body without buffering it, and carries on', () => {
    const t = harness({ start: true });
    t.feed(AGREE);
    const big = Buffer.concat([
      Buffer.from([0xff, 0xfa, OPT.GMCP]),
      Buffer.from(`Char.Value.Get "${'x'.repeat(1024 * 1024)}"`),
      Buffer.from([0xff, 0xf0]),
    ]);
    for (let i = 0; i < big.length; i += 4096) t.feed(big.subarray(i, i + 4096));
    t.feed(gmcp('Core.Supports.Get'));
    expect(t.rec.calls).toEqual([['client_options', [], {}]]);
    // Under the parser's cap but over GMCP's own: refused by size.
    expect(parseGmcp(Buffer.alloc(40_000, 0x41))).toMatchObject({ code: 'TELNET_GMCP_TOO_LARGE' });
  });

  it('ignores GMCP before the client agreed', () => {
    const t = runBytes(gmcp('Core.Supports.Get'), { start: true });
    expect(t.rec.calls).toEqual([]);
  });

  it('encodes outputfuncs the way Evennia does', () => {
    const enc = (...call: Parameters<typeof encodeGmcp>[0]): string =>
      encodeGmcp(call).toString('utf8');
    expect(enc('logged_in', [], {})).toBe('Core.LoggedIn');
    expect(enc('client_options', [], { ANSI: true })).toBe('Core.Supports.Get {"ANSI":true}');
    expect(enc('ping', ['x'], {})).toBe('Core.Ping "x"');
    expect(enc('char_vitals', [1, 2], {})).toBe('Char.Vitals [1,2]');
    expect(enc('room_info', ['a'], { b: 1 })).toBe('Room.Info ["a",{"b":1}]');
  });

  it('sends OOB output as GMCP once agreed (IAC doubled)', () => {
    const t = harness({ start: true });
    expect(t.protocol.sendOob(['ping', [], {}])).toBe(false);
    t.feed(AGREE);
    expect(t.protocol.sendOob(['get_value', ['ÿ'], {}])).toBe(true);
    expect(t.takeOut()).toBe(h(sb(OPT.GMCP, ascii('Char.Value.Get "ÿ"'))));
  });

  it('counts JSON depth without recursion', () => {
    expect(jsonDepth(1, 10)).toBe(0);
    expect(jsonDepth({ a: [1, { b: 2 }] }, 10)).toBe(3);
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(jsonDepth(deep, 32)).toBe(33);
  });
});
