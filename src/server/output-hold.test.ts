import { describe, expect, it } from 'vitest';
import { OutputHold } from './output-hold.ts';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('OutputHold', () => {
  it('holds what a run sends, across awaits, until the run has settled', async () => {
    const sent: string[] = [];
    const hold = new OutputHold<string>((m) => sent.push(m));
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    const run = hold.run(async () => {
      hold.send('You pick up the lamp.');
      await tick();
      hold.send('Ann picks up the lamp.');
      await committed; // the command's writes
    });
    await tick();
    hold.send('unrelated'); // outside the run: goes at once
    expect(sent).toEqual(['unrelated']);
    commit();
    await run;
    expect(sent).toEqual(['unrelated', 'You pick up the lamp.', 'Ann picks up the lamp.']);
  });

  it('releases early when the run asks for it (a pause), then lets output through', async () => {
    const sent: string[] = [];
    const hold = new OutputHold<string>((m) => sent.push(m));
    await hold.run(async () => {
      hold.send('You start digging...');
      hold.releaseCurrent();
      expect(sent).toEqual(['You start digging...']);
      hold.send('You find gold.');
      expect(sent).toEqual(['You start digging...', 'You find gold.']);
    });
  });

  it('lets a notice through from inside a held run when asked to', async () => {
    const sent: string[] = [];
    const hold = new OutputHold<string>((m) => sent.push(m));
    await hold.run(async () => {
      hold.send('You ban Mallory.');
      hold.bypass(() => hold.send('The game is paused.'));
      expect(sent).toEqual(['The game is paused.']);
    });
    expect(sent).toEqual(['The game is paused.', 'You ban Mallory.']);
  });

  it('releases on failure too, and never holds more than its bound', async () => {
    const sent: number[] = [];
    const hold = new OutputHold<number>((m) => sent.push(m), 3);
    await expect(
      hold.run(async () => {
        for (let i = 0; i < 5; i++) hold.send(i);
        expect(sent).toEqual([0, 1, 2, 3, 4]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(sent).toEqual([0, 1, 2, 3, 4]);
  });
});
