/**
 * The child process that compiles a game's code. It reads one JSON CompileRequest on stdin.
 * Exit 0 when compiled; 1 with esbuild's error lines on stderr when not.
 */
import { text } from 'node:stream/consumers';
import { compileGameCode, type CompileRequest } from './compile.ts';

try {
  await compileGameCode(JSON.parse(await text(process.stdin)) as CompileRequest);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
}
