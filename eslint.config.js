// Typed linting over the code CI ships and tests. Each file is checked against its own
// tsconfig through the project service: functions/browser has one with the DOM lib, the rest
// uses the root tsconfig.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/', 'cdk.out/', 'test-results/', '.local/', '.bench/'],
  },
  {
    files: ['functions/**/*.ts', 'infra/**/*.ts', 'workflows/**/*.ts', 'test/**/*.ts', 'vitest.config.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The benchmark's child processes are plain JavaScript run by Node (no tsconfig covers them),
    // so they get the untyped rules.
    files: ['infra/**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
