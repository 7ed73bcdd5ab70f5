import { describe, expect, it } from 'vitest';
import { listenError } from './listeners.ts';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`listen ${code}`), { code });
}

describe('listenError', () => {
  it('blames another program only for a port in use', () => {
    const err = listenError(errno('EADDRINUSE'), 4000, '0.0.0.0', 'telnetPort');
    expect(err.code).toBe('PORT_IN_USE');
    expect(err.message).toContain('telnetPort');
  });

  it('reports a descriptor shortage as that, not as a port clash', () => {
    for (const code of ['EMFILE', 'ENFILE']) {
      const err = listenError(errno(code), 4000, '0.0.0.0', 'telnetPort');
      expect(err.code).toBe('DESCRIPTORS_EXHAUSTED');
      expect(err.message).toContain(code);
      expect(err.message).toContain('maxConnections');
      expect(err.message).not.toContain('another program');
    }
  });

  it('names anything else with its own message', () => {
    const err = listenError(errno('EACCES'), 23, '0.0.0.0', 'telnetPort');
    expect(err.code).toBe('START_FAILED');
    expect(err.message).toContain('listen EACCES');
  });
});
