/**
 * The stage rules: which decision moves a commission where, how revisions count, and what
 * approving each stage records. Pure functions; the commission store applies their result atomically.
 */
import {
  approvalDetailsByStage,
  FINENESS_BY_METAL,
  issuesToFields,
  OPEN_STAGES,
  type Commission,
  type DecisionKind,
  type DecisionRequest,
  type Fineness,
  type Metal,
  type OpenStage,
  type Stage,
} from './schemas.ts';
import { validationFailed, type FieldError } from '#lib/errors';
import type { HistoryEvent } from './history-events.ts';

/** The stage after an approval. */
export const NEXT_STAGE: Record<OpenStage, Stage> = {
  ENQUIRY: 'DESIGN',
  DESIGN: 'SOURCING',
  SOURCING: 'MAKING',
  MAKING: 'DELIVERY',
  DELIVERY: 'COMPLETED',
};

export const isOpenStage = (stage: Stage): stage is OpenStage => (OPEN_STAGES as readonly Stage[]).includes(stage);
export const isClosedStage = (stage: Stage) => !isOpenStage(stage);

/**
 * Where a decision leads: approve moves on, request-changes stays one revision up, cancel ends.
 * A proposal stays at DESIGN (its revision is decided by ./proposals.ts: one up when it supersedes).
 */
export function nextStep(stage: OpenStage, revision: number, decision: DecisionKind): { stage: Stage; revision: number } {
  switch (decision) {
    case 'approve':
      return { stage: NEXT_STAGE[stage], revision: 1 };
    case 'request-changes':
      return { stage, revision: revision + 1 };
    case 'cancel':
      return { stage: 'CANCELLED', revision: 1 };
    case 'propose':
      return { stage, revision };
  }
}

/** The history event name of each decision. */
export const DECISION_EVENT: Record<DecisionKind, HistoryEvent> = {
  approve: 'approved',
  'request-changes': 'changes-requested',
  cancel: 'cancelled',
  propose: 'proposed',
};

/** Which part of the record an approval fills in. */
export const APPROVAL_FIELD = {
  ENQUIRY: undefined,
  DESIGN: 'design',
  SOURCING: 'sourcing',
  MAKING: 'making',
  DELIVERY: 'delivery',
} as const satisfies Record<OpenStage, keyof Commission | undefined>;

export type ValidDecision = {
  stage: OpenStage;
  decision: DecisionKind;
  note?: string;
  /** Parsed approval details (approve only); a proposal's as sent (./proposals.ts checks them). */
  details?: Record<string, unknown>;
};

/**
 * Checks a decision's details against its stage and the commission's enquiry.
 * Details belong to approvals only; request-changes and cancel say why in `note`.
 */
export function validateDecision(request: DecisionRequest, commission: Pick<Commission, 'metal'>): ValidDecision {
  const { stage, decision, note } = request;
  // The design is the customer's to approve (or send back): the studio proposes it.
  if (stage === 'DESIGN' && (decision === 'approve' || decision === 'request-changes')) {
    throw validationFailed([{ path: 'decision', message: 'At DESIGN the studio proposes (or cancels); the customer approves or asks for changes' }]);
  }
  if (decision === 'propose' && stage !== 'DESIGN') {
    throw validationFailed([{ path: 'decision', message: 'Only a design is proposed (at DESIGN)' }]);
  }
  if (decision === 'propose') return { stage, decision, ...(note !== undefined && { note }), details: request.details ?? {} };
  if (decision !== 'approve') {
    if (request.details !== undefined && Object.keys(request.details).length > 0) {
      throw validationFailed([{ path: 'details', message: `Only an approval carries details; say why in "note"` }]);
    }
    return { stage, decision, ...(note !== undefined && { note }) };
  }
  const parsed = approvalDetailsByStage[stage].safeParse(request.details ?? {});
  if (!parsed.success) throw validationFailed(issuesToFields(parsed.error.issues, 'details'));
  const details = parsed.data as Record<string, unknown>;

  if (stage === 'SOURCING') {
    const mismatches: FieldError[] = [];
    if (details.scheme !== commission.metal.scheme) {
      mismatches.push({ path: 'details.scheme', message: `The enquiry asked for ${commission.metal.scheme}` });
    }
    if (details.metal !== commission.metal.metal) {
      mismatches.push({ path: 'details.metal', message: `The enquiry asked for ${commission.metal.metal}` });
    }
    if (commission.metal.fineness !== undefined && details.fineness !== commission.metal.fineness) {
      mismatches.push({ path: 'details.fineness', message: `The enquiry asked for ${commission.metal.fineness}` });
    }
    if (!FINENESS_BY_METAL[details.metal as Metal].includes(details.fineness as Fineness)) {
      mismatches.push({ path: 'details.fineness', message: `${String(details.fineness)} is not a fineness of ${String(details.metal)}` });
    }
    if (mismatches.length > 0) throw validationFailed(mismatches, 'The sourced metal does not match the enquiry');
  }
  return { stage, decision, ...(note !== undefined && { note }), details };
}
