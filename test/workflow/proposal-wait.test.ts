/**
 * A design proposal the customer never answers: the wait times out (shortened here from 3 days
 * to a fraction of a second, and the proposal's days to about a second each); the customer is
 * reminded twice, the studio told, and the proposal lapses — the commission back with the studio
 * one revision up, the customer told. Same definition, same handlers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, designer } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

const SECOND = 1 / 86_400;
let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness({
    taskTimeoutSecondsOverride: 0.3,
    env: {
      PROPOSAL_WAIT_DAYS: JSON.stringify({ remindDays: [0, 1.2 * SECOND], studioDays: 2.4 * SECOND, lapseDays: 3.6 * SECOND }),
      STUDIO_EMAIL: uniqueEmail('studio'),
    },
  });
});
afterAll(() => harness?.close());

it('reminds the customer twice, tells the studio, then lets the proposal lapse back to the studio', { timeout: 30_000 }, async () => {
  const studio = process.env.STUDIO_EMAIL!;
  const customer = uniqueEmail('quiet');
  const { id } = (await api.enquire(enquiry({ email: customer }))).body;
  await harness.approveThrough(id, designer(), 0, 1);
  await harness.awaitingDecision(id, 'DESIGN', 1);
  expect((await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: approvals.DESIGN })).status).toBe(202);

  const lapsed = await harness.awaitingDecision(id, 'DESIGN', 2);
  expect(lapsed.awaiting.party).toBe('studio');
  expect(lapsed.proposal).toMatchObject({ revision: 1, status: 'lapsed' });
  const events = lapsed.history.map((h: { event: string }) => h.event);
  expect(events.filter((e: string) => /customer-reminded|customer-not-answering|proposal-lapsed/.test(e))).toEqual([
    'customer-reminded',
    'customer-reminded',
    'customer-not-answering',
    'proposal-lapsed',
  ]);

  const subjects = (await harness.emailsTo(customer)).map((m) => m.subject);
  expect(subjects.slice(3)).toEqual([
    expect.stringMatching(/^Your design is ready for you/),
    expect.stringMatching(/^A reminder: your design awaits your answer/),
    expect.stringMatching(/^A reminder: your design awaits your answer/),
    expect.stringMatching(/^Your design proposal has lapsed/),
  ]);
  expect((await harness.emailsTo(studio)).filter((m) => /has not answered a design proposal/.test(m.subject))).toHaveLength(1);

  // The lapsed proposal's form (the old email) is refused; the page says it lapsed.
  expect((await api.answerDesign(id, { decision: 'approve', revision: 1 })).status).toBe(409);
  expect((await api.statusPage(id)).body).toContain('lapsed unanswered');
  // The studio proposes again: the customer is asked afresh.
  expect((await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: approvals.DESIGN })).status).toBe(202);
  await harness.awaitingCustomer(id, 2);
});
