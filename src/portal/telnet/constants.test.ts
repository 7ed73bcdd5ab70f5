import { describe, expect, it } from 'vitest';
import {
  CMD,
  OPT,
  describeCommand,
  describeOption,
  verbByte,
  type NegotiationVerb,
} from './constants.ts';

describe('telnet constants', () => {
  it('match RFC 854 and the option registry', () => {
    expect([CMD.IAC, CMD.DONT, CMD.DO, CMD.WONT, CMD.WILL, CMD.SB, CMD.GA]).toEqual([
      255, 254, 253, 252, 251, 250, 249,
    ]);
    expect([CMD.EL, CMD.EC, CMD.AYT, CMD.AO, CMD.IP, CMD.BRK, CMD.DM, CMD.NOP, CMD.SE]).toEqual([
      248, 247, 246, 245, 244, 243, 242, 241, 240,
    ]);
    expect(CMD.EOR).toBe(239);
    expect(OPT).toEqual({
      ECHO: 1,
      SGA: 3,
      TTYPE: 24,
      EOR: 25,
      NAWS: 31,
      NEW_ENVIRON: 39,
      CHARSET: 42,
      MSDP: 69,
      MSSP: 70,
      MCCP2: 86,
      MCCP3: 87,
      MXP: 91,
      GMCP: 201,
    });
  });

  it('map verbs to their bytes', () => {
    const verbs: NegotiationVerb[] = ['WILL', 'WONT', 'DO', 'DONT'];
    expect(verbs.map(verbByte)).toEqual([251, 252, 253, 254]);
  });

  it('describe options and commands for logs', () => {
    expect(describeOption(31)).toBe('NAWS(31)');
    expect(describeOption(200)).toBe('unknown(200)');
    expect(describeCommand(241)).toBe('NOP(241)');
    expect(describeCommand(0)).toBe('unknown(0)');
  });
});
