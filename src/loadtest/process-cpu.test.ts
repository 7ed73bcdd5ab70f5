import { describe, expect, it } from 'vitest';
import { cpuUsedBetween, processCpu } from './process-cpu.ts';

describe('process CPU from /proc', () => {
  it.skipIf(process.platform !== 'linux')('reads this process: it grows as it works', () => {
    const before = processCpu(process.pid);
    expect(before).not.toBeNull();
    const end = Date.now() + 150;
    let spin = 0;
    while (Date.now() < end) spin++;
    const after = processCpu(process.pid)!;
    expect(spin).toBeGreaterThan(0);
    const [used] = cpuUsedBetween([before!], [after]);
    expect(used!.seconds).toBeGreaterThanOrEqual(0.05);
    expect(used!.seconds).toBeLessThan(5);
  });

  it('counts only processes seen at both ends, and is null for a process that is gone', () => {
    const used = cpuUsedBetween(
      [
        { pid: 1, role: 'Portal', seconds: 1 },
        { pid: 2, role: 'Server', seconds: 2 },
      ],
      [
        { pid: 1, role: 'Portal', seconds: 1.5 },
        { pid: 3, role: 'Server', seconds: 9 },
      ],
    );
    expect(used).toEqual([{ pid: 1, role: 'Portal', seconds: 0.5 }]);
    expect(processCpu(2 ** 30)).toBeNull();
  });
});
