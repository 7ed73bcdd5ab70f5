import { describe, expect, it } from 'vitest';
import { OPT } from '../constants.ts';
import { ascii, h, harness, neg, runBytes, sb } from '../protocol-harness.ts';
import { encodeMsdp, MAX_MSDP_DEPTH, parseMsdp } from './msdp.ts';

const VAR = '01';
const VAL = '02';
const TO = '03';
const TC = '04';
const AO = '05';
const AC = '06';
const s = ascii;

describe('MSDP (option 69)', () => {
  it('maps variables onto inputfuncs: LIST → msdp_list, arrays → args, tables → kwargs', () => {
    const t = runBytes(
      `${neg('DO', OPT.MSDP)} ${sb(
        OPT.MSDP,
        `${VAR} ${s('LIST')} ${VAL} ${s('COMMANDS')} ${VAR} ${s('REPORT')} ${VAL} ${AO} ${VAL} ${s('HEALTH')} ${VAL} ${s('MANA')} ${AC} ${VAR} ${s('CLIENT_OPTIONS')} ${VAL} ${TO} ${VAR} ${s('NOCOLOR')} ${VAL} ${s('1')} ${TC}`,
      )}`,
      { start: true },
    );
    expect(t.rec.calls).toEqual([
      ['msdp_list', ['COMMANDS'], {}],
      ['msdp_report', ['HEALTH', 'MANA'], {}],
      ['client_options', [], { NOCOLOR: '1' }],
    ]);
    expect(t.rec.flags).toMatchObject({ MSDP: true, OOB: true });
  });

  it('parses nested tables and arrays', () => {
    const payload = Buffer.from(
      h(
        `${VAR} ${s('ROOM')} ${VAL} ${TO} ${VAR} ${s('EXITS')} ${VAL} ${AO} ${VAL} ${s('n')} ${VAL} ${TO} ${VAR} ${s('x')} ${VAL} ${TC} ${AC} ${TC}`,
      ),
      'hex',
    );
    expect(parseMsdp(payload)).toEqual({
      ok: true,
      variables: [['ROOM', [{ EXITS: ['n', { x: '' }] }]]],
    });
  });

  it('refuses nesting 10,000 deep as soon as it passes the cap, and carries on', () => {
    const deep = `${VAR} ${s('X')} ${`${VAL} ${TO} ${VAR} ${s('a')} `.repeat(10_000)}`;
    const result = parseMsdp(Buffer.from(h(deep), 'hex'));
    expect(result).toMatchObject({ ok: false, code: 'TELNET_MSDP_TOO_DEEP' });
    const ok = `${VAR} ${s('X')} ${`${VAL} ${TO} ${VAR} ${s('a')} `.repeat(MAX_MSDP_DEPTH - 1)} ${VAL} ${s('v')} ${TC.repeat(1)} ${`${TC} `.repeat(MAX_MSDP_DEPTH - 2)}`;
    expect(parseMsdp(Buffer.from(h(ok), 'hex')).ok).toBe(true);
    const t = harness({ start: true });
    t.feed(neg('DO', OPT.MSDP));
    t.feed(sb(OPT.MSDP, deep));
    t.feed(sb(OPT.MSDP, `${VAR} ${s('SEND')} ${VAL} ${s('HEALTH')}`));
    expect(t.rec.calls).toEqual([['msdp_send', ['HEALTH'], {}]]);
  });

  it('refuses malformed messages', () => {
    const bad = (x: string): unknown => parseMsdp(Buffer.from(h(x), 'hex'));
    expect(bad(`${VAL} ${s('x')}`)).toMatchObject({ ok: false, code: 'TELNET_MSDP_MALFORMED' });
    expect(bad(`${VAR} ${s('x')} ${VAL} ${TO}`)).toMatchObject({ ok: false });
    expect(bad(`${VAR} ${s('x')} ${VAL} ${AC}`)).toMatchObject({ ok: false });
    expect(bad(`${s('x')}`)).toMatchObject({ ok: false });
  });

  it('encodes outputfuncs as VAR NAME VAL value', () => {
    expect(encodeMsdp(['ping', ['x'], {}]).toString('hex')).toBe(
      h(`${VAR} ${s('PING')} ${VAL} ${s('x')}`),
    );
    expect(encodeMsdp(['client_options', [], { ANSI: true }]).toString('hex')).toBe(
      h(`${VAR} ${s('CLIENT_OPTIONS')} ${VAL} ${TO} ${VAR} ${s('ANSI')} ${VAL} ${s('1')} ${TC}`),
    );
    expect(encodeMsdp(['get_inputfuncs', ['a', 'b'], {}]).toString('hex')).toBe(
      h(`${VAR} ${s('GET_INPUTFUNCS')} ${VAL} ${AO} ${VAL} ${s('a')} ${VAL} ${s('b')} ${AC}`),
    );
  });

  it('OOB output goes as MSDP when MSDP, not GMCP, was agreed', () => {
    const t = harness({ start: true });
    t.feed(`${neg('DO', OPT.MSDP)} ${neg('DONT', OPT.GMCP)}`);
    t.takeOut();
    expect(t.protocol.sendOob(['ping', [], {}])).toBe(true);
    expect(t.takeOut()).toBe(h(sb(OPT.MSDP, `${VAR} ${s('PING')} ${VAL}`)));
  });

  it('writes the msdp outputfunc as MSDP variables of their own: VAR HEALTH VAL 7 VAR …', () => {
    expect(
      encodeMsdp(['msdp', [], { HEALTH: 7, ROOM_NAME: 'Limbo', NONE: null }]).toString('hex'),
    ).toBe(
      h(
        `${VAR} ${s('HEALTH')} ${VAL} ${s('7')} ${VAR} ${s('ROOM_NAME')} ${VAL} ${s('Limbo')} ${VAR} ${s('NONE')} ${VAL}`,
      ),
    );
    expect(encodeMsdp(['msdp', [], { COMMANDS: ['LIST', 'SEND'] }]).toString('hex')).toBe(
      h(`${VAR} ${s('COMMANDS')} ${VAL} ${AO} ${VAL} ${s('LIST')} ${VAL} ${s('SEND')} ${AC}`),
    );
  });

  it('MSDP variables go as MSDP to a client that agreed to GMCP as well; the rest as GMCP', () => {
    const t = harness({ start: true });
    t.feed(`${neg('DO', OPT.MSDP)} ${neg('DO', OPT.GMCP)}`);
    t.takeOut();
    expect(t.protocol.sendOob(['msdp', [], { HEALTH: 7 }])).toBe(true);
    expect(t.takeOut()).toBe(h(sb(OPT.MSDP, `${VAR} ${s('HEALTH')} ${VAL} ${s('7')}`)));
    expect(t.protocol.sendOob(['ping', [], {}])).toBe(true);
    expect(t.takeOut()).toBe(h(sb(OPT.GMCP, s('Core.Ping'))));
  });
});
