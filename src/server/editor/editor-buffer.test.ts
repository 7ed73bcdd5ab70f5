import { describe, expect, it } from 'vitest';
import { EditorBuffer, UNDO_STEPS } from './editor-buffer.ts';
import { parseEditorLine } from './editor-input.ts';

const roomy = { maxLines: 100, maxChars: 10_000 };

describe('EditorBuffer', () => {
  it('appends, inserts, replaces and deletes lines, and undoes each change in turn', () => {
    const b = new EditorBuffer(['one'], [], roomy);
    expect(b.append('three')).toBeNull();
    expect(b.insert(2, 'two')).toBeNull();
    expect(b.replace(1, 'ONE')).toBeNull();
    expect(b.delete(2, 3)).toBeNull();
    expect(b.lines).toEqual(['ONE']);
    expect(b.undo()).toBe(true);
    expect(b.lines).toEqual(['ONE', 'two', 'three']);
    expect(b.undo()).toBe(true);
    expect(b.lines).toEqual(['one', 'two', 'three']);
    expect(b.undo()).toBe(true);
    expect(b.undo()).toBe(true);
    expect(b.lines).toEqual(['one']);
    expect(b.undo()).toBe(false);
  });

  it('counts characters with the line breaks, and refuses to grow past its bounds', () => {
    const b = new EditorBuffer(['abc', 'de'], [], { maxLines: 3, maxChars: 10 });
    expect(b.chars).toBe(6);
    expect(b.append('ghijk')).toMatch(/at most 10 characters/);
    expect(b.lines).toEqual(['abc', 'de']);
    expect(b.append('gh')).toBeNull();
    expect(b.chars).toBe(9);
    expect(b.append('')).toMatch(/at most 3 lines/);
    expect(b.undoSteps).toHaveLength(1);
  });

  it('lets a text that started over its bound shrink', () => {
    const b = new EditorBuffer(['x'.repeat(50)], [], { maxLines: 10, maxChars: 20 });
    expect(b.append('more')).toMatch(/at most 20/);
    expect(b.replace(1, 'x'.repeat(30))).toBeNull();
    expect(b.clear()).toBeNull();
    expect(b.length).toBe(0);
  });

  it(`keeps at most ${UNDO_STEPS} changes, and no more removed text than it may hold`, () => {
    const b = new EditorBuffer([], [], roomy);
    for (let i = 0; i < UNDO_STEPS + 10; i += 1) b.append(`line ${i}`);
    expect(b.undoSteps).toHaveLength(UNDO_STEPS);
    const small = new EditorBuffer(['a'.repeat(8), 'b'.repeat(8)], [], {
      maxLines: 10,
      maxChars: 20,
    });
    small.delete(1, 1);
    small.delete(1, 1);
    small.append('c'.repeat(8));
    small.clear();
    const kept = small.undoSteps.reduce((n, s) => n + s.removed.join('\n').length, 0);
    expect(kept).toBeLessThanOrEqual(20);
    expect(small.undo()).toBe(true);
    expect(small.lines).toEqual(['c'.repeat(8)]);
  });
});

describe('parseEditorLine', () => {
  it('reads text to add, keeping indentation and dropping trailing spaces', () => {
    expect(parseEditorLine('  indented  \r')).toEqual({ kind: 'append', text: '  indented' });
    expect(parseEditorLine('')).toEqual({ kind: 'append', text: '' });
    expect(parseEditorLine(':::')).toEqual({ kind: 'append', text: ':' });
  });

  it("reads Evennia's commands, case-sensitively, with line ranges", () => {
    expect(parseEditorLine(':')).toEqual({ kind: 'list', raw: false, range: null });
    expect(parseEditorLine(':p')).toEqual({ kind: 'list', raw: false, range: null });
    expect(parseEditorLine(': 2-4')).toEqual({
      kind: 'list',
      raw: false,
      range: { from: 2, to: 4 },
    });
    expect(parseEditorLine(':: 5:3')).toEqual({
      kind: 'list',
      raw: true,
      range: { from: 3, to: 5 },
    });
    expect(parseEditorLine(':w')).toEqual({ kind: 'save', quit: false });
    expect(parseEditorLine(':wq')).toEqual({ kind: 'save', quit: true });
    expect(parseEditorLine(':q')).toEqual({ kind: 'quit', force: false });
    expect(parseEditorLine(':q!')).toEqual({ kind: 'quit', force: true });
    expect(parseEditorLine(':u')).toEqual({ kind: 'undo' });
    expect(parseEditorLine(':dd')).toEqual({ kind: 'delete', range: null });
    expect(parseEditorLine(':dd 3')).toEqual({ kind: 'delete', range: { from: 3, to: 3 } });
    expect(parseEditorLine(':DD')).toEqual({ kind: 'clear' });
    expect(parseEditorLine(':i 2 a  line ')).toEqual({ kind: 'insert', line: 2, text: 'a  line' });
    expect(parseEditorLine(':r 1')).toEqual({ kind: 'replace', line: 1, text: '' });
    expect(parseEditorLine(':h')).toEqual({ kind: 'help' });
  });

  it('says what is wrong with a bad command', () => {
    expect(parseEditorLine(':zz')).toMatchObject({
      kind: 'error',
      message: /not an editor command/,
    });
    expect(parseEditorLine(':DD x')).toEqual({ kind: 'clear' });
    expect(parseEditorLine(':dd x')).toMatchObject({ kind: 'error', message: /Usage: :dd/ });
    expect(parseEditorLine(':i x text')).toMatchObject({ kind: 'error', message: /Usage: :i/ });
    expect(parseEditorLine(':Q')).toMatchObject({ kind: 'error' });
  });
});
