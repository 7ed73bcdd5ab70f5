/**
 * Splitting command arguments the way players expect: words, with "double quotes" (or single
 * quotes) around parts that contain spaces — `connect "my name" "my pass"`.
 */
export function splitArgs(args: string): string[] {
  const parts: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of args.matchAll(re)) parts.push(m[1] ?? m[2] ?? m[3] ?? '');
  return parts;
}
