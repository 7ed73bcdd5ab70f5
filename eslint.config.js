// Lint rules that keep the architecture honest: Portal and Server meet only through src/link
// and the shared parts, and no module takes part in an import cycle.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import waystone from './tools/eslint-no-cycle.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist.*/**',
      'game/.waystone/**',
      'game/run/**',
      'bench/results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    plugins: { waystone },
    rules: {
      'waystone/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/portal/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '../server', '../../server'],
              message: 'The Portal never imports the Server: use src/link.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/portal/**', '../portal', '../../portal'],
              message: 'The Server never imports the Portal: use src/link.',
            },
          ],
        },
      ],
    },
  },
);
