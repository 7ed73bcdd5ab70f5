/**
 * The terminal prompt over a fake input stream: answers typed ahead, line endings, bytes split
 * anywhere, raw-mode editing keys in a hidden answer, Ctrl-C and the end of input.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Prompt, PromptStopped, type PromptInput } from './prompt.ts';

function fakeTerminal(tty = false) {
  const input = new PassThrough() as PassThrough & PromptInput;
  const rawModes: boolean[] = [];
  if (tty) {
    input.isTTY = true;
    input.setRawMode = (raw: boolean) => rawModes.push(raw);
  }
  let shown = '';
  const prompt = new Prompt(input, { write: (text: string) => (shown += text) });
  return { input, prompt, rawModes, shown: () => shown };
}

async function stopCode(answer: Promise<string>): Promise<string> {
  const err: unknown = await answer.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PromptStopped);
  return (err as PromptStopped).code;
}

describe('Prompt', () => {
  it('keeps answers typed ahead in one chunk for the questions that follow', async () => {
    const { input, prompt, shown } = fakeTerminal();
    input.write('Ann\nopen sesame\nopen sesame\n');
    expect(await prompt.ask('Name: ')).toBe('Ann');
    expect(await prompt.askHidden('Password: ')).toBe('open sesame');
    expect(await prompt.askHidden('Again: ')).toBe('open sesame');
    expect(shown()).toBe('Name: Password: \nAgain: \n');
    prompt.close();
  });

  it('waits for an answer that has not been typed yet', async () => {
    const { input, prompt } = fakeTerminal();
    const answer = prompt.ask('Name: ');
    input.write('Bo');
    input.write('b\n');
    expect(await answer).toBe('Bob');
    prompt.close();
  });

  it('takes CR LF as one line ending, and CR alone as one too', async () => {
    const { input, prompt } = fakeTerminal();
    input.write('Ann\r\nBob\rCy\n');
    expect(await prompt.ask('1: ')).toBe('Ann');
    expect(await prompt.ask('2: ')).toBe('Bob');
    expect(await prompt.ask('3: ')).toBe('Cy');
    prompt.close();
  });

  it('decodes UTF-8 split between chunks, one byte at a time', async () => {
    const { input, prompt } = fakeTerminal();
    const answer = prompt.ask('Name: ');
    for (const byte of Buffer.from('Ærøskøbing 名前\n')) input.write(Buffer.from([byte]));
    expect(await answer).toBe('Ærøskøbing 名前');
    prompt.close();
  });

  it('reads a hidden answer in raw mode, with Backspace, Ctrl-U and arrow keys handled', async () => {
    const { input, prompt, rawModes, shown } = fakeTerminal(true);
    const answer = prompt.askHidden('Password: ');
    expect(rawModes).toEqual([true]);
    // "wrong", Ctrl-U clears it; "secreX", Backspace, "t", an arrow key, "s", Enter.
    input.write('wrong\u0015secreX\u007ft\u001b[Ds\r');
    expect(await answer).toBe('secrets');
    expect(rawModes).toEqual([true, false]);
    expect(shown()).toBe('Password: \n');
    prompt.close();
  });

  it('leaves a line question to the terminal: no raw mode, editing keys are not its business', async () => {
    const { input, prompt, rawModes } = fakeTerminal(true);
    const answer = prompt.ask('Name: ');
    input.write('Ann\n');
    expect(await answer).toBe('Ann');
    expect(rawModes).toEqual([]);
    prompt.close();
  });

  it('stops a hidden answer on Ctrl-C and leaves raw mode', async () => {
    const { input, prompt, rawModes } = fakeTerminal(true);
    const answer = prompt.askHidden('Password: ');
    input.write('half\u0003');
    expect(await stopCode(answer)).toBe('PROMPT_CANCELLED');
    expect(rawModes).toEqual([true, false]);
    prompt.close();
  });

  it('takes Ctrl-D on an empty hidden answer as the end of input', async () => {
    const { input, prompt } = fakeTerminal(true);
    const answer = prompt.askHidden('Password: ');
    input.write('\u0004');
    expect(await stopCode(answer)).toBe('PROMPT_ENDED');
    prompt.close();
  });

  it('answers with a last line that has no newline, then reports the end of input', async () => {
    const { input, prompt } = fakeTerminal();
    input.end('Ann');
    expect(await prompt.ask('Name: ')).toBe('Ann');
    expect(await stopCode(prompt.ask('Again: '))).toBe('PROMPT_ENDED');
    prompt.close();
  });

  it('stops listening when closed, so the process can exit', async () => {
    const { input, prompt } = fakeTerminal(true);
    input.write('Ann\n');
    await prompt.ask('Name: ');
    prompt.close();
    expect(input.listenerCount('data')).toBe(0);
    expect(input.listenerCount('end')).toBe(0);
    expect(input.isPaused()).toBe(true);
  });
});
