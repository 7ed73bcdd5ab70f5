import { describe, expect, it } from 'vitest';
import { checkFileLimit, LoadtestError } from './loadtest.ts';

describe('the open-files check', () => {
  it('refuses N players the file limit cannot hold, and says how to raise it', () => {
    expect(() => checkFileLimit(5000, 1024)).toThrow(LoadtestError);
    expect(() => checkFileLimit(5000, 1024)).toThrow(
      /5000 players need about 5064 open files.*1024.*ulimit -n/,
    );
    expect(() => checkFileLimit(900, 1024)).not.toThrow();
    expect(() => checkFileLimit(10_000, null)).not.toThrow();
  });
});
