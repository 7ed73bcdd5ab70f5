import { describe, expect, it } from 'vitest';
import { MudstandardsTerminalFormat } from './mudstandards-terminal.ts';

describe('terminal.mudstandards.org', () => {
  const format = new MudstandardsTerminalFormat({ maxLineLength: 5 });

  it('reads frames as text lines and caps them', () => {
    expect(format.decode(Buffer.from('look\r\n'))).toEqual([
      { kind: 'call', call: ['text', ['look'], {}] },
    ]);
    expect(format.decode(Buffer.from('toolong'))).toEqual([{ kind: 'tooLong' }]);
  });

  it('sends text and prompts as binary ANSI and drops OOB', () => {
    expect(format.encode(['text', ['\u001b[1mhi\u001b[0m'], {}])).toEqual([
      { data: Buffer.from('\u001b[1mhi\u001b[0m\r\n'), binary: true },
    ]);
    expect(format.encode(['prompt', ['HP 10>'], {}])).toEqual([
      { data: Buffer.from('HP 10>'), binary: true },
    ]);
    expect(format.encode(['logged_in', [], {}])).toEqual([]);
  });
});
