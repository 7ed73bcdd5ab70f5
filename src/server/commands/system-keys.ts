/**
 * Keys of the system commands: the handler runs them for no input, no match and several
 * matches (Evennia's names, so ported games keep working). Any command whose key starts with
 * `__` is a system command: it is never matched by name, and it survives every merge, the
 * higher set's winning a tie.
 */
export const CMD_NOINPUT = '__noinput_command';
export const CMD_NOMATCH = '__nomatch_command';
export const CMD_MULTIMATCH = '__multimatch_command';

export function isSystemCommandKey(key: string): boolean {
  return key.startsWith('__');
}
