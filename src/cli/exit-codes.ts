/**
 * The launcher's exit codes, documented in the README:
 * 0 done; 1 failed (or already running, for start); 2 bad usage, game directory or settings;
 * 3 not running (status, reload, reset).
 */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, NOT_RUNNING: 3 } as const;
