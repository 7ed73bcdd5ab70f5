/** Types of ensure-built.js (plain JavaScript: it runs before there is a compiled engine). */
export function isStale(): boolean;
export function ensureBuilt(say?: (line: string) => void): void;
