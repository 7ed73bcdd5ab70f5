/**
 * Turns whatever stopped a Server from starting into one line a game author can act on. For the
 * game's own code that is `file:line:column: message`, with the file relative to the game
 * directory: a syntax error (esbuild's "Transform failed" report, which tsx passes on), an
 * import that does not resolve, or an exception thrown by `setup` (the first stack frame in the
 * game's code). The text goes to the Portal (`waystone status`, `waystone reload`, an admin's
 * `reload` in the game) and to the Server's log.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWaystoneError } from '../shared/errors.ts';

export interface StartFailure {
  /** A stable error code: GAME_CODE, CONFIG_INVALID, STORAGE_…, or START_FAILED. */
  code: string;
  /** Where in the game's code, when it is known. */
  location: { file: string; line: number; column: number } | null;
  /** The error's own message, without the location. */
  message: string;
}

/** esbuild: `/abs/path/file.ts:30:6: ERROR: Expected ")" but found ";"` */
const ESBUILD_LINE = /^(\/[^\n]*?|[A-Za-z]:\\[^\n]*?):(\d+):(\d+): (?:ERROR: )?(.+)$/m;
/** A stack frame or V8 link-error header: `(file:///abs/file.ts:12:3)` or `/abs/file.ts:12`. */
const FRAME = /(?:file:\/\/)?(\/[^\s():]+|[A-Za-z]:\\[^\s():]+):(\d+)(?::(\d+))?/g;

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = err; e !== undefined && e !== null && chain.length < 5;) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

function inGame(gameDir: string, file: string): string | null {
  const rel = relative(gameDir, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  if (rel.split(sep).includes('node_modules')) return null;
  return rel;
}

export function describeStartFailure(err: unknown, gameDir: string): StartFailure {
  const chain = causeChain(err);
  const outer = chain[0];
  const code = isWaystoneError(outer) ? outer.code : 'START_FAILED';
  // The innermost error is the game's own (the outer ones only say which step failed).
  const inner = chain[chain.length - 1];
  const innerMessage = inner instanceof Error ? inner.message : String(inner);

  const esbuild = ESBUILD_LINE.exec(innerMessage);
  if (esbuild) {
    const [, file, line, column, message] = esbuild;
    return {
      code,
      location: {
        file: inGame(gameDir, file!) ?? file!,
        line: Number(line),
        column: Number(column),
      },
      message: message!.trim(),
    };
  }
  const stack = inner instanceof Error ? (inner.stack ?? '') : '';
  for (const match of stack.matchAll(FRAME)) {
    let file = match[1]!;
    if (match[0].startsWith('file://')) file = fileURLToPath(`file://${file}`);
    const rel = inGame(gameDir, file);
    if (rel === null) continue;
    return {
      code,
      location: { file: rel, line: Number(match[2]), column: Number(match[3] ?? 1) },
      message: innerMessage.split('\n')[0]!.trim(),
    };
  }
  const outerMessage = outer instanceof Error ? outer.message : String(outer);
  return { code, location: null, message: outerMessage.trim() };
}

/** `commands/wave.ts:30:6: Expected ")" but found ";"` — the form `waystone reload` prints. */
export function formatStartFailure(failure: StartFailure): string {
  const { location, message } = failure;
  return location === null
    ? message
    : `${location.file}:${location.line}:${location.column}: ${message}`;
}
