/** The design conversation's rules (core/domain/proposals.ts), with fixed dates. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '#lib/errors';
import { answerDesign, depositAmount, lapsedProposal, partyToAwait, proposalFor, validateProposal } from '#domain/proposals';
import type { Attachment, Commission, Proposal } from '#domain/schemas';
import { sampleCommission } from '../../infra/samples.ts';
import { approvals } from '../support/fixtures.ts';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const FILE = '3f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11';

function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    revision: 1,
    summary: 'Solitaire',
    price: { amount: 2400, currency: 'GBP' },
    depositPercent: 50,
    attachments: [],
    proposedAt: '2026-03-01T10:00:00.000Z',
    proposedBy: 'rosa',
    status: 'awaiting-customer',
    ...overrides,
  };
}

/** A commission at DESIGN (no design yet), awaiting `party`, with the given proposal. */
function atDesign(party: 'studio' | 'customer', p?: Proposal, revision = 1): Commission {
  const c: Commission = { ...sampleCommission('DESIGN', { revision }) };
  delete c.design;
  return { ...c, awaiting: { stage: 'DESIGN', revision, since: '2026-03-01T10:00:00.000Z', party }, ...(p && { proposal: p }) };
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('not refused');
};

describe('who a commission awaits', () => {
  it('is the customer only while a proposal of the current revision awaits them at DESIGN', () => {
    expect(partyToAwait(atDesign('studio'))).toBe('studio');
    expect(partyToAwait(atDesign('customer', proposal()))).toBe('customer');
    expect(partyToAwait(atDesign('studio', proposal({ status: 'changes-requested' })))).toBe('studio');
    // The proposal of the revision before (the customer asked for changes, or it lapsed): the studio's turn.
    expect(partyToAwait(atDesign('studio', proposal(), 2))).toBe('studio');
    expect(partyToAwait({ ...atDesign('customer', proposal()), stage: 'SOURCING' })).toBe('studio');
  });
});

describe('a proposal', () => {
  it('is made at the current revision while the studio is awaited, and supersedes one revision up while the customer is', () => {
    const details = validateProposal(approvals.DESIGN, {});
    const first = proposalFor(atDesign('studio'), details, 'rosa', NOW.toISOString());
    expect(first).toEqual({ revision: 1, proposal: expect.objectContaining({ revision: 1, status: 'awaiting-customer', depositPercent: 50, attachments: [] }) });
    const again = proposalFor(atDesign('customer', proposal()), details, 'rosa', NOW.toISOString());
    expect(again).toMatchObject({ revision: 2, supersedes: 1, proposal: { revision: 2 } });
  });

  it('defaults the deposit to 50% and works out the deposit due to the penny', () => {
    expect(validateProposal({ summary: 'x', price: { amount: 10, currency: 'EUR' } }, {}).depositPercent).toBe(50);
    expect(depositAmount({ price: { amount: 2399.99, currency: 'GBP' }, depositPercent: 33 })).toEqual({ amount: 792, currency: 'GBP' });
    expect(depositAmount({ price: { amount: 2400, currency: 'GBP' }, depositPercent: 0 })).toEqual({ amount: 0, currency: 'GBP' });
  });

  it('names only files that are this commission’s, ready and visible to the customer', () => {
    const file = (over: Partial<Attachment>): Attachment => ({
      id: FILE, stage: 'DESIGN', kind: 'render', fileName: 'r.png', contentType: 'image/png', bytes: 10, status: 'ready',
      visibleToCustomer: true, addedBy: 'studio', objectKey: 'k', createdAt: NOW.toISOString(), ...over,
    });
    const details = { ...approvals.DESIGN, attachments: [FILE] };
    expect(validateProposal(details, { attachments: { [FILE]: file({}) } }).attachments).toEqual([FILE]);
    for (const attachments of [{}, { [FILE]: file({ status: 'pending' }) }, { [FILE]: file({ visibleToCustomer: false }) }] as Record<string, Attachment>[]) {
      const error = refusal(() => validateProposal(details, { attachments }));
      expect(error.statusCode).toBe(400);
      expect(error.fields).toEqual([{ path: 'details.attachments.0', message: expect.any(String) }]);
    }
    expect(refusal(() => validateProposal({ summary: '', price: { amount: 1, currency: 'GBP' }, depositPercent: 101 }, {})).fields?.map((f) => f.path)).toEqual([
      'details.summary',
      'details.depositPercent',
    ]);
  });
});

describe("the customer's answer", () => {
  it('approving moves to SOURCING and fixes the design from the proposal', () => {
    const answered = answerDesign(atDesign('customer', proposal()), { decision: 'approve', revision: 1 }, NOW);
    expect(answered.next).toEqual({ stage: 'SOURCING', revision: 1 });
    expect(answered.design).toEqual({ summary: 'Solitaire', price: { amount: 2400, currency: 'GBP' }, depositPercent: 50, attachments: [], revision: 1, approvedAt: NOW.toISOString() });
    expect(answered.proposal).toMatchObject({ status: 'approved', answeredAt: NOW.toISOString() });
    expect(answered.entry).toMatchObject({ event: 'approved', actor: 'customer', stage: 'DESIGN' });
  });

  it('asking for changes returns it to the studio one revision up, the message in the history note', () => {
    const answered = answerDesign(atDesign('customer', proposal()), { decision: 'request-changes', message: 'Lower, please', revision: 1 }, NOW);
    expect(answered.next).toEqual({ stage: 'DESIGN', revision: 2 });
    expect(answered.design).toBeUndefined();
    expect(answered.proposal.status).toBe('changes-requested');
    expect(answered.entry).toMatchObject({ event: 'changes-requested', actor: 'customer', note: 'Lower, please' });
  });

  it('is refused (409) for another revision, before any proposal, and once answered or lapsed', () => {
    for (const [c, revision] of [
      [atDesign('customer', proposal()), 2],
      [atDesign('studio'), 1],
      [atDesign('studio', proposal({ status: 'changes-requested' })), 1],
      [atDesign('studio', proposal({ status: 'lapsed' }), 2), 1],
    ] as const) {
      const error = refusal(() => answerDesign(c, { decision: 'approve', revision }, NOW));
      expect(error).toMatchObject({ statusCode: 409, code: 'not_awaiting_customer' });
    }
  });

  it('lapses: the proposal marked lapsed, the commission one revision up', () => {
    const lapsed = lapsedProposal(atDesign('customer', proposal()), NOW);
    expect(lapsed).toMatchObject({ revision: 2, proposal: { status: 'lapsed' }, entry: { event: 'proposal-lapsed', actor: 'system' } });
  });
});
