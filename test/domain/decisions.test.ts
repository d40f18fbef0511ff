/**
 * decide() with in-memory ports and its own clock: `now` dates everything it writes (the revert
 * path included), and a Fairtrade SOURCING approval is noted for the yearly total before its claim.
 */
import { describe, expect, it } from 'vitest';
import { decide, type DecisionDeps } from '#domain/decisions';
import type { Origin } from '#domain/origins';
import type { Claim, DecisionClaim } from '#domain/ports';
import type { Commission, HistoryEntry } from '#domain/schemas';
import { sampleCommission } from '../../infra/samples.ts';
import { approvals } from '../support/fixtures.ts';

const NOW = new Date('2024-03-15T10:00:00.000Z');
const designer = { name: 'rosa@studio.test', sub: 'sub-1' };

const sotrami: Origin = {
  id: 'sotrami-peru',
  name: 'SOTRAMI',
  country: 'Peru',
  source: 'test',
  certifications: [
    {
      scheme: 'fairtrade',
      metals: ['gold'],
      certifier: 'FLOCERT',
      source: 'test',
      verification: { certificateReference: 'FLO-1', checkedOn: '2024-01-10', checkedBy: 'ana@studio.test', validUntil: '2024-12-31' },
    },
  ],
  addedBy: 'seed',
  addedAt: '2024-01-01T00:00:00.000Z',
  version: 1,
};

function harness(options: { taskGone?: boolean } = {}) {
  const commission: Commission = {
    ...sampleCommission('SOURCING'),
    sourcing: undefined,
    making: undefined,
    delivery: undefined,
    awaiting: { stage: 'SOURCING', revision: 1, since: '2024-03-14T09:00:00.000Z' },
    stageEnteredAt: '2024-03-14T09:00:00.000Z',
    // The deposit of the accepted design (50 % of 2,400) is paid: SOURCING may be approved.
    payments: [
      {
        id: 'deposit-1',
        kind: 'deposit',
        amount: { amount: 1200, currency: 'GBP' },
        method: 'bank-transfer',
        reference: 'BACS 1',
        receivedOn: '2024-03-13',
        recordedAt: '2024-03-13T09:00:00.000Z',
        recordedBy: 'rosa@studio.test',
      },
    ],
  };
  const log: string[] = [];
  const claims: DecisionClaim[] = [];
  const reverts: { entry: HistoryEntry; now: string }[] = [];
  const deps: DecisionDeps = {
    commissions: {
      get: async () => commission,
      claimDecision: async (claim): Promise<Claim> => {
        log.push('claim');
        claims.push(claim);
        return { taskToken: options.taskGone ? undefined : 'token', before: commission };
      },
      revertClaim: async (_claim, _field, entry, now) => {
        reverts.push({ entry, now });
        return true;
      },
    },
    resumeWorkflow: async () => undefined,
    origins: { list: async () => [sotrami] },
    licences: { get: async () => ({ fairtrade: { kind: 'licensee', reference: 'FT-1', validUntil: '2024-12-31' } }) },
    sourcedWeight: {
      note: async (id, year) => {
        log.push(`note ${id} ${year}`);
      },
    },
  };
  return { deps, commission, log, claims, reverts };
}

describe('decide()', () => {
  it('dates the approval and the sourcing by the now it is given, and notes a Fairtrade lot before claiming it', async () => {
    const h = harness();
    const answer = await decide(h.deps, h.commission.id, { stage: 'SOURCING', decision: 'approve', details: { ...approvals.SOURCING } }, designer, NOW);
    expect(answer).toMatchObject({ stage: 'SOURCING', decision: 'approve', secondsInStage: 25 * 3600 });
    expect(h.log).toEqual([`note ${h.commission.id} 2024`, 'claim']);
    const claim = h.claims[0]!;
    expect(claim.now).toBe(NOW.toISOString());
    expect(claim.entry.at).toBe(NOW.toISOString());
    expect(claim.approval?.value).toMatchObject({ sourcedOn: '2024-03-15', standing: { kind: 'licensee', reference: 'FT-1' }, origin: { id: 'sotrami-peru' } });
  });

  it('takes a decision back with the same now when the workflow is gone', async () => {
    const h = harness({ taskGone: true });
    await expect(
      decide(h.deps, h.commission.id, { stage: 'SOURCING', decision: 'approve', details: { ...approvals.SOURCING } }, designer, NOW),
    ).rejects.toMatchObject({ statusCode: 410, code: 'workflow_closed' });
    expect(h.reverts).toEqual([{ entry: expect.objectContaining({ at: NOW.toISOString(), event: 'decision-not-delivered' }), now: NOW.toISOString() }]);
  });

  it('refuses SOURCING on a day the verification does not cover, before any note or claim', async () => {
    const h = harness();
    const later = new Date('2025-01-02T00:00:00.000Z');
    await expect(
      decide(h.deps, h.commission.id, { stage: 'SOURCING', decision: 'approve', details: { ...approvals.SOURCING } }, designer, later),
    ).rejects.toMatchObject({ statusCode: 400, code: 'origin_not_verified' });
    expect(h.log).toEqual([]);
  });
});
