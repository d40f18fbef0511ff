/**
 * The design conversation at DESIGN: the studio proposes (summary, price, deposit, images), the
 * customer approves or asks for changes on their status page. Pure: the stores apply the result
 * in one conditional write; `now` is always passed in.
 */
import { conflict, validationFailed, type FieldError } from '#lib/errors';
import {
  issuesToFields,
  ProposalDetails,
  type Commission,
  type CustomerDesignAnswer,
  type DesignApproval,
  type HistoryEntry,
  type Party,
  type Proposal,
} from './schemas.ts';

/** Whom the record's current stage awaits: the customer while a proposal of this revision awaits their answer. */
export function partyToAwait(c: Pick<Commission, 'stage' | 'revision' | 'proposal'>): Party {
  const p = c.proposal;
  return c.stage === 'DESIGN' && p?.status === 'awaiting-customer' && p.revision === c.revision ? 'customer' : 'studio';
}

/** The deposit due on accepting a proposal, in the price's currency (rounded to the penny). */
export const depositAmount = (p: Pick<Proposal, 'price' | 'depositPercent'>) => ({
  amount: Math.round(p.price.amount * p.depositPercent) / 100,
  currency: p.price.currency,
});

/**
 * Checks a `propose`'s details: the schema, then every attachment named must be this
 * commission's, checked (`ready`) and meant for the customer's eyes.
 */
export function validateProposal(details: unknown, c: Pick<Commission, 'attachments'>): ProposalDetails {
  const parsed = ProposalDetails.safeParse(details ?? {});
  if (!parsed.success) throw validationFailed(issuesToFields(parsed.error.issues, 'details'));
  const problems: FieldError[] = [];
  const ids = parsed.data.attachments ?? [];
  ids.forEach((id, i) => {
    const a = c.attachments?.[id];
    if (!a) problems.push({ path: `details.attachments.${i}`, message: 'Not an attachment of this commission' });
    else if (a.status !== 'ready') problems.push({ path: `details.attachments.${i}`, message: 'This file has not been checked yet, or was rejected' });
    else if (!a.visibleToCustomer) problems.push({ path: `details.attachments.${i}`, message: 'This file is not visible to the customer' });
  });
  if (new Set(ids).size !== ids.length) problems.push({ path: 'details.attachments', message: 'Each file once' });
  if (problems.length > 0) throw validationFailed(problems, 'The proposal names files the customer cannot see');
  return parsed.data;
}

/**
 * A proposal made now: at the current revision while the studio is awaited; while the customer
 * considers an earlier one, it supersedes it one revision up (their answer to the old one → 409).
 */
export function proposalFor(
  c: Pick<Commission, 'revision' | 'awaiting' | 'proposal'>,
  details: ProposalDetails,
  by: string,
  at: string,
): { proposal: Proposal; revision: number; supersedes?: number } {
  const supersedes = c.awaiting?.party === 'customer' && c.proposal?.status === 'awaiting-customer' ? c.proposal.revision : undefined;
  const revision = supersedes !== undefined ? c.revision + 1 : c.revision;
  return {
    proposal: {
      revision,
      summary: details.summary,
      price: details.price,
      depositPercent: details.depositPercent,
      attachments: details.attachments ?? [],
      proposedAt: at,
      proposedBy: by,
      status: 'awaiting-customer',
    },
    revision,
    ...(supersedes !== undefined && { supersedes }),
  };
}

/** What a customer's answer writes: where the commission goes, the history entry, the record's new fields. */
export interface AnsweredDesign {
  next: { stage: 'SOURCING' | 'DESIGN'; revision: number };
  entry: HistoryEntry;
  proposal: Proposal;
  design?: DesignApproval;
}

/**
 * The customer's answer to the proposal of `answer.revision`. 409 `not_awaiting_customer` unless
 * exactly that proposal awaits them now (an old email's form, a lapsed or superseded proposal).
 */
export function answerDesign(c: Commission, answer: CustomerDesignAnswer, now: Date): AnsweredDesign {
  const p = c.proposal;
  if (c.awaiting?.party !== 'customer' || partyToAwait(c) !== 'customer' || !p) {
    throw conflict('not_awaiting_customer', 'No design proposal is awaiting your answer');
  }
  if (answer.revision !== p.revision) {
    throw conflict('not_awaiting_customer', `This answer is to proposal ${answer.revision}; the current proposal is ${p.revision}`);
  }
  const at = now.toISOString();
  const approve = answer.decision === 'approve';
  const entry: HistoryEntry = {
    at,
    stage: 'DESIGN',
    event: approve ? 'approved' : 'changes-requested',
    actor: 'customer',
    ...(answer.message !== undefined && { note: answer.message }),
    details: { proposalRevision: p.revision },
  };
  const proposal: Proposal = { ...p, status: approve ? 'approved' : 'changes-requested', answeredAt: at };
  if (!approve) return { next: { stage: 'DESIGN', revision: c.revision + 1 }, entry, proposal };
  const design: DesignApproval = {
    summary: p.summary,
    price: p.price,
    depositPercent: p.depositPercent,
    attachments: p.attachments,
    revision: p.revision,
    approvedAt: at,
  };
  return { next: { stage: 'SOURCING', revision: 1 }, entry, proposal, design };
}

/** The proposal as the customer's wait left it: lapsed, the commission back with the studio one revision up. */
export function lapsedProposal(c: Pick<Commission, 'proposal' | 'revision'>, now: Date): { proposal: Proposal; revision: number; entry: HistoryEntry } {
  const at = now.toISOString();
  const p = c.proposal!;
  return {
    proposal: { ...p, status: 'lapsed', answeredAt: at },
    revision: c.revision + 1,
    entry: { at, stage: 'DESIGN', event: 'proposal-lapsed', actor: 'system', details: { proposalRevision: p.revision } },
  };
}
