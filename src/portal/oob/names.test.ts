import { describe, expect, it } from 'vitest';
import { gmcpSupportsAction, gmcpToInputfunc, msdpToInputfunc, outputfuncToGmcp } from './names.ts';

describe('OOB names', () => {
  it('maps the GMCP packages REFERENCE.md §10 names onto inputfuncs', () => {
    expect(gmcpToInputfunc('Core.Supports.Get')).toBe('client_options');
    expect(gmcpToInputfunc('Core.Supports.Set')).toBe('client_options');
    expect(gmcpToInputfunc('Core.Hello')).toBe('client_options');
    expect(gmcpToInputfunc('Core.Commands.Get')).toBe('get_inputfuncs');
    expect(gmcpToInputfunc('Char.Value.Get')).toBe('get_value');
    expect(gmcpToInputfunc('Char.Repeat.Update')).toBe('repeat');
    expect(gmcpToInputfunc('Char.Monitor.Update')).toBe('monitor');
    expect(gmcpToInputfunc('Core.KeepAlive')).toBe('idle');
    expect(gmcpToInputfunc('Core.Ping')).toBe('ping');
  });

  it('derives the rest: Core.X → x, Pkg.Name → pkg_name, case-insensitively', () => {
    expect(gmcpToInputfunc('Core.Text')).toBe('text');
    expect(gmcpToInputfunc('Room.Info')).toBe('room_info');
    expect(gmcpToInputfunc('char.items.inv')).toBe('char_items_inv');
    // How a GMCP client sets its flags (INPUTDEBUG among them): Core.Client_Options {...}.
    expect(gmcpToInputfunc('Core.Client_Options')).toBe('client_options');
  });

  it('maps outputfuncs back to GMCP packages', () => {
    expect(outputfuncToGmcp('client_options')).toBe('Core.Supports.Get');
    expect(outputfuncToGmcp('logged_in')).toBe('Core.LoggedIn');
    expect(outputfuncToGmcp('text')).toBe('Core.Text');
    expect(outputfuncToGmcp('room_info')).toBe('Room.Info');
  });

  it('names MSDP commands msdp_*', () => {
    expect(msdpToInputfunc('LIST')).toBe('msdp_list');
    expect(msdpToInputfunc('report')).toBe('msdp_report');
    expect(msdpToInputfunc('UNREPORT')).toBe('msdp_unreport');
    expect(msdpToInputfunc('HEALTH')).toBe('health');
  });

  it('tells which Core.Supports action a client sent', () => {
    expect(gmcpSupportsAction('Core.Supports.Add')).toBe('add');
    expect(gmcpSupportsAction('Core.Hello')).toBe('hello');
    expect(gmcpSupportsAction('Char.Vitals')).toBeNull();
  });
});
