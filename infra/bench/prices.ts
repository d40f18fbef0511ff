/**
 * Published AWS on-demand prices, us-east-1, in USD, as data with the date they were read.
 * Update `asOf` with the figures; the bench prices what it measures with these and nothing else.
 * Free tiers are ignored (a studio's account may already use them up).
 */
export const prices = {
  region: 'us-east-1',
  /**
   * When these figures were last read from the pages below. The bench machine has no internet,
   * so they were not re-read when the bench was written (2026-11-26): check them and update.
   */
  asOf: '2025-08',
  sources: [
    'https://aws.amazon.com/lambda/pricing/',
    'https://aws.amazon.com/step-functions/pricing/',
    'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    'https://aws.amazon.com/ses/pricing/',
    'https://aws.amazon.com/api-gateway/pricing/',
  ],
  lambda: {
    /** Arm64 (the stack's architecture), first pricing tier. */
    perGbSecond: 0.0000133334,
    perRequest: 0.2 / 1e6,
  },
  stepFunctions: {
    /** Standard workflows: per state transition. */
    perTransition: 0.025 / 1000,
  },
  dynamodb: {
    /** On-demand capacity (prices since the November 2024 reduction). */
    perWriteRequestUnit: 0.625 / 1e6,
    perReadRequestUnit: 0.125 / 1e6,
  },
  ses: {
    /** Outbound email, per message (no attachments). */
    perEmail: 0.1 / 1000,
  },
  httpApi: {
    /** HTTP API, first 300 million requests a month. */
    perRequest: 1.0 / 1e6,
  },
} as const;
