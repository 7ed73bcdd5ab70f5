import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../timing/virtual-clock.ts';
import { CommandMeter } from './command-meter.ts';

describe('CommandMeter', () => {
  it('counts every line, and the rate over the last minute only', async () => {
    const clock = new VirtualClock();
    const meter = new CommandMeter(clock);
    expect(meter.perSecond()).toBe(0);
    for (let i = 0; i < 30; i++) meter.record();
    await clock.advance(30_000);
    for (let i = 0; i < 30; i++) meter.record();
    expect(meter.total).toBe(60);
    expect(meter.lastMinute()).toBe(60);
    expect(meter.perSecond()).toBe(1);
    // A minute after the first burst it has left the window; the second is still in it.
    await clock.advance(30_000);
    expect(meter.lastMinute()).toBe(30);
    await clock.advance(30_000);
    expect(meter.lastMinute()).toBe(0);
    expect(meter.total).toBe(60);
  });

  it('reuses its buckets lap after lap (fixed memory), never counting an old lap', async () => {
    const clock = new VirtualClock();
    const meter = new CommandMeter(clock);
    for (let s = 0; s < 600; s++) {
      meter.record();
      meter.record();
      await clock.advance(1000);
    }
    // Ten minutes of two lines a second: the last 60 seconds hold 59 full seconds (this one is empty).
    expect(meter.lastMinute()).toBe(118);
    expect(meter.total).toBe(1200);
  });
});
