/**
 * The Vitest config `waystone test` runs a game's tests with when the game has no config of its
 * own: every *.test.ts in the game directory (the root Vitest is given). Passing it explicitly
 * also stops Vitest from using a config it would find in a directory above the game.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'run/**', 'logs/**', 'certs/**'],
  },
});
