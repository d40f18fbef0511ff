/**
 * The workflow definition CDK deploys, run by aws-local-stepfunctions with the real handlers:
 * the stories a customer and the studio live through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, designer } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

describe('a commission carried from enquiry to delivery', () => {
  it('reaches COMPLETED with one customer email per stage and every decision in the history', async () => {
    const email = uniqueEmail('ana');
    const submitted = await api.enquire(enquiry({ email }));
    expect(submitted.status).toBe(201);
    const { id } = submitted.body;

    await harness.approveThrough(id, designer('rosa@studio.test'));
    const execution = await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');

    const record = (await api.get(id)).body;
    expect(record.stage).toBe('COMPLETED');
    expect(record.awaiting).toBeNull();
    expect(record.sourcing.origin).toMatchObject({ name: 'SOTRAMI', country: 'Peru' });
    const decisions = record.history.filter((h: { event: string }) => h.event === 'approved');
    expect(decisions.map((h: { stage: string }) => h.stage)).toEqual(['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY']);
    // The designer's address for people, then the token's sub: the identity the record keeps; the design is the customer's to approve.
    for (const decision of decisions) {
      expect(decision.actor).toMatch(decision.stage === 'DESIGN' ? /^customer$/ : /^rosa@studio\.test \([0-9a-f-]{36}\)$/);
    }
    expect(record.design).toMatchObject({ ...approvals.DESIGN, revision: 1, attachments: [] });
    expect(record.proposal).toMatchObject({ status: 'approved', revision: 1 });

    const all = await harness.emailsTo(email);
    // A receipt for each payment the walk recorded (the balance; the deposit too when the design asked one).
    const receipts = all.filter((m) => m.subject.startsWith('Receipt for your'));
    expect(receipts.map((m) => m.subject.replace(/:.*/, ''))).toEqual(record.payments.map((p: { kind: string }) => `Receipt for your ${p.kind}`));
    expect(record.payments.at(-1)).toMatchObject({ kind: 'balance' });
    const mail = all.filter((m) => !receipts.includes(m));
    expect(mail.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Please confirm your enquiry/),
      expect.stringMatching(/^We have received your enquiry/),
      expect.stringMatching(/^Your commission is accepted/),
      expect.stringMatching(/^Your design is ready for you/),
      expect.stringMatching(/^Your design is approved/),
      // No licence recorded in this table: the general wording, no named mine (test/workflow/provenance.test.ts has the others).
      expect.stringMatching(/^Your metal is sourced: your piece is being made/),
      expect.stringMatching(/^Your piece is made and hallmarked/),
      expect.stringMatching(/^Your piece is on its way/),
    ]);
    expect(mail.at(-1)?.body.text).toContain('RM123456789GB');

    // Each stage is one turn of the loop: enter, wait, and the final enter; the proposal waits again without entering.
    expect(execution.invocationsByFunction).toMatchObject({ 'enter-stage': 6, 'await-decision': 6 });
    expect(execution.lambdaInvocations).toBeLessThanOrEqual(12);
    expect(execution.transitions).toBeLessThanOrEqual(30);
  });

  it('carries the design conversation: propose, the customer asks for changes, re-propose, the customer approves', async () => {
    const email = uniqueEmail('ben');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.approveThrough(id, designer(), 0, 1);
    await harness.awaitingDecision(id, 'DESIGN', 1);

    // The studio may not approve its own design.
    expect((await api.decide(id, { stage: 'DESIGN', decision: 'approve', details: approvals.DESIGN })).status).toBe(400);
    expect((await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: approvals.DESIGN })).status).toBe(202);
    await harness.awaitingCustomer(id, 1);
    const changes = await api.answerDesign(id, { decision: 'request-changes', message: 'A lower setting, please', revision: 1 });
    expect(changes.status, JSON.stringify(changes.body)).toBe(202);
    const revised = await harness.awaitingDecision(id, 'DESIGN', 2);
    expect(revised.awaiting.party).toBe('studio');
    expect(revised.proposal).toMatchObject({ revision: 1, status: 'changes-requested' });
    expect(revised.history.find((h: { event: string }) => h.event === 'changes-requested')).toMatchObject({
      stage: 'DESIGN',
      actor: 'customer',
      note: 'A lower setting, please',
    });

    const second = { ...approvals.DESIGN, summary: 'Solitaire in a lower six-claw setting' };
    expect((await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: second })).status).toBe(202);
    await harness.awaitingCustomer(id, 2);
    // The first proposal's form (an old email) is refused.
    expect((await api.answerDesign(id, { decision: 'approve', revision: 1 })).body.error.code).toBe('not_awaiting_customer');
    expect((await api.answerDesign(id, { decision: 'approve', revision: 2 })).status).toBe(202);
    const approved = await harness.awaitingDecision(id, 'SOURCING', 1);
    expect(approved.design).toMatchObject({ summary: second.summary, revision: 2, depositPercent: 50 });

    const mail = await harness.emailsTo(email);
    expect(mail.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Please confirm your enquiry/),
      expect.stringMatching(/^We have received your enquiry/),
      expect.stringMatching(/^Your commission is accepted/),
      expect.stringMatching(/^Your design is ready for you/),
      expect.stringMatching(/^We are revising your design/),
      expect.stringMatching(/^Your revised design is ready for you/),
      expect.stringMatching(/^Your design is approved/),
    ]);
    expect(mail[3]?.body.text).toContain('£1,200.00');
    expect(mail.map((m) => m.body.text).join('\n')).not.toContain('A lower setting, please');

    await harness.approveThrough(id, designer(), 2);
    await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');
    expect((await api.get(id)).body.stage).toBe('COMPLETED');
  });

  it('supersedes a proposal the customer is considering: one revision up, the old one answered 409', async () => {
    const { id } = (await api.enquire(enquiry())).body;
    await harness.approveThrough(id, designer(), 0, 1);
    await harness.awaitingDecision(id, 'DESIGN', 1);
    expect((await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: approvals.DESIGN })).status).toBe(202);
    await harness.awaitingCustomer(id, 1);
    const cheaper = { ...approvals.DESIGN, price: { amount: 2200, currency: 'GBP' } };
    expect((await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: cheaper })).status).toBe(202);
    const waiting = await harness.awaitingCustomer(id, 2);
    expect(waiting.proposal).toMatchObject({ revision: 2, status: 'awaiting-customer', price: cheaper.price });
    expect(waiting.history.filter((h: { event: string }) => h.event === 'proposed').at(-1).details).toMatchObject({ supersedes: 1, proposalRevision: 2 });
    const stale = await api.answerDesign(id, { decision: 'approve', revision: 1 });
    expect(stale.status).toBe(409);
    expect((await api.answerDesign(id, { decision: 'approve', revision: 2 })).status).toBe(202);
    expect((await harness.awaitingDecision(id, 'SOURCING')).design.price).toEqual(cheaper.price);
  });

  it('ends at CANCELLED and tells the customer when a designer cancels', async () => {
    const email = uniqueEmail('cy');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.approveThrough(id, designer(), 0, 2);
    await harness.awaitingDecision(id, 'SOURCING');

    expect((await api.decide(id, { stage: 'SOURCING', decision: 'cancel', note: 'Customer withdrew' })).status).toBe(202);
    await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');

    expect((await api.get(id)).body).toMatchObject({ stage: 'CANCELLED', awaiting: null });
    expect((await harness.emailsTo(email)).at(-1)?.subject).toMatch(/^Your commission has been cancelled/);
  });

  it('refuses a second identical decision with 409 and sends no second email', async () => {
    const email = uniqueEmail('di');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.awaitingDecision(id, 'ENQUIRY');
    const accept = { stage: 'ENQUIRY', decision: 'approve', details: approvals.ENQUIRY };
    expect((await api.decide(id, accept)).status).toBe(202);
    const again = await api.decide(id, accept);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toMatch(/not_awaiting|already_decided/);
    await harness.awaitingDecision(id, 'DESIGN');
    // The confirmation, the acknowledgement, and one email for DESIGN.
    expect((await harness.emailsTo(email)).length).toBe(3);
  });
});
