import { describe, expect, it } from 'vitest';
import { chaseDecision, customerChase, customerWaitFromEnv, DEFAULT_STALL_POLICY, isOverdue, stallPolicyFromEnv } from '#domain/stall';

describe('the stall policy', () => {
  it('does not chase work that is on schedule', () => {
    const entered = '2025-11-01T00:00:00.000Z';
    expect(isOverdue(DEFAULT_STALL_POLICY, 'MAKING', entered, new Date('2025-11-30T00:00:00.000Z'))).toBe(false);
    expect(isOverdue(DEFAULT_STALL_POLICY, 'MAKING', entered, new Date('2025-12-13T00:00:00.000Z'))).toBe(true);
    expect(isOverdue(DEFAULT_STALL_POLICY, 'ENQUIRY', entered, new Date('2025-11-04T00:00:00.000Z'))).toBe(true);
  });

  it('reminds, then escalates, then gives up after a bounded number of chases', () => {
    const policy = { ...DEFAULT_STALL_POLICY, reminders: 2, maxChases: 4 };
    expect([1, 2, 3, 4, 5].map((chase) => chaseDecision(policy, chase))).toEqual(['remind', 'remind', 'escalate', 'escalate', 'abandon']);
  });

  it('takes overrides from the environment and refuses nonsense', () => {
    const policy = stallPolicyFromEnv({ STALL_EXPECTED_DAYS: '{"DESIGN":0}', STALL_REMINDERS: '1', STALL_MAX_CHASES: '3' });
    const entered = '2025-11-01T00:00:00.000Z';
    // DESIGN is overdue a minute after it starts; MAKING keeps its schedule (on time on 30 Nov, late by 13 Dec).
    expect(isOverdue(policy, 'DESIGN', entered, new Date('2025-11-01T00:01:00.000Z'))).toBe(true);
    expect(isOverdue(policy, 'MAKING', entered, new Date('2025-11-30T00:00:00.000Z'))).toBe(false);
    expect(isOverdue(policy, 'MAKING', entered, new Date('2025-12-13T00:00:00.000Z'))).toBe(true);
    // One reminder, then escalation, then the third chase is the last.
    expect([1, 2, 3, 4].map((chase) => chaseDecision(policy, chase))).toEqual(['remind', 'escalate', 'escalate', 'abandon']);
    expect(() => stallPolicyFromEnv({ STALL_MAX_CHASES: 'lots' })).toThrow(/whole number/);
  });
});

describe("the customer's wait for a design proposal", () => {
  const policy = customerWaitFromEnv({});
  const proposedAt = '2025-11-01T12:00:00.000Z';
  const day = (n: number) => new Date(Date.parse(proposedAt) + n * 86_400_000);

  it('reminds at 7 and 14 days, tells the studio at 21, lapses at 60', () => {
    expect([0, 6.9, 7, 13, 14, 20, 21, 59.9, 60, 90].map((n) => customerChase(policy, proposedAt, day(n)))).toEqual([
      'wait',
      'wait',
      'remind-1',
      'remind-1',
      'remind-2',
      'remind-2',
      'tell-studio',
      'tell-studio',
      'lapse',
      'lapse',
    ]);
  });

  it('takes its days from the environment (fractions, for tests)', () => {
    const quick = customerWaitFromEnv({ PROPOSAL_WAIT_DAYS: '{"lapseDays":0.5}' });
    expect(quick).toEqual({ remindDays: [7, 14], studioDays: 21, lapseDays: 0.5 });
    expect(customerChase(quick, proposedAt, day(0.5))).toBe('lapse');
    expect(customerChase(quick, proposedAt, day(0.4))).toBe('wait');
  });
});
