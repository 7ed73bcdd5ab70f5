/**
 * How a launcher command reports to the person running it: one line at a time (stdout in the
 * CLI, an array in tests). Its own file so that commands can share it without importing each
 * other.
 */
export type Print = (line: string) => void;
