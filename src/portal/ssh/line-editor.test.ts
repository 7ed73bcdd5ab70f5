import { describe, expect, it } from 'vitest';
import { LineEditor, type EditorEvent } from './line-editor.ts';

function editor(echo = true, maxLineBytes = 100): { ed: LineEditor; echoed: () => string } {
  const out: Buffer[] = [];
  const ed = new LineEditor({ echo, maxLineBytes, write: (b) => out.push(b) });
  return { ed, echoed: () => Buffer.concat(out).toString('utf8') };
}

function feed(ed: LineEditor, input: string | Buffer, oneByOne: boolean): EditorEvent[] {
  const bytes = Buffer.from(input);
  if (!oneByOne) return ed.push(bytes);
  return [...bytes].flatMap((b) => ed.push(Buffer.from([b])));
}

describe('SSH line editor', () => {
  for (const oneByOne of [false, true]) {
    const how = oneByOne ? 'one byte at a time' : 'whole';
    it(`echoes, edits and ends lines on CR, LF and pairs (${how})`, () => {
      const { ed, echoed } = editor();
      const events = feed(ed, 'lool\x7fk\rwho\r\nsay h\u00e9\x7f\x7fhi\n\r', oneByOne);
      expect(events).toEqual([
        { kind: 'line', line: 'look' },
        { kind: 'line', line: 'who' },
        { kind: 'line', line: 'say hi' },
      ]);
      expect(echoed()).toContain('lool\b \bk\r\n');
    });

    it(`skips escape sequences and handles ^C, ^U and ^D (${how})`, () => {
      const { ed } = editor();
      expect(feed(ed, '\x1b[Alo\x1bOBok\r', oneByOne)).toEqual([{ kind: 'line', line: 'look' }]);
      expect(feed(ed, 'junk\x03x\x15who\r', oneByOne)).toEqual([{ kind: 'line', line: 'who' }]);
      expect(feed(ed, 'a\x04', oneByOne)).toEqual([]);
      expect(feed(ed, '\x7f\x04', oneByOne)).toEqual([{ kind: 'eof' }]);
    });
  }

  it('caps the line while it is typed and drops the rest of it', () => {
    const { ed } = editor(true, 4);
    expect(ed.push(Buffer.from('abcdefgh\rok\r'))).toEqual([
      { kind: 'overflow' },
      { kind: 'line', line: 'ok' },
    ]);
  });

  it('does not echo without a pty', () => {
    const { ed, echoed } = editor(false);
    expect(ed.push(Buffer.from('look\n'))).toEqual([{ kind: 'line', line: 'look' }]);
    expect(echoed()).toBe('');
  });
});
