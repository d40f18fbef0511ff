/**
 * Every test file (vitest setupFiles): no handler it ran issued a DynamoDB call outside its
 * catalogue grant (infra/local/grant-guard.ts), even one the handler caught and answered for.
 */
import { afterAll, expect } from 'vitest';
import { takeGrantViolations } from '../../infra/local/grant-violations.ts';

afterAll(() => {
  expect(takeGrantViolations(), 'DynamoDB calls outside the functions\' grants (functions/catalogue.ts)').toEqual([]);
});
