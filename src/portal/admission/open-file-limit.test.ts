import { describe, expect, it } from 'vitest';
import {
  connectionCap,
  descriptorReserve,
  FALLBACK_MAX_CONNECTIONS,
  readOpenFileLimit,
} from './open-file-limit.ts';

describe('open-file limit', () => {
  it('reads this process limit', () => {
    const limit = readOpenFileLimit();
    expect(limit === null || limit > 0).toBe(true);
  });

  it("'auto' leaves a reserve below the limit", () => {
    expect(connectionCap('auto', 1024)).toEqual({ maxConnections: 1024 - 128, warning: null });
    expect(connectionCap('auto', 20_000)).toEqual({
      maxConnections: 20_000 - descriptorReserve(20_000),
      warning: null,
    });
    expect(connectionCap('auto', null).maxConnections).toBe(FALLBACK_MAX_CONNECTIONS);
    expect(connectionCap('auto', Infinity).maxConnections).toBeGreaterThan(10_000);
  });

  it('takes a number as given, warning when the limit cannot hold it', () => {
    expect(connectionCap(500, 1024)).toEqual({ maxConnections: 500, warning: null });
    const over = connectionCap(5000, 1024);
    expect(over.maxConnections).toBe(5000);
    expect(over.warning).toContain('open-file limit 1024');
    expect(connectionCap(5000, null).warning).toBeNull();
  });
});
