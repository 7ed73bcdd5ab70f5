import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'game/**/*.test.ts'],
    // Black-box tests start real Portal and Server processes; give them room on a 2-core box.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests start Portals and Servers from the compiled engine: rebuild it first if stale.
    globalSetup: ['test/support/global-setup.ts'],
    // Vitest's default is one worker fewer than the cores: one on a 2-core CI machine. Most of an
    // e2e file's time is spent waiting on its own Portal and Server, so two files at a time
    // nearly halve the run (the files are independent: own game dirs, OS-chosen ports).
    maxWorkers: 2,
  },
});
