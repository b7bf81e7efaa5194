// ESLint for the TypeScript tree (run by `npm test` through `npm run lint`). typescript-eslint's
// recommended rules without type information: fast enough to run on every test run on 2 cores.
// Formatting is Prettier's business (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'reports/**',
      'test-artifacts/**',
      'harness/hollow/proto/**',
      'harness/scenario/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // `_` marks what a signature must take but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Every process exit and print goes through cli/ (issue 12); the rest of the tree logs.
      'no-console': ['error'],
    },
  },
  {
    files: ['harness/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
