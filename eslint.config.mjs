import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Architecture boundaries: only the adapters (main.ts, cli/) touch @actions/* or argv. */
const noActions = {
  patterns: [{ group: ['@actions/*'], message: 'Only src/main.ts and src/cli may import @actions/*.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noActions.patterns,
            {
              group: ['node:fs*', 'node:net', 'node:http*', 'node:child_process', 'undici'],
              message: 'src/domain is pure: no I/O.',
            },
            {
              group: ['../registry/*', '../source/*', '../publish/*', '../action/*', '../cli/*'],
              message: 'src/domain depends on nothing but itself and ../errors.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/registry/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noActions.patterns,
            {
              group: ['../source/*', '../publish/*', '../action/*', '../cli/*'],
              message: 'src/registry knows nothing of sources, publishing or GitHub.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/source/**/*.ts', 'src/publish/**/*.ts', 'src/action/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noActions] },
  },
);
