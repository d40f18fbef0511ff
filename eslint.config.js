// Typed linting over the code CI ships and tests. Each file is checked against its own
// tsconfig through the project service: functions/browser has one with the DOM lib, the rest
// uses the root tsconfig.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // layout.generated.ts is written by infra/email-build.ts from the MJML, openapi.generated.ts by infra/openapi.ts.
    ignores: ['**/node_modules/', 'cdk.out/', 'test-results/', '.local/', '.bench/', 'functions/core/email/layout.generated.ts', 'functions/core/edge/openapi.generated.ts'],
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
      // In the preset already; stated because a promise nobody awaits loses its errors silently.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Tests read untyped JSON (API answers, emails, the synthesized template) and assert on its
    // shape, so the any-tracking rules do not fit them; fakes stand in for async functions
    // without needing to await anything.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The synthesized template's values are typed as any JSON; String() is the assertions'
    // deliberate reading of a value that is a string in this stack.
    files: ['test/infra/commission-stack.test.ts'],
    rules: {
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
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
