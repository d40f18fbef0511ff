/**
 * What to do when a stage's decision is overdue. The workflow's wait times out every few days
 * (its TimeoutSeconds) and asks this policy. Each stage has an expected duration — making takes
 * weeks, accepting an enquiry days — so nobody is nagged while work is on schedule. Past it, the
 * studio is reminded, then escalated to, and after a bounded number of chases the workflow stops
 * waiting and records why. Overrides by environment, for studios with other rhythms (and tests).
 */
import type { Stage } from './schemas.ts';

export type ChaseDecision = 'wait' | 'remind' | 'escalate' | 'abandon';

export interface StallPolicy {
  /** Days a stage may take before its decision counts as overdue. */
  expectedDays: Record<string, number>;
  /** Overdue chases answered with a reminder before escalating. */
  reminders: number;
  /** Overdue chases after which the workflow gives up waiting. */
  maxChases: number;
}

export const DEFAULT_STALL_POLICY: StallPolicy = {
  expectedDays: { ENQUIRY: 3, DESIGN: 14, SOURCING: 14, MAKING: 42, DELIVERY: 7 },
  reminders: 2,
  maxChases: 30,
};

/** `STALL_EXPECTED_DAYS` (JSON, per stage), `STALL_REMINDERS`, `STALL_MAX_CHASES`. */
export function stallPolicyFromEnv(env = process.env): StallPolicy {
  const number = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
    return value;
  };
  const expected = env.STALL_EXPECTED_DAYS ? (JSON.parse(env.STALL_EXPECTED_DAYS) as Record<string, number>) : {};
  return {
    expectedDays: { ...DEFAULT_STALL_POLICY.expectedDays, ...expected },
    reminders: number('STALL_REMINDERS', DEFAULT_STALL_POLICY.reminders),
    maxChases: number('STALL_MAX_CHASES', DEFAULT_STALL_POLICY.maxChases),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function isOverdue(policy: StallPolicy, stage: Stage, stageEnteredAt: string, now: Date): boolean {
  const expected = policy.expectedDays[stage] ?? 0;
  return now.getTime() - Date.parse(stageEnteredAt) >= expected * DAY_MS;
}

/** The answer to the `chase`-th overdue chase of one stage and revision (1-based). */
export function chaseDecision(policy: StallPolicy, chase: number): Exclude<ChaseDecision, 'wait'> {
  if (chase > policy.maxChases) return 'abandon';
  return chase <= policy.reminders ? 'remind' : 'escalate';
}

// ── the customer's wait for a design proposal ────────────────────────────────────────────────

/** What a chase does while a proposal awaits the customer: judged by the proposal's age. */
export type CustomerChase = 'wait' | 'remind-1' | 'remind-2' | 'tell-studio' | 'lapse';

export interface CustomerWaitPolicy {
  /** Days after the proposal: the first and the second reminder, the studio told, the proposal lapsed. */
  remindDays: [number, number];
  studioDays: number;
  lapseDays: number;
}

const DEFAULT_CUSTOMER_WAIT: CustomerWaitPolicy = { remindDays: [7, 14], studioDays: 21, lapseDays: 60 };

/** `PROPOSAL_WAIT_DAYS` (JSON, `{remindDays, studioDays, lapseDays}`; fractions allowed, for tests). */
export function customerWaitFromEnv(env = process.env): CustomerWaitPolicy {
  const raw = env.PROPOSAL_WAIT_DAYS;
  if (!raw) return DEFAULT_CUSTOMER_WAIT;
  return { ...DEFAULT_CUSTOMER_WAIT, ...(JSON.parse(raw) as Partial<CustomerWaitPolicy>) };
}

/**
 * The step a proposal of this age has reached: the latest due, so a chase that comes late does
 * not send every reminder it missed. Each step is done once (the email ledger keys it by
 * proposal revision); the lapse ends the wait.
 */
export function customerChase(policy: CustomerWaitPolicy, proposedAt: string, now: Date): CustomerChase {
  const days = (now.getTime() - Date.parse(proposedAt)) / DAY_MS;
  if (days >= policy.lapseDays) return 'lapse';
  if (days >= policy.studioDays) return 'tell-studio';
  if (days >= policy.remindDays[1]) return 'remind-2';
  if (days >= policy.remindDays[0]) return 'remind-1';
  return 'wait';
}
