import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One dynalite and one aws-ses-v2-local for the whole run; each test file gets its own table.
    globalSetup: ['test/support/global-setup.ts'],
    // No handler may call DynamoDB outside its catalogue grant (infra/local/grant-guard.ts).
    setupFiles: ['test/support/no-grant-violations.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers than that only adds contention.
    maxWorkers: 2,
    // The suite sends hundreds of enquiries from one address: quotas high enough never to refuse
    // them. test/handlers/quotas.test.ts sets its own low limits.
    env: { ENQUIRY_LIMIT_PER_IP: '1000000', ENQUIRY_LIMIT_PER_EMAIL: '1000000' },
  },
});
