/**
 * The DynamoDB calls infra/local/grant-guard.ts refused in this process. Kept apart from the
 * guard (no SDK import), so every test file can check that none happened at little cost.
 */

export interface GrantViolation {
  functionName: string;
  action: string;
  index?: string;
  partitionKeys: string[];
  reason: string;
}

// On globalThis, like the capacity tally: one record whichever copy of this module a caller loaded.
const VIOLATIONS = Symbol.for('bespoke-commissions.grant-violations');
type WithViolations = typeof globalThis & { [VIOLATIONS]?: GrantViolation[] };

export function recordGrantViolation(violation: GrantViolation): void {
  const scope = globalThis as WithViolations;
  (scope[VIOLATIONS] ??= []).push(violation);
}

/** Every refused call so far in this process, forgotten once taken (a test that provokes some takes them). */
export function takeGrantViolations(): GrantViolation[] {
  const scope = globalThis as WithViolations;
  const taken = scope[VIOLATIONS] ?? [];
  scope[VIOLATIONS] = [];
  return taken;
}
