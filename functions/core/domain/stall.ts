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
