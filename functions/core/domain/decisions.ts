/**
 * A designer's decision: validated against the stage, claimed with one conditional write
 * (reliability rule 2), then handed to the waiting workflow task. `now` is always passed in:
 * the domain never reads the wall clock.
 */
import { ApiError, conflict, notFound } from '#lib/errors';
import { dayOf } from './origins.ts';
import { assertPaymentsAllow } from './money.ts';
import type { DecisionStore, Designer, OriginLookup, ResumeWorkflow, SourcedWeightLedger, StudioLicenceLookup } from './ports.ts';
import { answerDesign, proposalFor, validateProposal } from './proposals.ts';
import { awaitedParty, type Commission, type CustomerDesignAnswer, type DecisionRequest, type HistoryEntry, type MakingApproval, type SourcingApproval } from './schemas.ts';
import { makingRecord, sourcingRecord } from './sourcing.ts';
import { APPROVAL_FIELD, DECISION_EVENT, nextStep, validateDecision } from './stages.ts';

export interface DecisionDeps {
  commissions: DecisionStore;
  resumeWorkflow: ResumeWorkflow;
  origins: OriginLookup;
  licences: StudioLicenceLookup;
  sourcedWeight: SourcedWeightLedger;
}

export async function decide(
  deps: DecisionDeps,
  commissionId: string,
  request: DecisionRequest,
  designer: Designer,
  now: Date,
): Promise<{ id: string; stage: string; decision: string; secondsInStage: number }> {
  const commission = await deps.commissions.get(commissionId);
  if (!commission) throw notFound();
  const awaiting = commission.awaiting;
  if (!awaiting || awaiting.stage !== request.stage || commission.stage !== request.stage) {
    throw conflict(
      'not_awaiting',
      awaiting
        ? `This commission awaits a decision on ${awaiting.stage}, not ${request.stage}`
        : `This commission is not awaiting a decision on ${request.stage} (it is at ${commission.stage})`,
    );
  }
  const decision = validateDecision(request, commission);
  // SOURCING waits for the deposit, DELIVERY for the balance (a payment bumps the version the claim checks).
  assertPaymentsAllow(commission, decision);
  const today = dayOf(now);
  if (decision.decision === 'approve' && decision.stage === 'SOURCING') {
    const details = decision.details as SourcingApproval;
    decision.details = await sourcingRecord(deps.origins, await deps.licences.get(), details, today);
    // Before the claim, so no crash between the two can lose a Fairtrade lot from the yearly
    // total; a note whose claim then loses counts nothing (the total reads the records).
    if (details.scheme === 'fairtrade') await deps.sourcedWeight.note(commission.id, now.getUTCFullYear());
  }
  if (decision.decision === 'approve' && decision.stage === 'MAKING') {
    decision.details = makingRecord(decision.details as MakingApproval, commission.sourcing, await deps.licences.get(), today);
  }
  const at = now.toISOString();
  const proposed =
    decision.decision === 'propose' ? proposalFor(commission, validateProposal(decision.details, commission), designer.name, at) : undefined;
  if (proposed) {
    const { summary, price, depositPercent, attachments } = proposed.proposal;
    decision.details = { summary, price, depositPercent, attachments, proposalRevision: proposed.revision, ...(proposed.supersedes !== undefined && { supersedes: proposed.supersedes }) };
  }
  const entry: HistoryEntry = {
    at,
    stage: decision.stage,
    event: DECISION_EVENT[decision.decision],
    actor: designer.name,
    ...(decision.note !== undefined && { note: decision.note }),
    ...(decision.details && Object.keys(decision.details).length > 0 && { details: decision.details }),
  };
  const approvalField = decision.decision === 'approve' ? APPROVAL_FIELD[decision.stage] : undefined;
  const claim = await deps.commissions.claimDecision({
    before: commission,
    next: proposed ? { stage: 'DESIGN', revision: proposed.revision } : nextStep(decision.stage, commission.revision, decision.decision),
    entry,
    ...(approvalField && decision.details && { approval: { field: approvalField, value: decision.details } }),
    ...(proposed && { fields: { proposal: proposed.proposal }, party: awaitedParty(awaiting) }),
    now: at,
  });
  if (!claim) throw conflict('already_decided', 'Someone else decided on this stage a moment ago; reload the commission');

  // A proposal does not go round EnterStage: the workflow waits again at once (for the customer,
  // at the proposal's revision), so `awaitAgain` and the revision to wait on.
  const output = proposed
    ? { decision: decision.decision, stage: decision.stage, revision: proposed.revision, awaitAgain: true }
    : { decision: decision.decision, stage: decision.stage };
  const failure = claim.taskToken ? await deps.resumeWorkflow(claim.taskToken, output) : 'task-gone';
  if (failure === 'task-gone') {
    // Nothing will act on the decision: take it back so the record does not claim a move
    // that never happens, and say so.
    await deps.commissions.revertClaim(
      claim,
      [...(approvalField ? [approvalField] : []), ...(proposed ? ['proposal'] : [])],
      {
        at,
        stage: decision.stage,
        event: 'decision-not-delivered',
        actor: 'system',
        note: 'The workflow was no longer waiting for this decision; it was not applied.',
      },
      at,
    );
    throw new ApiError(410, 'workflow_closed', "This commission's workflow is no longer waiting for a decision");
  }
  // 'task-timed-out': the decision is recorded; the workflow's timeout path re-enters the
  // record's stage (now the next one) and carries on from there.
  // How long the stage waited for this decision: a metric (time in stage), not part of the answer.
  const secondsInStage = Math.max(0, Math.round((now.getTime() - Date.parse(commission.stageEnteredAt)) / 1000));
  return { id: commission.id, stage: decision.stage, decision: decision.decision, secondsInStage };
}

/**
 * The customer's answer to a design proposal (their status page): the same claim as a designer's
 * decision — one conditional write on the version, the awaited party and revision — then the
 * waiting task is resumed. Of N concurrent answers exactly one wins; the others get 409.
 */
export async function answerProposal(
  deps: Pick<DecisionDeps, 'commissions' | 'resumeWorkflow'>,
  commission: Commission,
  answer: CustomerDesignAnswer,
  now: Date,
): Promise<{ id: string; decision: CustomerDesignAnswer['decision'] }> {
  const answered = answerDesign(commission, answer, now);
  const at = now.toISOString();
  const claim = await deps.commissions.claimDecision({
    before: commission,
    next: answered.next,
    entry: answered.entry,
    fields: { proposal: answered.proposal, ...(answered.design && { design: answered.design }) },
    party: 'customer',
    now: at,
  });
  if (!claim) throw conflict('not_awaiting_customer', 'This proposal has just been answered; reload the page to see where your commission is');
  const failure = claim.taskToken ? await deps.resumeWorkflow(claim.taskToken, { decision: answer.decision, stage: 'DESIGN' }) : 'task-gone';
  if (failure === 'task-gone') {
    await deps.commissions.revertClaim(claim, answered.design ? ['proposal', 'design'] : ['proposal'], {
      at,
      stage: 'DESIGN',
      event: 'decision-not-delivered',
      actor: 'system',
      note: 'The workflow was no longer waiting for this answer; it was not applied.',
    }, at);
    throw new ApiError(410, 'workflow_closed', 'This commission is no longer waiting for an answer');
  }
  return { id: commission.id, decision: answer.decision };
}
